#!/usr/bin/env python3
"""Runs the Customer 360 lakehouse pipeline (bronze, then silver, then gold), or one SQL query.

Local target: each stage's job jar runs in one JVM through Spark's SparkSubmit class, on the
Spark runtime classpath that the Maven build resolves (no Spark installation needed). The
script builds what is missing or stale, streams the job's output (Spark's progress bar
included), stops at the first failing stage with that job's exit code, and ends with a
summary of what each stage did.

Stack target (``--target stack``): the servers of ``scripts/local-stack.sh up`` (S3, the Hive
Metastore on PostgreSQL, a Spark standalone master with two workers, Trino). Each job is
spark-submitted in client mode to the standalone master (the real ``$SPARK_HOME/bin/spark-submit``
when SPARK_HOME names a Spark distribution, else SparkSubmit on the Maven-resolved runtime, as
locally) with the stack's S3 settings as a properties file; bronze goes to ``s3a://``, silver and
gold to the Iceberg ``hive`` catalog on the metastore. The servers are checked before anything runs.

``run_pipeline.py query "SELECT ..."`` runs one read-only statement and prints the rows: Spark SQL
on the local lakehouse (the query class of the common module, shaded into every job jar), or
Trino SQL through Trino on the stack (``--target stack``).

Kubernetes target (``--target k8s``): each stage runs as a Stackable SparkApplication through
k8s_runner.py, in the namespace deploy.sh deployed to: applied under a unique name, its driver
log followed, ``status.phase`` waited on with a timeout and optional retries, and a summary table
printed; the first stage that does not succeed stops the run with a non-zero exit code.

Stages: bronze, silver, gold (``full`` runs the three in order) and maintenance (compaction,
manifest rewrite, snapshot expiry and orphan removal of every table). A local gold run also writes
a self-contained HTML report of the gold tables and prints its path (the stack target too: its
driver runs here).

Standard library only (Python 3.11).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import math
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

import k8s_runner  # the k8s target: scripts/k8s_runner.py, beside this script
import stack_target  # the stack target: scripts/stack_target.py, beside this script

REPO_ROOT = Path(__file__).resolve().parent.parent

# The pipeline, in order (--stage full); maintenance is its own, explicit stage.
STAGES = ("bronze", "silver", "gold")
IMPLEMENTED_STAGES = ("bronze", "silver", "gold", "maintenance")
TARGETS = ("local", "stack", "k8s")
IMPLEMENTED_TARGETS = ("local", "stack", "k8s")
# Where `query` runs: Spark SQL locally, Trino on the stack (k8s: the trino CLI, DEPLOYMENT.md).
QUERY_TARGETS = ("local", "stack")
DEFAULT_LOCAL_MASTER = "local[*]"

VERSION = "0.1.0-SNAPSHOT"


@dataclasses.dataclass(frozen=True)
class JobModule:
    """A Maven module that builds one shaded job jar, and the main class the pipeline runs in it."""

    name: str
    main_class: str
    # A change under any of these (relative to the repository root) makes the jar stale.
    build_inputs: tuple[str, ...]

    @property
    def jar(self) -> str:
        return f"{self.name}/target/{self.name}-{VERSION}.jar"

    @property
    def runtime_classpath(self) -> str:
        """Written by the Maven build: one line, the `provided` jars (Spark, Hadoop, AWS SDK)."""
        return f"{self.name}/target/spark-runtime.classpath"


def module_build_inputs(module: str) -> tuple[str, ...]:
    """What a job jar is built from: the parent POM, common (shaded into it) and the module."""
    return (
        "pom.xml", "common/pom.xml", "common/src/main", f"{module}/pom.xml", f"{module}/src/main"
    )


BRONZE_MODULE = "bronze-ingest"
SILVER_MODULE = "silver-build"
GOLD_MODULE = "gold-finalize"
BUILD_INPUTS = {
    name: module_build_inputs(name) for name in (BRONZE_MODULE, SILVER_MODULE, GOLD_MODULE)
}
BRONZE = JobModule(BRONZE_MODULE, "io.c360.bronze.BronzeIngestMain", BUILD_INPUTS[BRONZE_MODULE])
SILVER = JobModule(SILVER_MODULE, "io.c360.silver.SilverBuildMain", BUILD_INPUTS[SILVER_MODULE])
GOLD = JobModule(GOLD_MODULE, "io.c360.gold.GoldFinalizeMain", BUILD_INPUTS[GOLD_MODULE])
# The maintenance job ships in the gold jar: it maintains every silver, gold and audit table.
MAINTENANCE_MAIN_CLASS = "io.c360.gold.maintenance.TableMaintenanceMain"
# In reactor order: the order of -pl on the Maven command line.
STAGE_MODULES = {"bronze": BRONZE, "silver": SILVER, "gold": GOLD, "maintenance": GOLD}
# Where a local gold run writes its HTML report, under --data-dir (unless --report says).
DEFAULT_REPORT = "reports/gold-report.html"

QUERY_COMMAND = "query"
# The query class lives in common, which every job jar shades; the silver jar carries Iceberg.
QUERY_MODULE = SILVER
QUERY_MAIN_CLASS = "io.c360.common.query.QueryMain"
QUERY_FORMATS = ("table", "csv")
QUERY_MAX_LIMIT = 1_000_000
# First keywords of the statements `query` runs: it is for looking, not for changing tables.
READ_ONLY_KEYWORDS = (
    "SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "VALUES", "TABLE", "FROM"
)
CATALOG = "lakehouse"

LOG4J_CONFIG = "scripts/log4j2-local.properties"
SPARK_SUBMIT_CLASS = "org.apache.spark.deploy.SparkSubmit"

# The flags Spark 3.5 needs on Java 17 (the list Spark's own launcher adds).
JAVA17_FLAGS = (
    "-XX:+IgnoreUnrecognizedVMOptions",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.net=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
    "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
    "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
    "-Djdk.reflect.useDirectMethodHandle=false",
)

# Exit codes of every job (io.c360.common.cli.ExitCode); this script exits with the same codes.
EXIT_SUCCESS = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_UNAVAILABLE = 3
EXIT_DATA_QUALITY = 4
EXIT_CODE_MEANINGS = {
    EXIT_SUCCESS: "success",
    EXIT_INTERNAL: "internal error (a bug or an unexpected failure; see the stack trace above)",
    EXIT_USAGE: "bad usage or configuration (nothing was read or written)",
    EXIT_UNAVAILABLE: "an external system (S3, the metastore, a file system) could not be reached",
    EXIT_DATA_QUALITY: "a data-quality gate failed (nothing was committed)",
}

REPORT_EVENT = "c360.job_run"
TOP_DEFECT_KINDS = 3

DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MEMORY_PATTERN = re.compile(r"^[1-9][0-9]*[mMgG]$")
SPARK_CONF_KEY_PATTERN = re.compile(r"^[A-Za-z0-9_.\-]+$")
LOCAL_MASTER_PATTERN = re.compile(r"^local(\[(\*|[1-9][0-9]*)(,[1-9][0-9]*)?\])?$")
STANDALONE_MASTER_PATTERN = re.compile(r"^spark://[^/:\s]+:[0-9]+$")
# Options of the silver stage only.
SILVER_OPTIONS = ("--dates", "--max-reject-rate", "--as-of")
# Spark settings that this script sets from its own options; --spark-conf must not fight them.
RESERVED_SPARK_CONF = {
    "spark.master": "--master",
    "spark.driver.memory": "--driver-memory",
}


# ---------------------------------------------------------------------------------------------
# Arguments


def whole_number(minimum: int | None, maximum: int | None = None) -> Callable[[str], int]:
    """An argparse type: an integer, at least ``minimum`` and at most ``maximum`` when given."""

    def convert(text: str) -> int:
        accepted = "a whole number"
        if minimum is not None and maximum is not None:
            accepted = f"a whole number from {minimum} to {maximum:,}"
        elif minimum is not None:
            accepted = f"a whole number >= {minimum}"
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"'{text}' is not accepted; expected {accepted}"
            ) from None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            raise argparse.ArgumentTypeError(f"'{text}' is not accepted; expected {accepted}")
        return value

    return convert


def fraction(text: str) -> float:
    """An argparse type: a number from 0 to 1 inclusive."""
    accepted = "a number from 0 to 1, e.g. 0.02"
    try:
        value = float(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not accepted; expected {accepted}") from None
    if math.isnan(value) or value < 0.0 or value > 1.0:
        raise argparse.ArgumentTypeError(f"'{text}' is not accepted; expected {accepted}")
    return value


def iso_date(text: str) -> datetime.date:
    """An argparse type: a calendar date written YYYY-MM-DD."""
    accepted = "a date written YYYY-MM-DD, e.g. 2026-01-01"
    if not DATE_PATTERN.match(text.strip()):
        raise argparse.ArgumentTypeError(f"'{text}' is not accepted; expected {accepted}")
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not accepted; it is not a calendar date (expected {accepted})"
        ) from None


def date_range(text: str) -> tuple[datetime.date, datetime.date]:
    """An argparse type: FIRST or FIRST..LAST, dates written YYYY-MM-DD, LAST not before FIRST."""
    accepted = "FIRST or FIRST..LAST, e.g. 2026-01-01..2026-01-07"
    parts = text.strip().split("..")
    if len(parts) > 2 or not all(DATE_PATTERN.match(part.strip()) for part in parts):
        raise argparse.ArgumentTypeError(f"'{text}' is not accepted; expected {accepted}")
    try:
        dates = [datetime.date.fromisoformat(part.strip()) for part in parts]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not accepted; it names a day that is not a calendar date"
        ) from None
    first, last = dates[0], dates[-1]
    if last < first:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not accepted; its last date is before its first"
        )
    return first, last


def format_date_range(dates: tuple[datetime.date, datetime.date]) -> str:
    first, last = dates
    return first.isoformat() if first == last else f"{first.isoformat()}..{last.isoformat()}"


def memory_size(text: str) -> str:
    """An argparse type: a JVM heap size with an m or g suffix."""
    if not MEMORY_PATTERN.match(text.strip()):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not accepted; expected a size with a unit, e.g. 512m or 4g"
        )
    return text.strip()


def spark_conf(text: str) -> tuple[str, str]:
    """An argparse type: one Spark setting written KEY=VALUE."""
    key, separator, value = text.partition("=")
    key = key.strip()
    if not separator or not key or not SPARK_CONF_KEY_PATTERN.match(key):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not accepted; expected KEY=VALUE, e.g. spark.sql.shuffle.partitions=8"
        )
    if key in RESERVED_SPARK_CONF:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not accepted; set {key} with {RESERVED_SPARK_CONF[key]} instead"
        )
    return key, value


USAGE = (
    "%(prog)s [--stage STAGE] [options]    run the pipeline (see below)\n"
    "       %(prog)s query SQL [options]         query the lakehouse (query --help)"
)
EXIT_CODES_EPILOG = (
    "Exit codes: 0 success, 1 internal error, 2 bad usage or configuration, "
    "3 an external system unreachable, 4 a data-quality gate failed."
)


def add_data_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        default="./lakehouse-data",
        help=(
            "Folder of the lakehouse: bronze goes to DATA_DIR/bronze, the Iceberg warehouse "
            "is DATA_DIR/warehouse. On --target stack the data is in the stack's buckets and "
            "this folder only holds the gold report and the jobs' working files. Relative to "
            "the current directory (default: %(default)s)."
        ),
    )


def add_spark_and_build_options(parser: argparse.ArgumentParser) -> None:
    """Options every JVM this script starts shares: Spark settings, build and dry run."""
    parser.add_argument(
        "--master",
        default=None,
        help=(
            "Spark master. --target local: local, local[N] or local[*] (default: local[*]); "
            "--target stack: the stack's standalone master (default), spark://HOST:PORT, or "
            "local[...] to run the jobs in one JVM against the stack's servers."
        ),
    )
    parser.add_argument(
        "--driver-memory",
        type=memory_size,
        default="2g",
        help="Heap of the driver JVM, which runs everything in local mode (default: %(default)s).",
    )
    parser.add_argument(
        "--spark-conf",
        type=spark_conf,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="A Spark setting passed to every job as --conf KEY=VALUE; repeatable.",
    )
    parser.add_argument(
        "--skip-build",
        action="store_true",
        help="Do not run Maven; use the jars already in */target (fails if they are missing).",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="Print the build and job commands that would run, and exit without running them.",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="run_pipeline.py",
        usage=USAGE,
        allow_abbrev=False,
        description=(
            "Run the Customer 360 lakehouse pipeline (bronze -> silver -> gold). "
            "Builds the job jars when needed, runs each stage, stops at the first failure "
            "with the job's exit code, and prints a summary. "
            "Targets: local (default), stack (scripts/local-stack.sh up first) and k8s. "
            "To look at the tables: run_pipeline.py query --help."
        ),
        epilog=EXIT_CODES_EPILOG,
    )
    parser.add_argument(
        "--stage",
        choices=("bronze", "silver", "gold", "maintenance", "full"),
        default="full",
        help=(
            "Stage to run; 'full' runs bronze, silver and gold in order; 'maintenance' compacts "
            "and cleans every table (default: %(default)s)."
        ),
    )
    parser.add_argument(
        "--target",
        choices=TARGETS,
        default="local",
        help=(
            "Where the jobs run: local (one JVM, local files), stack (spark-submit to the "
            "servers of scripts/local-stack.sh: S3, Hive Metastore, Spark standalone; "
            "docs/STACK.md), k8s (Stackable SparkApplications, see the k8s options below) "
            "(default: %(default)s)."
        ),
    )
    add_data_dir_option(parser)
    bronze = parser.add_argument_group("bronze stage (synthetic data)")
    bronze.add_argument(
        "--seed",
        type=whole_number(None),
        default=42,
        help="Seed of the synthetic data: same seed and options, same data (default: %(default)s).",
    )
    bronze.add_argument(
        "--customers",
        type=whole_number(1),
        default=None,
        help="Number of customers (default: chosen by the bronze job from --interactions).",
    )
    bronze.add_argument(
        "--interactions",
        type=whole_number(0),
        default=100_000,
        help="Number of interaction events to generate (default: %(default)s).",
    )
    bronze.add_argument(
        "--start-date",
        type=iso_date,
        default=datetime.date(2026, 1, 1),
        help="First day of generated events, YYYY-MM-DD (default: %(default)s).",
    )
    bronze.add_argument(
        "--days",
        type=whole_number(1),
        default=30,
        help="Number of days of events, starting at --start-date (default: %(default)s).",
    )
    bronze.add_argument(
        "--defect-rate",
        type=fraction,
        default=0.02,
        help="Share of rows made dirty on purpose, from 0 to 1 (default: %(default)s).",
    )
    silver = parser.add_argument_group(
        "silver and gold stages (passed to the jobs only when given)"
    )
    silver.add_argument(
        "--dates",
        type=date_range,
        default=None,
        metavar="FIRST[..LAST]",
        help=(
            "Reprocess these dates, e.g. 2026-01-01..2026-01-07, whether processed or not: the "
            "bronze dates in silver, the daily tables in gold (default: what changed since the "
            "last run)."
        ),
    )
    silver.add_argument(
        "--max-reject-rate",
        type=fraction,
        default=None,
        metavar="RATE",
        help=(
            "Data-quality gate: the largest share of a bronze table's rows that may be "
            "quarantined; above it nothing is committed and the run exits 4 "
            "(default: the job's, 0.05)."
        ),
    )
    silver.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="DATE",
        help=(
            "Date the customer features (silver) and engagement and churn risk (gold) are "
            "computed for, YYYY-MM-DD (default: the latest event date in silver.interactions)."
        ),
    )
    gold = parser.add_argument_group("gold stage")
    gold.add_argument(
        "--full-rebuild",
        action="store_true",
        help="Recompute every gold date, not only those silver changed.",
    )
    gold.add_argument(
        "--report",
        default=None,
        metavar="FILE",
        help=(
            "Where the local gold run writes its self-contained HTML report "
            f"(default: <data-dir>/{DEFAULT_REPORT})."
        ),
    )
    maintenance = parser.add_argument_group(
        "maintenance stage (passed to the job only when given; its defaults are safe)"
    )
    maintenance.add_argument(
        "--snapshot-retention-hours", type=whole_number(0), default=None, metavar="HOURS",
        help="Keep snapshots younger than this (default: the job's, 168).")
    maintenance.add_argument(
        "--retain-last", type=whole_number(1), default=None, metavar="N",
        help="Keep at least this many snapshots per table (default: the job's, 5).")
    maintenance.add_argument(
        "--orphan-retention-hours", type=whole_number(24), default=None, metavar="HOURS",
        help="Delete unreferenced files only when older than this, at least 24 "
        "(default: the job's, 72).")
    maintenance.add_argument(
        "--target-file-size-mb", type=whole_number(1), default=None, metavar="MB",
        help="Compaction's target file size (default: the job's, 512).")
    k8s_runner.add_run_options(
        parser.add_argument_group(
            "k8s target (each stage a SparkApplication; deploy.sh first, docs/DEPLOYMENT.md)"
        )
    )
    spark = parser.add_argument_group("Spark and build")
    add_spark_and_build_options(spark)
    return parser


def build_query_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"run_pipeline.py {QUERY_COMMAND}",
        allow_abbrev=False,
        description=(
            "Run one read-only statement on the lakehouse and print the rows: Spark SQL on the "
            "local target, Trino SQL on the stack target. "
            f"Tables are in the Iceberg catalog '{CATALOG}', e.g. {CATALOG}.silver.customers, "
            f"{CATALOG}.silver.interactions, {CATALOG}.silver.quarantine, "
            f"{CATALOG}.audit.job_runs; SHOW TABLES IN {CATALOG}.silver lists them."
        ),
        epilog=EXIT_CODES_EPILOG + " A statement Spark rejects exits 2.",
    )
    parser.add_argument(
        "sql",
        metavar="SQL",
        help=(
            "The statement, quoted as one argument, e.g. "
            f"\"SELECT * FROM {CATALOG}.silver.customers\"; it must start with "
            f"{', '.join(READ_ONLY_KEYWORDS)}."
        ),
    )
    add_data_dir_option(parser)
    parser.add_argument(
        "--format",
        choices=QUERY_FORMATS,
        default="table",
        help="table: aligned columns for reading; csv: a header line and the rows, for other "
        "tools (default: %(default)s).",
    )
    parser.add_argument(
        "--limit",
        type=whole_number(1, QUERY_MAX_LIMIT),
        default=100,
        metavar="N",
        help="Largest number of rows printed (default: %(default)s).",
    )
    parser.add_argument(
        "--target",
        choices=TARGETS,
        default="local",
        help=(
            "Where the lakehouse is: local (DATA_DIR/warehouse, Spark SQL) or stack (Trino of "
            "scripts/local-stack.sh; --data-dir and the Spark options do not apply) "
            "(default: %(default)s)."
        ),
    )
    add_spark_and_build_options(parser)
    return parser


def check_options(args: argparse.Namespace) -> list[str]:
    """Checks that need more than one option; returns one message per problem."""
    problems = [problem for problem in [master_problem(args.target, args.master)] if problem]
    if args.stage == "bronze":
        for option in SILVER_OPTIONS:
            if getattr(args, option.lstrip("-").replace("-", "_"), None) is not None:
                problems.append(
                    f"argument {option}: applies to the silver stage, which --stage {args.stage} "
                    "does not run"
                )
    return problems


def query_target_problem(target: str) -> str | None:
    if target in QUERY_TARGETS:
        return None
    return (
        f"argument --target: '{target}' is not available for query: on Kubernetes the tables "
        "are read through the Trino that deploy.sh deploys, with the trino CLI over a "
        "port-forward (docs/DEPLOYMENT.md, step 4); "
        f"available: {', '.join(QUERY_TARGETS)}"
    )


def first_keyword(sql: str) -> str:
    """The first word of a statement, after comments, blanks and opening parentheses; upper case."""
    text = sql
    while True:
        text = text.lstrip().lstrip("(").lstrip()
        if text.startswith("--"):
            newline = text.find("\n")
            text = "" if newline < 0 else text[newline + 1:]
        elif text.startswith("/*"):
            close = text.find("*/")
            text = "" if close < 0 else text[close + 2:]
        else:
            break
    match = re.match(r"[A-Za-z]+", text)
    return match.group(0).upper() if match else ""


def sql_problem(sql: str) -> str | None:
    """Why ``query`` refuses a statement, or None: it must be present and read-only."""
    if not sql.strip():
        return (
            "argument SQL: the statement is empty; expected e.g. "
            f"\"SELECT * FROM {CATALOG}.silver.customers\""
        )
    keyword = first_keyword(sql)
    if keyword in READ_ONLY_KEYWORDS:
        return None
    shown = f"'{keyword}' statements are" if keyword else "this statement is"
    return (
        f"argument SQL: {shown} not run: query only reads; "
        f"expected a statement starting with {', '.join(READ_ONLY_KEYWORDS)}"
    )


def check_query_options(args: argparse.Namespace) -> list[str]:
    """Every problem of a query's options, one message each (like check_options)."""
    problems = [problem for problem in [query_target_problem(args.target)] if problem]
    problem = sql_problem(args.sql)
    if problem:
        problems.append(problem)
    problem = master_problem(args.target, args.master)
    if problem:
        problems.append(problem)
    return problems


def master_problem(target: str, master: str | None) -> str | None:
    if master is None:
        return None
    if target == "local" and not LOCAL_MASTER_PATTERN.match(master):
        return (
            f"argument --master: '{master}' is not accepted with --target local; "
            "expected local, local[N] or local[*]"
        )
    if target == "stack" and not (
        LOCAL_MASTER_PATTERN.match(master) or STANDALONE_MASTER_PATTERN.match(master)
    ):
        return (
            f"argument --master: '{master}' is not accepted with --target stack; expected "
            "spark://HOST:PORT (default: the stack's master) or local, local[N], local[*]"
        )
    return None


def target_problem(target: str) -> str | None:
    if target in IMPLEMENTED_TARGETS:
        return None
    return (
        f"argument --target: '{target}' is not implemented yet; "
        f"available now: {', '.join(IMPLEMENTED_TARGETS)}"
    )


def plan_stages(stage: str) -> tuple[list[str], list[str], str | None]:
    """Returns (stages to run, stages skipped because they do not exist yet, problem)."""
    if stage == "full":
        run = [name for name in STAGES if name in IMPLEMENTED_STAGES]
        skipped = [name for name in STAGES if name not in IMPLEMENTED_STAGES]
        return run, skipped, None
    if stage not in IMPLEMENTED_STAGES:
        return [], [], (
            f"argument --stage: '{stage}' is not implemented yet; "
            f"available now: {', '.join(IMPLEMENTED_STAGES)}, and full"
        )
    return [stage], [], None


def end_date(start: datetime.date, days: int) -> datetime.date:
    return start + datetime.timedelta(days=days - 1)


# ---------------------------------------------------------------------------------------------
# Build


@dataclasses.dataclass(frozen=True)
class BuildState:
    """What the staleness decision looks at. Times are modification times in seconds."""

    jar_mtime: float | None
    classpath_present: bool
    input_mtimes: Mapping[str, float]


def build_reason(module: JobModule, state: BuildState) -> str | None:
    """Why the module's jar must be built, or None when it is up to date."""
    if state.jar_mtime is None:
        return f"{module.jar} is missing"
    if not state.classpath_present:
        return f"{module.runtime_classpath} is missing"
    newer = sorted(
        (path for path, mtime in state.input_mtimes.items() if mtime > state.jar_mtime),
        key=lambda path: (-state.input_mtimes[path], path),
    )
    if not newer:
        return None
    jar = Path(module.jar).name
    if len(newer) == 1:
        return f"{newer[0]} changed after {jar} was built"
    return f"{newer[0]} and {len(newer) - 1} other file(s) changed after {jar} was built"


def read_build_state(root: Path, module: JobModule) -> BuildState:
    jar = root / module.jar
    jar_mtime = jar.stat().st_mtime if jar.is_file() else None
    return BuildState(
        jar_mtime=jar_mtime,
        classpath_present=(root / module.runtime_classpath).is_file(),
        input_mtimes=dict(input_mtimes(root, module.build_inputs)),
    )


def input_mtimes(root: Path, inputs: Iterable[str]) -> Iterable[tuple[str, float]]:
    """(path relative to root, modification time) of every file under the given inputs."""
    for name in inputs:
        path = root / name
        if path.is_file():
            yield name, path.stat().st_mtime
            continue
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                if file.is_file():
                    yield file.relative_to(root).as_posix(), file.stat().st_mtime


def modules_of(stages: Iterable[str]) -> list[JobModule]:
    """The job modules the given stages run, once each, in reactor order."""
    wanted = set(stages)
    modules: list[JobModule] = []
    for stage, module in STAGE_MODULES.items():
        if stage in wanted and module not in modules:
            modules.append(module)
    return modules


def maven_build_command(modules: Sequence[JobModule]) -> list[str]:
    """Builds the given job jars and what they depend on (-am), without running the tests."""
    names = ",".join(module.name for module in modules)
    return ["mvn", "-B", "-q", "-DskipTests", "package", "-pl", names, "-am"]


# ---------------------------------------------------------------------------------------------
# Where the data is


@dataclasses.dataclass(frozen=True)
class Lakehouse:
    """Where a run's data is and how its jobs reach it: the local target's data folder, or the
    stack's buckets, metastore and Spark master."""

    target: str
    # The jobs' working folder (the driver runs here) and the home of the gold report.
    work_dir: Path
    bronze: str
    warehouse: str
    master: str
    metastore_uri: str | None = None
    stack: stack_target.StackSettings | None = None

    def catalog_args(self) -> list[str]:
        """The arguments every job takes to find the Iceberg catalog."""
        catalog = ["--target", self.target, "--warehouse", self.warehouse]
        if self.metastore_uri:
            catalog += ["--metastore-uri", self.metastore_uri]
        return catalog

    def manifest_location(self, start: datetime.date, days: int) -> str:
        """Where the bronze job writes the manifest of a run (BronzeManifest.location)."""
        name = f"{start.isoformat()}_{end_date(start, days).isoformat()}.json"
        return f"{self.bronze}/_manifests/{name}"


def local_lakehouse(args: argparse.Namespace, data_dir: Path) -> Lakehouse:
    return Lakehouse(
        target="local",
        work_dir=data_dir,
        bronze=str(data_dir / "bronze"),
        warehouse=str(data_dir / "warehouse"),
        master=args.master or DEFAULT_LOCAL_MASTER,
    )


def stack_lakehouse(
    args: argparse.Namespace, data_dir: Path, settings: stack_target.StackSettings
) -> Lakehouse:
    return Lakehouse(
        target="stack",
        work_dir=data_dir,
        bronze=settings.bronze,
        warehouse=settings.warehouse,
        master=args.master or settings.master_url,
        metastore_uri=settings.metastore_uri,
        stack=settings,
    )


def stack_services(master: str) -> list[str]:
    """The stack's servers a pipeline run needs (Trino is only for queries)."""
    services = ["s3", "metastore"]
    if master.startswith("spark://"):
        services.append("spark-master")
    return services


# ---------------------------------------------------------------------------------------------
# Job commands


def bronze_job_args(args: argparse.Namespace, lakehouse: Lakehouse) -> list[str]:
    """The bronze job's own arguments (after the jar on the SparkSubmit command line)."""
    job_args = [
        "--output", lakehouse.bronze,
        "--seed", str(args.seed),
        "--interactions", str(args.interactions),
    ]
    if args.customers is not None:
        job_args += ["--customers", str(args.customers)]
    job_args += [
        "--start-date", args.start_date.isoformat(),
        "--days", str(args.days),
        "--defect-rate", repr(args.defect_rate),
        *lakehouse.catalog_args(),
    ]
    return job_args


def silver_job_args(args: argparse.Namespace, lakehouse: Lakehouse) -> list[str]:
    """The silver job's own arguments; its optional settings only when given, so that its
    defaults stay in one place (the job)."""
    job_args = ["--bronze", lakehouse.bronze, *lakehouse.catalog_args()]
    if args.dates is not None:
        job_args += ["--dates", format_date_range(args.dates)]
    if args.max_reject_rate is not None:
        job_args += ["--max-reject-rate", repr(args.max_reject_rate)]
    if args.as_of is not None:
        job_args += ["--as-of", args.as_of.isoformat()]
    return job_args


def gold_job_args(args: argparse.Namespace, lakehouse: Lakehouse, report: Path) -> list[str]:
    """The gold job's own arguments; its optional settings only when given."""
    job_args = [*lakehouse.catalog_args(), "--report", str(report)]
    if args.dates is not None:
        job_args += ["--dates", format_date_range(args.dates)]
    if args.as_of is not None:
        job_args += ["--as-of", args.as_of.isoformat()]
    if args.full_rebuild:
        job_args.append("--full-rebuild")
    return job_args


MAINTENANCE_OPTIONS = (
    "--snapshot-retention-hours", "--retain-last", "--orphan-retention-hours", "--target-file-size-mb"
)


def maintenance_job_args(args: argparse.Namespace, lakehouse: Lakehouse) -> list[str]:
    """The maintenance job's own arguments; its retention settings only when given."""
    job_args = lakehouse.catalog_args()
    for option in MAINTENANCE_OPTIONS:
        value = getattr(args, option.lstrip("-").replace("-", "_"))
        if value is not None:
            job_args += [option, str(value)]
    return job_args


def report_path(args: argparse.Namespace, data_dir: Path) -> Path:
    if args.report:
        return Path(args.report).expanduser().resolve()
    return data_dir / DEFAULT_REPORT


def query_job_args(warehouse_dir: Path, sql: str, output_format: str, limit: int) -> list[str]:
    """The arguments of the query class (io.c360.common.query.QueryMain); the statement last."""
    return [
        "--warehouse", str(warehouse_dir),
        "--format", output_format,
        "--limit", str(limit),
        "--sql", sql,
    ]


def parse_runtime_classpath(text: str) -> list[str]:
    """The entries of spark-runtime.classpath (one line, entries separated by os.pathsep)."""
    return [entry for entry in text.strip().split(os.pathsep) if entry.strip()]


def local_job_command(
    *,
    java: str,
    jar: Path,
    runtime_classpath: Sequence[str],
    main_class: str,
    master: str,
    driver_memory: str,
    spark_confs: Sequence[tuple[str, str]],
    log4j_config: Path,
    job_args: Sequence[str],
    properties_file: Path | None = None,
) -> list[str]:
    """One JVM running SparkSubmit in client mode: the driver (and local executors) in-process."""
    command = [java, *JAVA17_FLAGS, f"-Dlog4j2.configurationFile={log4j_config}"]
    command += [f"-Xmx{driver_memory}", "-cp", os.pathsep.join([str(jar), *runtime_classpath])]
    command += [SPARK_SUBMIT_CLASS, "--master", master, "--class", main_class]
    if properties_file is not None:
        command += ["--properties-file", str(properties_file)]
    command += ["--conf", f"spark.driver.memory={driver_memory}"]
    for key, value in spark_confs:
        command += ["--conf", f"{key}={value}"]
    command += [str(jar), *job_args]
    return command


def local_job_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The job's environment: the caller's, with Spark bound to loopback unless the user chose."""
    environment = dict(environ)
    # Without it Spark resolves the host name, warns when that is loopback, and may pick a public
    # interface; a local run needs none.
    environment.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    return environment


def find_java(environ: Mapping[str, str]) -> str | None:
    java_home = environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file():
            return str(candidate)
    return shutil.which("java")


# ---------------------------------------------------------------------------------------------
# Job output


def parse_report_line(line: str) -> dict | None:
    """The run report if ``line`` is the job's c360.job_run JSON line, else None."""
    text = line.strip()
    if not text.startswith("{") or REPORT_EVENT not in text:
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return None
    if not isinstance(value, dict) or value.get("event") != REPORT_EVENT:
        return None
    return value


def extract_report(lines: Iterable[str]) -> dict | None:
    """The last run report among ``lines``."""
    report = None
    for line in lines:
        parsed = parse_report_line(line)
        if parsed is not None:
            report = parsed
    return report


def describe_exit_code(code: int) -> str:
    if code in EXIT_CODE_MEANINGS:
        return EXIT_CODE_MEANINGS[code]
    if code < 0:
        return f"killed by signal {signal_name(-code)}"
    if code > 128:
        return (
            f"unexpected exit code (128 + {code - 128}: "
            f"probably killed by signal {signal_name(code - 128)})"
        )
    return "unexpected exit code"


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return str(number)


# ---------------------------------------------------------------------------------------------
# Summary


@dataclasses.dataclass(frozen=True)
class StageOutcome:
    stage: str
    exit_code: int
    wall_ms: int
    report: Mapping | None = None
    manifest: Mapping | None = None
    manifest_path: str | None = None


def as_mapping(value: object) -> Mapping:
    return value if isinstance(value, Mapping) else {}


def as_number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def format_count(value: object) -> str:
    number = as_number(value)
    if number is None:
        return "?"
    if float(number).is_integer():
        return f"{int(number):,}"
    return f"{number:,.2f}"


def format_duration(milliseconds: object) -> str:
    number = as_number(milliseconds)
    if number is None:
        return "?"
    seconds = number / 1000.0
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(int(round(seconds)), 60)
    return f"{minutes} min {rest:02d} s"


def defect_totals(defects: object) -> tuple[int, list[tuple[str, int]]]:
    """(total, kinds by count descending then name) of a {kind: count} map."""
    kinds = [
        (str(kind), int(count))
        for kind, count in as_mapping(defects).items()
        if as_number(count) is not None and count > 0
    ]
    kinds.sort(key=lambda item: (-item[1], item[0]))
    return sum(count for _, count in kinds), kinds


def stage_status(outcome: StageOutcome) -> str:
    return "SUCCEEDED" if outcome.exit_code == EXIT_SUCCESS else "FAILED"


def stage_line(outcome: StageOutcome) -> str:
    """Status and duration of one stage (with its steps), and why it failed if it did."""
    report = as_mapping(outcome.report)
    duration = report.get("duration_ms")
    if as_number(duration) is None:
        duration = outcome.wall_ms
    line = f"  {outcome.stage:<8} {stage_status(outcome):<10} {format_duration(duration):>10}"
    steps = [
        f"{name} {format_duration(value)}"
        for name, value in as_mapping(report.get("durations_ms")).items()
        if as_number(value) is not None
    ]
    if steps:
        line += f"   ({', '.join(steps)})"
    if outcome.exit_code == EXIT_SUCCESS:
        return line
    indent = " " * 13
    line += f"\n{indent}exit code {outcome.exit_code}: {describe_exit_code(outcome.exit_code)}"
    if report.get("error"):
        # Multi-line messages (the gate's and reconciliation's) keep the indentation.
        message = str(report["error"]).replace("\n", f"\n{indent}       ")
        line += f"\n{indent}error: {message}"
    if outcome.report is None:
        line += f"\n{indent}the job printed no run report (see its output above)"
    return line


def table_lines(outcome: StageOutcome) -> list[str]:
    """Rows written and defects injected per table of one stage, from its manifest."""
    tables = as_mapping(as_mapping(outcome.manifest).get("tables"))
    if not tables:
        return count_lines(outcome)
    width = max(len(str(name)) for name in tables)
    lines = [
        f"Tables ({outcome.stage})",
        f"  {'table':<{width}}  {'rows':>12}  {'defects':>16}  top defect kinds",
    ]
    for name, table in tables.items():
        table = as_mapping(table)
        rows = table.get("rows")
        total, kinds = defect_totals(table.get("defects"))
        defects = "?"
        if "defects" in table:
            defects = f"{total:,}"
            if as_number(rows):
                defects += f" ({100.0 * total / rows:.1f}%)"
        top = ", ".join(f"{kind} {count:,}" for kind, count in kinds[:TOP_DEFECT_KINDS])
        if len(kinds) > TOP_DEFECT_KINDS:
            top += f", +{len(kinds) - TOP_DEFECT_KINDS} more kinds"
        line = f"  {str(name):<{width}}  {format_count(rows):>12}  {defects:>16}  {top or '-'}"
        lines.append(line.rstrip())
    return lines


def count_lines(outcome: StageOutcome) -> list[str]:
    """The run report's counts, for a stage whose manifest is missing."""
    counts = as_mapping(as_mapping(outcome.report).get("counts"))
    if not counts:
        return []
    width = max(len(str(name)) for name in counts)
    lines = [f"Counts ({outcome.stage}, from the run report; no manifest found)"]
    lines += [f"  {str(name):<{width}}  {format_count(value):>12}" for name, value in counts.items()]
    return lines


def silver_table_counts(report: object) -> dict[str, dict[str, float]]:
    """The silver job's counts per bronze table: 'customers.rule.x' -> {'customers': {'rule.x'}}.

    Counts without a table prefix (input_rows, output_rows, ...) are left out.
    """
    tables: dict[str, dict[str, float]] = {}
    for key, value in as_mapping(as_mapping(report).get("counts")).items():
        table, dot, name = str(key).partition(".")
        if dot and table and name and as_number(value) is not None:
            tables.setdefault(table, {})[name] = value
    return tables


def prefixed_counts(counts: Mapping[str, float], prefix: str) -> list[tuple[str, int]]:
    """The non-zero counts named ``prefix + id``, as (id, count), by count descending then id."""
    found = [
        (name[len(prefix):], int(value))
        for name, value in counts.items()
        if name.startswith(prefix) and value > 0
    ]
    found.sort(key=lambda item: (-item[1], item[0]))
    return found


def describe_dates(dates: object) -> str:
    """'30 bronze date(s), 2026-01-01..2026-01-30' from the job's 'dates' detail."""
    if not isinstance(dates, list):
        return "bronze dates not reported"
    if not dates:
        return "no bronze date to process"
    span = str(dates[0]) if len(dates) == 1 else f"{dates[0]}..{dates[-1]}"
    return f"{len(dates)} bronze date(s), {span}"


def share(part: object, whole: object) -> str:
    """' (1.2%)', or '' when either number is missing or the whole is zero."""
    if as_number(part) is None or not as_number(whole):
        return ""
    return f" ({100.0 * part / whole:.1f}%)"


def silver_lines(outcome: StageOutcome) -> list[str]:
    """What silver did per bronze table (read, accepted, quarantined, duplicates, top rules),
    the repairs, the reconciliation and the features date, from its run report."""
    report = as_mapping(outcome.report)
    details = as_mapping(report.get("details"))
    tables = silver_table_counts(report)
    if not tables and not details:
        return []
    lines = [f"Tables (silver: {describe_dates(details.get('dates'))})"]
    if tables:
        width = max(len("table"), *(len(name) for name in tables))
        lines.append(
            f"  {'table':<{width}}  {'read':>12}  {'accepted':>12}  {'quarantined':>18}  "
            f"{'duplicates':>12}  top quarantine rules"
        )
        for name, counts in tables.items():
            rows = counts.get("rows")
            quarantined = format_count(counts.get("quarantined"))
            quarantined += share(counts.get("quarantined"), rows)
            rules = prefixed_counts(counts, "rule.")
            top = ", ".join(f"{rule} {count:,}" for rule, count in rules[:TOP_DEFECT_KINDS])
            if len(rules) > TOP_DEFECT_KINDS:
                top += f", +{len(rules) - TOP_DEFECT_KINDS} more rules"
            line = (
                f"  {name:<{width}}  {format_count(rows):>12}  "
                f"{format_count(counts.get('accepted')):>12}  {quarantined:>18}  "
                f"{format_count(counts.get('duplicates')):>12}  {top or '-'}"
            )
            lines.append(line.rstrip())
        repairs = [
            f"{name} {', '.join(f'{kind} {count:,}' for kind, count in kinds)}"
            for name, counts in tables.items()
            if (kinds := prefixed_counts(counts, "repaired."))
        ]
        if repairs:
            lines.append(f"  repaired (accepted after cleaning): {'; '.join(repairs)}")
    if details.get("result"):
        lines.append(f"  result: {details['result']}")
    prefix = "skipped_"
    skipped = sorted(
        (key[len(prefix):], value) for key, value in details.items() if key.startswith(prefix)
    )
    lines += [f"  skipped {date}: {reason}" for date, reason in skipped]
    if details.get("reconciliation"):
        lines.append(f"  reconciliation: {details['reconciliation']}")
    if details.get("features_as_of"):
        lines.append(f"  customer features as of: {details['features_as_of']}")
    return lines


def gold_lines(outcome: StageOutcome) -> list[str]:
    """What gold recomputed, its reconciliation, the as-of date and the report, from its report."""
    report = as_mapping(outcome.report)
    details = as_mapping(report.get("details"))
    counts = as_mapping(report.get("counts"))
    if not details:
        return []
    dates = details.get("dates")
    described = describe_dates(dates).replace("bronze date", "date")
    if isinstance(dates, list) and not dates:
        described = "no date changed in silver"
    lines = [f"Tables (gold: {described})"]
    written = [
        (str(key)[: -len(".rows")], value)
        for key, value in counts.items()
        if str(key).endswith(".rows") and as_number(value) is not None
    ]
    lines += [f"  {CATALOG}.gold.{name:<22} {format_count(value):>12} rows written" for name, value in written]
    cleared = details.get("dates_cleared")
    if isinstance(cleared, list) and cleared:
        lines.append(f"  cleared (no longer in silver): {', '.join(map(str, cleared))}")
    if details.get("reconciliation"):
        lines.append(f"  reconciliation: {details['reconciliation']}")
    if details.get("as_of"):
        lines.append(f"  engagement and churn risk as of: {details['as_of']}")
    if details.get("report"):
        lines.append(f"  report: {details['report']}    (open it in a browser; no network needed)")
    return lines


MAINTENANCE_COUNTS = (
    ("tables", "tables"),
    ("data_files_before", "data files before"),
    ("data_files_after", "data files after"),
    ("files_rewritten", "files compacted"),
    ("manifests_rewritten", "manifests rewritten"),
    ("snapshots_expired", "snapshots expired"),
    ("orphan_files_removed", "orphan files removed"),
)


def maintenance_lines(outcome: StageOutcome) -> list[str]:
    counts = as_mapping(as_mapping(outcome.report).get("counts"))
    found = [(label, counts[key]) for key, label in MAINTENANCE_COUNTS if key in counts]
    if not found:
        return []
    return ["Tables (maintenance)"] + [f"  {label:<22} {format_count(value):>10}" for label, value in found]


def stage_table_lines(outcome: StageOutcome) -> list[str]:
    if outcome.stage == "silver":
        return silver_lines(outcome)
    if outcome.stage == "gold":
        return gold_lines(outcome)
    if outcome.stage == "maintenance":
        return maintenance_lines(outcome)
    return table_lines(outcome)


def succeeded(outcomes: Sequence[StageOutcome], stage: str) -> bool:
    return any(o.stage == stage and o.exit_code == EXIT_SUCCESS for o in outcomes)


# The lakehouse tables a run leaves, with what each holds.
SILVER_TABLES = (
    (f"{CATALOG}.silver.customers", "one row per customer: profile, features, value segment"),
    (f"{CATALOG}.silver.interactions", "accepted interactions, one row per interaction_id"),
    (f"{CATALOG}.silver.quarantine", "rejected rows, with the ids of the rules they broke"),
    (f"{CATALOG}.audit.silver_bronze_partitions", "the bronze partitions silver has processed"),
)
GOLD_TABLES = (
    (f"{CATALOG}.gold.daily_kpis", "one row per day: customers, sessions, orders, revenue, NPS"),
    (f"{CATALOG}.gold.revenue_by_channel", "one row per day and channel: revenue, orders, share"),
    (f"{CATALOG}.gold.customer_engagement", "one row per customer: engagement score, components"),
    (f"{CATALOG}.gold.segment_engagement", "one row per value segment: engagement and churn risk"),
    (f"{CATALOG}.gold.churn_risk", "one row per customer: churn-risk score, band, drivers"),
)
AUDIT_TABLE = (f"{CATALOG}.audit.job_runs", "one row per job run: status, counts, durations")


def warehouse_tables(outcomes: Sequence[StageOutcome]) -> list[tuple[str, str]]:
    """The tables worth a look after this run: silver's when it succeeded, the audit table
    when any job got far enough to report."""
    tables = list(SILVER_TABLES) if succeeded(outcomes, "silver") else []
    if succeeded(outcomes, "gold"):
        tables += GOLD_TABLES
    if any(outcome.report is not None for outcome in outcomes):
        tables.append(AUDIT_TABLE)
    return tables


def data_lines(outcomes: Sequence[StageOutcome], lakehouse: Lakehouse) -> list[str]:
    """Where the data of the run is."""
    lines = ["Data", f"  bronze     {lakehouse.bronze}"]
    for outcome in outcomes:
        for name, table in as_mapping(as_mapping(outcome.manifest).get("tables")).items():
            path = as_mapping(table).get("path")
            if isinstance(path, str):
                lines.append(f"    {str(name):<24} {path}")
    lines += [f"  manifest   {path}" for path in written_manifests(outcomes)]
    catalog = f"catalog '{CATALOG}'"
    if lakehouse.metastore_uri:
        catalog += f" in the Hive Metastore {lakehouse.metastore_uri}"
    lines.append(f"  warehouse  {lakehouse.warehouse} (Iceberg, {catalog})")
    tables = warehouse_tables(outcomes)
    if tables:
        width = max(len(name) for name, _ in tables)
        lines += [f"    {name:<{width}}  {what}" for name, what in tables]
    run_ids = [as_mapping(outcome.report).get("run_id") for outcome in outcomes]
    run_ids = [str(run_id) for run_id in run_ids if run_id]
    if run_ids:
        lines.append(f"  run id     {', '.join(run_ids)}")
    return lines


def written_manifests(outcomes: Sequence[StageOutcome]) -> list[str]:
    return [outcome.manifest_path for outcome in outcomes if outcome.manifest_path and outcome.manifest]


def render_summary(
    outcomes: Sequence[StageOutcome],
    skipped: Sequence[str],
    not_run: Sequence[str],
    lakehouse: Lakehouse,
    script: str,
    interactions: int,
) -> str:
    """The closing summary: stages, tables, where the data is, and what to try next."""
    lines = ["", "== Summary " + "=" * 60, "Stages"]
    lines += [stage_line(outcome) for outcome in outcomes]
    lines += [f"  {stage:<8} {'SKIPPED':<10} {'':>10}   (not implemented yet)" for stage in skipped]
    lines += [f"  {stage:<8} {'NOT RUN':<10} {'':>10}   (an earlier stage failed)" for stage in not_run]
    for outcome in outcomes:
        tables = stage_table_lines(outcome)
        if tables:
            lines += ["", *tables]
    lines += ["", *data_lines(outcomes, lakehouse)]
    lines += ["", "Next"]
    lines += [f"  {command}" for command in next_commands(outcomes, lakehouse, script, interactions)]
    return "\n".join(lines)


# Shown after a successful silver run: a first look at the tables it wrote (Spark SQL; Trino SQL
# on the stack, where the queries go through Trino).
EXAMPLE_QUERIES = (
    (
        f"SELECT value_segment, count(*) AS customers FROM {CATALOG}.silver.customers "
        "GROUP BY value_segment ORDER BY customers DESC",
        "customers per value segment",
    ),
    (
        f"SELECT rule, count(*) AS quarantined FROM (SELECT explode(rule_ids) AS rule "
        f"FROM {CATALOG}.silver.quarantine) GROUP BY rule ORDER BY quarantined DESC",
        "quarantined rows per rule",
    ),
)


STACK_EXAMPLE_QUERIES = (
    EXAMPLE_QUERIES[0],
    (
        f"SELECT rule, count(*) AS quarantined FROM {CATALOG}.silver.quarantine "
        "CROSS JOIN UNNEST(rule_ids) AS r(rule) GROUP BY rule ORDER BY quarantined DESC",
        "quarantined rows per rule",
    ),
)


# Shown after a successful gold run (the same in Spark SQL and Trino SQL).
GOLD_EXAMPLE_QUERIES = (
    (
        f"SELECT customer_id, churn_risk_score, risk_band, main_drivers FROM {CATALOG}.gold.churn_risk "
        "ORDER BY churn_risk_score DESC LIMIT 10",
        "the ten customers most at risk, and why",
    ),
)


def query_command_line(script: str, sql: str, lakehouse: Lakehouse) -> str:
    quoted = " ".join(shlex.quote(part) for part in (script, QUERY_COMMAND, sql))
    if lakehouse.stack is not None:
        return f"python3 {quoted} --target stack"
    return f"python3 {quoted} --data-dir {shlex.quote(str(lakehouse.work_dir))}"


def where_option(lakehouse: Lakehouse) -> str:
    """The option that points a suggested pipeline command at the same lakehouse."""
    if lakehouse.stack is not None:
        return "--target stack"
    return f"--data-dir {shlex.quote(str(lakehouse.work_dir))}"


def suggested_reject_rate(report: object) -> float | None:
    """A --max-reject-rate that the quarantined shares of this report would pass (rounded up to
    the next hundredth), or None when the report has no shares."""
    shares = [
        counts["quarantined"] / counts["rows"]
        for counts in silver_table_counts(report).values()
        if as_number(counts.get("quarantined")) is not None and as_number(counts.get("rows"))
    ]
    if not shares:
        return None
    return min(1.0, math.floor(max(shares) * 100 + 1) / 100)


def silver_rerun_options(report: object) -> list[tuple[str, str]]:
    """The --dates and --as-of a silver run was given (from its report's parameters), to repeat
    them in a suggested command; the job reports its defaults in words, which are left out."""
    parameters = as_mapping(as_mapping(report).get("parameters"))
    options = []
    dates = parameters.get("dates")
    if isinstance(dates, str) and all(DATE_PATTERN.match(part) for part in dates.split("..")):
        options.append(("--dates", dates))
    as_of = parameters.get("as_of")
    if isinstance(as_of, str) and DATE_PATTERN.match(as_of):
        options.append(("--as-of", as_of))
    return options


def gate_failed(outcome: StageOutcome) -> bool:
    """Whether a silver exit 4 is the reject-rate gate (reconciliation passed or was not run)."""
    reconciliation = as_mapping(as_mapping(outcome.report).get("details")).get("reconciliation")
    return outcome.exit_code == EXIT_DATA_QUALITY and (
        reconciliation is None or str(reconciliation).startswith("ok")
    )


def next_commands(
    outcomes: Sequence[StageOutcome], lakehouse: Lakehouse, script: str, interactions: int
) -> list[str]:
    """What to try after this run: a fix to look for after a failure, else a look and a bigger run."""
    run = f"python3 {shlex.quote(script)}"
    failed = [outcome for outcome in outcomes if outcome.exit_code != EXIT_SUCCESS]
    if failed:
        code = failed[0].exit_code
        if code == EXIT_USAGE:
            return [f"{run} --help    # the accepted options"]
        if code == EXIT_UNAVAILABLE and lakehouse.stack is not None:
            return ["scripts/local-stack.sh status    # which server is down; then: up"]
        if code == EXIT_UNAVAILABLE:
            return [
                f"ls -ld {shlex.quote(str(lakehouse.work_dir))}    "
                "# is the data folder reachable and writable?"
            ]
        if code == EXIT_DATA_QUALITY and failed[0].stage == "silver" and gate_failed(failed[0]):
            rate = suggested_reject_rate(failed[0].report)
            same = "".join(f" {option} {shlex.quote(value)}" for option, value in
                           silver_rerun_options(failed[0].report))
            return [
                "read the data-quality failure and the quarantine rules above (nothing was committed)",
                f"{run} --stage silver{same} --max-reject-rate {rate if rate is not None else 'RATE'} "
                f"{where_option(lakehouse)}    # only if this bronze is meant to be so dirty",
            ]
        if code == EXIT_DATA_QUALITY:
            return ["read the data-quality failure in the job output above, then re-run the stage"]
        return [
            "read the error and stack trace above; once the cause is fixed, re-run the same command",
            f"{run} --stage {failed[0].stage} --dry-run    # the exact commands it runs",
        ]
    commands = [
        f"python3 -m json.tool {shlex.quote(path)}    # every defect count, per day"
        for path in written_manifests(outcomes)
    ]
    if lakehouse.stack is not None:
        commands = [
            f"curl -s -K {shlex.quote(lakehouse.stack['CURL_S3_CONFIG'])} "
            f"--aws-sigv4 aws:amz:{lakehouse.stack['S3_REGION']}:s3 "
            f"{stack_target.s3_object_url(lakehouse.stack, path)} | python3 -m json.tool"
            "    # every defect count, per day"
            for path in written_manifests(outcomes)
        ]
    examples = EXAMPLE_QUERIES if lakehouse.stack is None else STACK_EXAMPLE_QUERIES
    if succeeded(outcomes, "silver"):
        commands += [
            f"{query_command_line(script, sql, lakehouse)}    # {what}" for sql, what in examples
        ]
    if succeeded(outcomes, "gold"):
        commands += [
            f"{query_command_line(script, sql, lakehouse)}    # {what}"
            for sql, what in GOLD_EXAMPLE_QUERIES
        ]
    bigger = 10 * interactions if interactions else 100_000
    stage = "full" if succeeded(outcomes, "silver") else "bronze"
    commands.append(
        f"{run} --stage {stage} --interactions {bigger} {where_option(lakehouse)}"
        "    # a bigger run"
    )
    return commands


# ---------------------------------------------------------------------------------------------
# Running


def log(message: str) -> None:
    print(f"[run_pipeline] {message}", file=sys.stderr, flush=True)


def error(message: str) -> None:
    print(f"run_pipeline.py: error: {message}", file=sys.stderr, flush=True)


def run_streaming(
    command: Sequence[str], cwd: Path, environment: Mapping[str, str] | None = None
) -> tuple[int, dict | None]:
    """Runs ``command``, passing its output through, and returns (exit code, run report).

    stderr is inherited, so Spark's progress bar reaches the terminal as is; stdout is read line
    by line to pick out the run report, and every other line is echoed.
    """
    report = None
    with subprocess.Popen(
        list(command),
        cwd=cwd,
        env=None if environment is None else dict(environment),
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        bufsize=1,
    ) as process:
        try:
            for line in process.stdout:
                parsed = parse_report_line(line)
                if parsed is not None:
                    report = parsed
                    continue
                sys.stdout.write(line)
                sys.stdout.flush()
            return process.wait(), report
        except KeyboardInterrupt:
            # The job got the same SIGINT (same process group); let it shut down cleanly.
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            raise


def read_manifest(path: Path) -> dict | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    return value if isinstance(value, dict) else None


def display_script(root: Path, cwd: Path) -> str:
    script = root / "scripts" / "run_pipeline.py"
    try:
        return script.relative_to(cwd).as_posix()
    except ValueError:
        return str(script)


def ensure_built(
    root: Path,
    modules: Sequence[JobModule],
    skip_build: bool,
    dry_run: bool,
    maven_output: int | None = None,
) -> int:
    """Builds the jars of ``modules`` that are missing or stale, in one Maven run.

    ``maven_output`` is where Maven's standard output goes (a file descriptor; None: ours).
    """
    stale = [
        (module, reason)
        for module in modules
        if (reason := build_reason(module, read_build_state(root, module))) is not None
    ]
    if not stale:
        return EXIT_SUCCESS
    reasons = "; ".join(reason for _, reason in stale)
    if skip_build:
        missing = [
            reason for module, reason in stale
            if not (root / module.jar).is_file() or not (root / module.runtime_classpath).is_file()
        ]
        if missing:
            error(
                f"--skip-build was given but {'; '.join(missing)}; "
                "run without --skip-build to build it"
            )
            return EXIT_USAGE
        log(f"warning: {reasons}; running the existing jar(s) because of --skip-build")
        return EXIT_SUCCESS
    to_build = [module for module, _ in stale]
    command = maven_build_command(to_build)
    if dry_run:
        print(f"(cd {shlex.quote(str(root))} && {shlex.join(command)})    # {reasons}")
        return EXIT_SUCCESS
    if shutil.which(command[0]) is None:
        error("Maven (mvn) is not on the PATH; install Maven 3.8+, or build the jars elsewhere "
              "and pass --skip-build")
        return EXIT_USAGE
    names = ",".join(module.name for module in to_build)
    log(f"building {names} because {reasons}: {shlex.join(command)}")
    started = time.monotonic()
    result = subprocess.run(command, cwd=root, stdout=maven_output, check=False)
    if result.returncode != 0:
        error(
            f"the Maven build failed (exit code {result.returncode}); "
            f"run 'mvn -B package -pl {names} -am' in {root} for the full output"
        )
        return EXIT_INTERNAL
    log(f"built in {format_duration((time.monotonic() - started) * 1000)}")
    return EXIT_SUCCESS


def job_command(
    args: argparse.Namespace,
    root: Path,
    java: str,
    module: JobModule,
    main_class: str,
    job_args: Sequence[str],
    lakehouse: Lakehouse,
) -> list[str] | int:
    """The spark-submit command of one job, or EXIT_USAGE when the runtime classpath is missing.

    On the stack with SPARK_HOME naming a Spark distribution, its own bin/spark-submit; else
    SparkSubmit in a JVM on the Maven-resolved runtime classpath.
    """
    properties_file = lakehouse.stack.properties_file if lakehouse.stack else None
    distribution = stack_target.spark_distribution(os.environ) if lakehouse.stack else None
    if distribution is not None and properties_file is not None:
        return stack_target.spark_submit_command(
            spark_home=distribution,
            jar=root / module.jar,
            main_class=main_class,
            master=lakehouse.master,
            properties_file=properties_file,
            driver_memory=args.driver_memory,
            driver_java_options=f"-Dlog4j2.configurationFile={root / LOG4J_CONFIG}",
            spark_confs=args.spark_conf,
            job_args=job_args,
        )
    classpath_file = root / module.runtime_classpath
    if classpath_file.is_file():
        runtime_classpath = parse_runtime_classpath(classpath_file.read_text(encoding="utf-8"))
    elif args.dry_run:
        runtime_classpath = [f"<contents of {module.runtime_classpath}, written by the build>"]
    else:
        error(f"{classpath_file} is missing; run without --skip-build to build it")
        return EXIT_USAGE
    return local_job_command(
        java=java,
        jar=root / module.jar,
        runtime_classpath=runtime_classpath,
        main_class=main_class,
        master=lakehouse.master,
        driver_memory=args.driver_memory,
        spark_confs=args.spark_conf,
        log4j_config=root / LOG4J_CONFIG,
        job_args=job_args,
        properties_file=properties_file,
    )


def create_data_dir(data_dir: Path) -> int:
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as failure:
        error(
            f"argument --data-dir: cannot create '{data_dir}': {failure.strerror}; "
            "choose a writable folder"
        )
        return EXIT_USAGE
    return EXIT_SUCCESS


def run_job(command: Sequence[str], lakehouse: Lakehouse) -> tuple[int, dict | None, int] | int:
    """Runs one job in the lakehouse's working folder (created when missing), so that anything
    Spark writes next to itself stays there; returns (exit code, run report, wall ms)."""
    created = create_data_dir(lakehouse.work_dir)
    if created != EXIT_SUCCESS:
        return created
    started = time.monotonic()
    environment = local_job_environment(os.environ)
    exit_code, report = run_streaming(command, cwd=lakehouse.work_dir, environment=environment)
    return exit_code, report, int((time.monotonic() - started) * 1000)


def read_bronze_manifest(lakehouse: Lakehouse, location: str) -> dict | None:
    """The manifest the bronze job wrote: a local file, or an S3 object read through the S3 API."""
    if lakehouse.stack is None:
        return read_manifest(Path(location))
    content = stack_target.read_object(lakehouse.stack, location)
    if content is None:
        return None
    try:
        value = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return value if isinstance(value, dict) else None


def run_bronze(
    args: argparse.Namespace, root: Path, lakehouse: Lakehouse, java: str
) -> StageOutcome | int:
    """Runs the bronze job; returns its outcome, or an exit code when it could not start."""
    command = job_command(
        args, root, java, BRONZE, BRONZE.main_class, bronze_job_args(args, lakehouse), lakehouse
    )
    if isinstance(command, int):
        return command
    if args.dry_run:
        print(shlex.join(command))
        return EXIT_SUCCESS
    log(
        f"stage bronze: {args.interactions:,} interactions over {args.days} day(s) from "
        f"{args.start_date}, defect rate {args.defect_rate}, to {lakehouse.bronze}, "
        f"master {lakehouse.master}"
    )
    ran = run_job(command, lakehouse)
    if isinstance(ran, int):
        return ran
    exit_code, report, wall_ms = ran
    manifest_path = lakehouse.manifest_location(args.start_date, args.days)
    manifest = read_bronze_manifest(lakehouse, manifest_path) if exit_code == EXIT_SUCCESS else None
    if exit_code == EXIT_SUCCESS and manifest is None:
        log(f"warning: the bronze job succeeded but wrote no readable manifest at {manifest_path}")
    return StageOutcome(
        stage="bronze",
        exit_code=exit_code,
        wall_ms=wall_ms,
        report=report,
        manifest=manifest,
        manifest_path=manifest_path,
    )


def run_silver(
    args: argparse.Namespace, root: Path, lakehouse: Lakehouse, java: str
) -> StageOutcome | int:
    """Runs the silver job; returns its outcome, or an exit code when it could not start."""
    command = job_command(
        args, root, java, SILVER, SILVER.main_class, silver_job_args(args, lakehouse), lakehouse
    )
    if isinstance(command, int):
        return command
    if args.dry_run:
        print(shlex.join(command))
        return EXIT_SUCCESS
    if lakehouse.stack is None and not Path(lakehouse.bronze).is_dir():
        error(
            f"there is no bronze data in {lakehouse.bronze}; run --stage bronze (or full) first, "
            "with the same --data-dir"
        )
        return EXIT_USAGE
    dates = format_date_range(args.dates) if args.dates else "new and changed"
    rate = args.max_reject_rate if args.max_reject_rate is not None else "the job's default"
    log(f"stage silver: bronze dates {dates}, max reject rate {rate}, master {lakehouse.master}")
    ran = run_job(command, lakehouse)
    if isinstance(ran, int):
        return ran
    exit_code, report, wall_ms = ran
    return StageOutcome(stage="silver", exit_code=exit_code, wall_ms=wall_ms, report=report)


def require_silver(lakehouse: Lakehouse, stage: str) -> int:
    """Locally, that silver ran before (the stack's jobs say so themselves: its tables are in the
    metastore)."""
    if lakehouse.stack is None and not (Path(lakehouse.warehouse) / "silver").is_dir():
        error(
            f"there are no silver tables in {lakehouse.warehouse}; run --stage silver (or "
            f"full) first, with the same --data-dir, before --stage {stage}"
        )
        return EXIT_USAGE
    return EXIT_SUCCESS


def run_gold(
    args: argparse.Namespace, root: Path, lakehouse: Lakehouse, java: str
) -> StageOutcome | int:
    """Runs the gold job; returns its outcome, or an exit code when it could not start."""
    report = report_path(args, lakehouse.work_dir)
    command = job_command(
        args, root, java, GOLD, GOLD.main_class, gold_job_args(args, lakehouse, report), lakehouse
    )
    if isinstance(command, int):
        return command
    if args.dry_run:
        print(shlex.join(command))
        return EXIT_SUCCESS
    missing = require_silver(lakehouse, "gold")
    if missing != EXIT_SUCCESS:
        return missing
    if args.full_rebuild:
        dates = "every date (full rebuild)"
    else:
        dates = format_date_range(args.dates) if args.dates else "the dates silver changed"
    log(f"stage gold: {dates}, master {lakehouse.master}")
    ran = run_job(command, lakehouse)
    if isinstance(ran, int):
        return ran
    exit_code, job_report, wall_ms = ran
    return StageOutcome(stage="gold", exit_code=exit_code, wall_ms=wall_ms, report=job_report)


def run_maintenance(
    args: argparse.Namespace, root: Path, lakehouse: Lakehouse, java: str
) -> StageOutcome | int:
    """Runs table maintenance; returns its outcome, or an exit code when it could not start."""
    command = job_command(
        args, root, java, GOLD, MAINTENANCE_MAIN_CLASS, maintenance_job_args(args, lakehouse),
        lakehouse,
    )
    if isinstance(command, int):
        return command
    if args.dry_run:
        print(shlex.join(command))
        return EXIT_SUCCESS
    missing = require_silver(lakehouse, "maintenance")
    if missing != EXIT_SUCCESS:
        return missing
    log(f"stage maintenance: every silver, gold and audit table, master {lakehouse.master}")
    ran = run_job(command, lakehouse)
    if isinstance(ran, int):
        return ran
    exit_code, job_report, wall_ms = ran
    return StageOutcome(stage="maintenance", exit_code=exit_code, wall_ms=wall_ms, report=job_report)


STAGE_RUNNERS = {
    "bronze": run_bronze, "silver": run_silver, "gold": run_gold, "maintenance": run_maintenance
}


def process_exit_code(code: int) -> int:
    """A child's exit code as this script's: killed by signal N (negative) becomes 128 + N."""
    return 128 - code if code < 0 else code


# ---------------------------------------------------------------------------------------------
# Kubernetes target: --target k8s runs each stage as a Stackable SparkApplication through
# k8s_runner.py (apply, follow the driver log, wait for Succeeded or Failed, summary table).


# --stage -> the k8s_runner stages it runs, in order; full is bronze, silver and gold, as on local.
K8S_STAGE_PLAN = {
    "bronze": ("bronze",),
    "silver": ("silver",),
    "gold": ("gold",),
    "maintenance": ("maintenance",),
    "full": ("bronze", "silver", "gold"),
}
# Pipeline options passed on to the job of each k8s stage that takes them, only when given (the
# manifest's or the job's default otherwise). Options this script does not have are left out.
K8S_JOB_OPTIONS = {
    "bronze": ("--seed", "--customers", "--start-date", "--days", "--defect-rate"),
    "silver": ("--dates", "--max-reject-rate", "--as-of"),
    "gold": ("--dates", "--as-of", "--full-rebuild"),
    "maintenance": (
        "--snapshot-retention-hours", "--retain-last", "--orphan-retention-hours",
        "--target-file-size-mb",
    ),
}
# Options of the local target that mean nothing on Kubernetes, and what to do instead.
K8S_LOCAL_ONLY_OPTIONS = {
    "--data-dir": "the data lives in the S3 buckets that deploy.sh recorded",
    "--interactions": (
        "bronze's volume on k8s is --target-bytes: deploy.sh --target-bytes, or per run "
        "--set bronze:--target-bytes=100GB"
    ),
    "--master": "the Spark operator runs every job in cluster mode",
    "--driver-memory": "driver and executor sizes are in the manifests (k8s/spark/*.yaml)",
    "--spark-conf": "Spark settings are in the manifests' sparkConf (k8s/spark/*.yaml)",
    "--skip-build": "the jobs run the jars that deploy.sh uploaded",
    "--report": "a report file would stay in the driver pod; query the gold tables with Trino",
}
# Options of the k8s target only (k8s_runner.add_run_options).
K8S_ONLY_OPTIONS = ("--namespace", "--timeout", "--retries", "--set", "--manifests", "--kubectl")
K8S_OPTION_DESTS = {"--set": "overrides"}


def option_dest(option: str) -> str:
    return K8S_OPTION_DESTS.get(option, option.lstrip("-").replace("-", "_"))


def given_options(
    args: argparse.Namespace, parser: argparse.ArgumentParser, options: Iterable[str]
) -> list[str]:
    """The ``options`` set to something other than their default (flags: set)."""
    given = []
    for option in options:
        dest = option_dest(option)
        if not hasattr(args, dest):
            continue
        value = getattr(args, dest)
        if value is not None and value is not False and value != [] and value != parser.get_default(dest):
            given.append(option)
    return given


def k8s_argument(value: object) -> str | None:
    """A pipeline option's value as the job's argument; None for a flag."""
    if value is True:
        return None
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(d, datetime.date) for d in value):
        return format_date_range(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def k8s_plan(
    args: argparse.Namespace, parser: argparse.ArgumentParser
) -> tuple[list[str], dict[str, list[tuple[str, str | None]]], list[str]]:
    """(k8s stages, job argument overrides per stage, problems) of a --target k8s run.

    The pipeline's job options go to every stage run that takes them; ``--set`` overrides come
    after them, so they win.
    """
    stages = list(K8S_STAGE_PLAN[args.stage])
    problems = [
        f"argument {option}: applies to --target local only; on k8s {K8S_LOCAL_ONLY_OPTIONS[option]}"
        for option in given_options(args, parser, K8S_LOCAL_ONLY_OPTIONS)
    ]
    overrides: dict[str, list[tuple[str, str | None]]] = {}
    job_options = dict.fromkeys(option for options in K8S_JOB_OPTIONS.values() for option in options)
    for option in given_options(args, parser, job_options):
        takers = [stage for stage in stages if option in K8S_JOB_OPTIONS[stage]]
        if not takers:
            owners = [stage for stage, options in K8S_JOB_OPTIONS.items() if option in options]
            problems.append(
                f"argument {option}: applies to the {' and '.join(owners)} stage, which "
                f"--stage {args.stage} does not run"
            )
            continue
        value = k8s_argument(getattr(args, option_dest(option)))
        for stage in takers:
            overrides.setdefault(stage, []).append((option, value))
    for stage, option, value in args.overrides:
        if stage not in stages:
            problems.append(
                f"argument --set: '{stage}:{option}' applies to the {stage} stage, which "
                f"--stage {args.stage} does not run"
            )
            continue
        overrides.setdefault(stage, []).append((option, value))
    return stages, overrides, problems


def k8s_only_problems(args: argparse.Namespace, parser: argparse.ArgumentParser) -> list[str]:
    """The k8s options given with another target."""
    return [
        f"argument {option}: applies to --target k8s only"
        for option in given_options(args, parser, K8S_ONLY_OPTIONS)
    ]


def run_k8s(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """--target k8s: runs the stages as SparkApplications in args.namespace and returns
    k8s_runner's result: 0 success, 1 a stage failed or timed out (the later ones did not run),
    2 bad usage, 3 kubectl or the cluster unusable (the SparkApplication kind missing included)."""
    stages, overrides, problems = k8s_plan(args, parser)
    if problems:
        report_problems(problems)
        return EXIT_USAGE
    what = "printing" if args.dry_run else "running"
    log(
        f"target k8s: {what} {', '.join(stages)} as SparkApplications in namespace "
        f"{args.namespace} (timeout {args.timeout} s per attempt, {args.retries} retries)"
    )
    try:
        result = k8s_runner.run_stages(
            stages, args.namespace, args.manifests, args.timeout, args.retries, args.kubectl,
            sys.stdout, overrides, dry_run=args.dry_run,
        )  # fmt: skip
    except KeyboardInterrupt:
        error("interrupted; a running SparkApplication keeps running in the cluster (see above)")
        return 130
    if result == k8s_runner.RESULT_FAILED:
        error("a stage did not succeed; see its driver log, diagnostics and the summary above")
    elif result != k8s_runner.RESULT_SUCCESS:
        error(f"the k8s run could not start (exit code {result}); see the message above")
    return result


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == QUERY_COMMAND:
        return main_query(argv[1:])
    return main_pipeline(argv)


def main_pipeline(argv: Sequence[str]) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE

    if args.target == "k8s":
        return run_k8s(args, parser)
    k8s_problems = k8s_only_problems(args, parser)
    if k8s_problems:
        report_problems(k8s_problems)
        return EXIT_USAGE

    problems = [problem for problem in [target_problem(args.target)] if problem]
    stages, skipped, stage_problem = plan_stages(args.stage)
    if stage_problem:
        problems.append(stage_problem)
    problems += check_options(args)
    data_dir = Path(args.data_dir).expanduser().resolve()
    problems += data_dir_problems(args.data_dir, data_dir)
    if problems:
        report_problems(problems)
        return EXIT_USAGE

    if skipped:
        log(
            f"--stage {args.stage}: running {', '.join(stages)}; "
            f"skipping {', '.join(skipped)} (not implemented yet)"
        )

    lakehouse = make_lakehouse(args, data_dir)
    if isinstance(lakehouse, int):
        return lakehouse

    java = find_java(os.environ)
    if java is None:
        error("java is not on the PATH and JAVA_HOME is not set; install a JDK 17")
        return EXIT_USAGE

    root = REPO_ROOT
    built = ensure_built(root, modules_of(stages), args.skip_build, args.dry_run)
    if built != EXIT_SUCCESS:
        return built

    outcomes: list[StageOutcome] = []
    script = display_script(root, Path.cwd())
    for index, stage in enumerate(stages):
        try:
            result = STAGE_RUNNERS[stage](args, root, lakehouse, java)
        except KeyboardInterrupt:
            error(f"interrupted during stage {stage}")
            return 130
        if isinstance(result, int):
            if result != EXIT_SUCCESS:
                return result
            continue
        outcomes.append(result)
        if result.exit_code != EXIT_SUCCESS:
            error(
                f"stage {stage} failed with exit code {result.exit_code}: "
                f"{describe_exit_code(result.exit_code)}"
            )
            not_run = stages[index + 1:]
            print(render_summary(outcomes, skipped, not_run, lakehouse, script, args.interactions))
            return process_exit_code(result.exit_code)

    if outcomes:
        print(render_summary(outcomes, skipped, [], lakehouse, script, args.interactions))
    return EXIT_SUCCESS


def make_lakehouse(args: argparse.Namespace, data_dir: Path) -> Lakehouse | int:
    """The run's lakehouse; on the stack, only once its servers answer (a dry run needs only
    its settings). Returns EXIT_UNAVAILABLE, with the reason on standard error, otherwise."""
    if args.target != "stack":
        return local_lakehouse(args, data_dir)
    try:
        settings = stack_target.load(os.environ, REPO_ROOT)
        lakehouse = stack_lakehouse(args, data_dir, settings)
        if not args.dry_run:
            stack_target.require_services(settings, stack_services(lakehouse.master))
    except stack_target.StackUnavailable as failure:
        error(str(failure))
        return EXIT_UNAVAILABLE
    log(
        f"target stack ({settings.state_dir}): bronze {lakehouse.bronze}, warehouse "
        f"{lakehouse.warehouse}, metastore {lakehouse.metastore_uri}, master {lakehouse.master}"
    )
    return lakehouse


def data_dir_problems(given: str, data_dir: Path) -> list[str]:
    if data_dir.exists() and not data_dir.is_dir():
        return [f"argument --data-dir: '{given}' is a file; expected a folder (new or existing)"]
    return []


def report_problems(problems: Sequence[str]) -> None:
    for problem in problems:
        error(problem)
    print("Run with --help for the accepted options.", file=sys.stderr)


# Query options that only the local target's Spark uses; Trino runs the stack's queries.
LOCAL_QUERY_OPTIONS = ("--data-dir", "--master", "--driver-memory", "--spark-conf", "--skip-build")


def query_problems(args: argparse.Namespace, parser: argparse.ArgumentParser) -> list[str]:
    problems = check_query_options(args)
    if args.target == "stack":
        problems += [
            f"argument {option}: applies to --target local only; on the stack Trino runs the "
            "query on the tables in the metastore"
            for option in given_options(args, parser, LOCAL_QUERY_OPTIONS)
        ]
    return problems


def query_on_stack(args: argparse.Namespace) -> int:
    """The statement through the stack's Trino (catalog lakehouse); the rows to standard output."""
    try:
        settings = stack_target.load(os.environ, REPO_ROOT)
    except stack_target.StackUnavailable as failure:
        error(str(failure))
        return EXIT_UNAVAILABLE
    if args.dry_run:
        print(f"POST {settings.trino_url}/v1/statement  (catalog {settings.trino_catalog}): {args.sql}")
        return EXIT_SUCCESS
    log(f"query through Trino at {settings.trino_url} ({args.format}, at most {args.limit:,} rows)")
    try:
        result = stack_target.trino_query(
            settings.trino_url, settings.trino_catalog, args.sql, args.limit
        )
    except stack_target.StackUnavailable as failure:
        error(str(failure))
        return EXIT_UNAVAILABLE
    except stack_target.TrinoQueryError as failure:
        error(f"Trino: {failure}")
        return EXIT_USAGE if failure.user_error else EXIT_INTERNAL
    except KeyboardInterrupt:
        error("interrupted during the query")
        return 130
    formatted = (
        stack_target.format_table(result) if args.format == "table"
        else stack_target.format_csv(result)
    )
    sys.stdout.write(formatted)
    sys.stdout.flush()
    return EXIT_SUCCESS


def report_query_problems(problems: Sequence[str]) -> None:
    for problem in problems:
        error(problem)
    print(f"Run with 'run_pipeline.py {QUERY_COMMAND} --help' for the accepted options.",
          file=sys.stderr)


def main_query(argv: Sequence[str]) -> int:
    """run_pipeline.py query SQL [options]: one statement, rows to stdout: Spark SQL on the local
    lakehouse, or Trino SQL on the stack.

    Only the rows go to standard output (Maven's and Spark's messages go to standard error), so
    that ``--format csv > rows.csv`` gives a clean file.
    """
    parser = build_query_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE

    problems = query_problems(args, parser)
    if args.target == "stack":
        if problems:
            report_query_problems(problems)
            return EXIT_USAGE
        return query_on_stack(args)
    data_dir = Path(args.data_dir).expanduser().resolve()
    problems += data_dir_problems(args.data_dir, data_dir)
    warehouse_dir = data_dir / "warehouse"
    if not problems and not warehouse_dir.is_dir():
        message = (
            f"argument --data-dir: there is no lakehouse in {data_dir} ({warehouse_dir} is "
            "missing); run the pipeline first (run_pipeline.py --stage full --data-dir "
            f"{shlex.quote(args.data_dir)}), or point --data-dir at its folder"
        )
        if args.dry_run:
            log(f"warning: {message}")
        else:
            problems.append(message)
    if problems:
        report_query_problems(problems)
        return EXIT_USAGE

    java = find_java(os.environ)
    if java is None:
        error("java is not on the PATH and JAVA_HOME is not set; install a JDK 17")
        return EXIT_USAGE

    root = REPO_ROOT
    # Maven's output goes to standard error (descriptor 2): standard output carries the rows only.
    built = ensure_built(root, [QUERY_MODULE], args.skip_build, args.dry_run, maven_output=2)
    if built != EXIT_SUCCESS:
        return built
    command = job_command(
        args, root, java, QUERY_MODULE, QUERY_MAIN_CLASS,
        query_job_args(warehouse_dir, args.sql, args.format, args.limit),
        local_lakehouse(args, data_dir),
    )
    if isinstance(command, int):
        return command
    if args.dry_run:
        print(shlex.join(command))
        return EXIT_SUCCESS
    log(f"query on {warehouse_dir} ({args.format}, at most {args.limit:,} rows)")
    try:
        result = subprocess.run(
            command, cwd=data_dir, env=local_job_environment(os.environ), check=False
        )
    except KeyboardInterrupt:
        error("interrupted during the query")
        return 130
    if result.returncode != EXIT_SUCCESS:
        error(
            f"the query failed with exit code {result.returncode}: "
            f"{describe_exit_code(result.returncode)}"
        )
    return process_exit_code(result.returncode)


if __name__ == "__main__":
    sys.exit(main())
