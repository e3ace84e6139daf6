#!/usr/bin/env python3
"""Runs the Customer 360 lakehouse pipeline: bronze, then silver, then gold.

Local target: each stage's job jar runs in one JVM through Spark's SparkSubmit class, on the
Spark runtime classpath that the Maven build resolves (no Spark installation needed). The
script builds what is missing or stale, streams the job's output (Spark's progress bar
included), stops at the first failing stage with that job's exit code, and ends with a
summary of what each stage did.

Only the bronze stage and the local target exist so far; the others say so and exit 2.

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

REPO_ROOT = Path(__file__).resolve().parent.parent

STAGES = ("bronze", "silver", "gold")
IMPLEMENTED_STAGES = ("bronze",)
TARGETS = ("local", "stack", "k8s")
IMPLEMENTED_TARGETS = ("local",)

VERSION = "0.1.0-SNAPSHOT"
BRONZE_MODULE = "bronze-ingest"
BRONZE_JAR = f"{BRONZE_MODULE}/target/{BRONZE_MODULE}-{VERSION}.jar"
BRONZE_MAIN_CLASS = "io.c360.bronze.BronzeIngestMain"
# Written by the Maven build: one line, the jars of the `provided` scope (Spark, Hadoop, AWS SDK).
RUNTIME_CLASSPATH = f"{BRONZE_MODULE}/target/spark-runtime.classpath"
# A change under any of these makes the bronze jar stale.
BUILD_INPUTS = (
    "pom.xml",
    "common/pom.xml",
    "common/src",
    "bronze-ingest/pom.xml",
    "bronze-ingest/src",
)
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
# Spark settings that this script sets from its own options; --spark-conf must not fight them.
RESERVED_SPARK_CONF = {
    "spark.master": "--master",
    "spark.driver.memory": "--driver-memory",
}


# ---------------------------------------------------------------------------------------------
# Arguments


def whole_number(minimum: int | None) -> Callable[[str], int]:
    """An argparse type: an integer, at least ``minimum`` when given."""

    def convert(text: str) -> int:
        accepted = "a whole number" if minimum is None else f"a whole number >= {minimum}"
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"'{text}' is not accepted; expected {accepted}"
            ) from None
        if minimum is not None and value < minimum:
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="run_pipeline.py",
        allow_abbrev=False,
        description=(
            "Run the Customer 360 lakehouse pipeline (bronze -> silver -> gold). "
            "Builds the job jars when needed, runs each stage, stops at the first failure "
            "with the job's exit code, and prints a summary. "
            "Only the bronze stage and the local target exist so far."
        ),
        epilog=(
            "Exit codes: 0 success, 1 internal error, 2 bad usage or configuration, "
            "3 an external system unreachable, 4 a data-quality gate failed."
        ),
    )
    parser.add_argument(
        "--stage",
        choices=("bronze", "silver", "gold", "full"),
        default="full",
        help="Stage to run; 'full' runs every stage that exists, in order (default: %(default)s).",
    )
    parser.add_argument(
        "--target",
        choices=TARGETS,
        default="local",
        help=(
            "Where the jobs run: local (one JVM, local files), stack (local servers), "
            "k8s (Stackable). Only local exists so far (default: %(default)s)."
        ),
    )
    parser.add_argument(
        "--data-dir",
        default="./lakehouse-data",
        help=(
            "Folder of the lakehouse: bronze goes to DATA_DIR/bronze, the Iceberg warehouse "
            "is DATA_DIR/warehouse. Relative to the current directory (default: %(default)s)."
        ),
    )
    parser.add_argument(
        "--seed",
        type=whole_number(None),
        default=42,
        help="Seed of the synthetic data: same seed and options, same data (default: %(default)s).",
    )
    parser.add_argument(
        "--customers",
        type=whole_number(1),
        default=None,
        help="Number of customers (default: chosen by the bronze job from --interactions).",
    )
    parser.add_argument(
        "--interactions",
        type=whole_number(0),
        default=100_000,
        help="Number of interaction events to generate (default: %(default)s).",
    )
    parser.add_argument(
        "--start-date",
        type=iso_date,
        default=datetime.date(2026, 1, 1),
        help="First day of generated events, YYYY-MM-DD (default: %(default)s).",
    )
    parser.add_argument(
        "--days",
        type=whole_number(1),
        default=30,
        help="Number of days of events, starting at --start-date (default: %(default)s).",
    )
    parser.add_argument(
        "--defect-rate",
        type=fraction,
        default=0.02,
        help="Share of rows made dirty on purpose, from 0 to 1 (default: %(default)s).",
    )
    parser.add_argument(
        "--master",
        default="local[*]",
        help="Spark master; for --target local: local, local[N] or local[*] (default: %(default)s).",
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
    return parser


def check_options(args: argparse.Namespace) -> list[str]:
    """Checks that need more than one option; returns one message per problem."""
    problems = []
    if args.target == "local" and not LOCAL_MASTER_PATTERN.match(args.master):
        problems.append(
            f"argument --master: '{args.master}' is not accepted with --target local; "
            "expected local, local[N] or local[*]"
        )
    return problems


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
            f"available now: {', '.join(IMPLEMENTED_STAGES)}, "
            f"and full (runs {', '.join(IMPLEMENTED_STAGES)})"
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


def build_reason(state: BuildState) -> str | None:
    """Why the bronze jar must be built, or None when it is up to date."""
    if state.jar_mtime is None:
        return f"{BRONZE_JAR} is missing"
    if not state.classpath_present:
        return f"{RUNTIME_CLASSPATH} is missing"
    newer = sorted(
        (path for path, mtime in state.input_mtimes.items() if mtime > state.jar_mtime),
        key=lambda path: (-state.input_mtimes[path], path),
    )
    if not newer:
        return None
    if len(newer) == 1:
        return f"{newer[0]} changed after the jar was built"
    return f"{newer[0]} and {len(newer) - 1} other file(s) changed after the jar was built"


def read_build_state(root: Path) -> BuildState:
    jar = root / BRONZE_JAR
    jar_mtime = jar.stat().st_mtime if jar.is_file() else None
    return BuildState(
        jar_mtime=jar_mtime,
        classpath_present=(root / RUNTIME_CLASSPATH).is_file(),
        input_mtimes=dict(input_mtimes(root, BUILD_INPUTS)),
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


def maven_build_command() -> list[str]:
    return ["mvn", "-B", "-q", "-DskipTests", "package", "-pl", BRONZE_MODULE, "-am"]


# ---------------------------------------------------------------------------------------------
# Job commands


def bronze_job_args(args: argparse.Namespace, bronze_dir: Path, warehouse_dir: Path) -> list[str]:
    """The bronze job's own arguments (after the jar on the SparkSubmit command line)."""
    job_args = [
        "--output", str(bronze_dir),
        "--seed", str(args.seed),
        "--interactions", str(args.interactions),
    ]
    if args.customers is not None:
        job_args += ["--customers", str(args.customers)]
    job_args += [
        "--start-date", args.start_date.isoformat(),
        "--days", str(args.days),
        "--defect-rate", repr(args.defect_rate),
        "--target", args.target,
        "--warehouse", str(warehouse_dir),
    ]
    return job_args


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
) -> list[str]:
    """One JVM running SparkSubmit in client mode: the driver (and local executors) in-process."""
    command = [java, *JAVA17_FLAGS, f"-Dlog4j2.configurationFile={log4j_config}"]
    command += [f"-Xmx{driver_memory}", "-cp", os.pathsep.join([str(jar), *runtime_classpath])]
    command += [SPARK_SUBMIT_CLASS, "--master", master, "--class", main_class]
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
        line += f"\n{indent}error: {report['error']}"
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


def data_lines(outcomes: Sequence[StageOutcome], data_dir: str) -> list[str]:
    """Where the data of the run is."""
    lines = ["Data", f"  bronze     {data_dir}/bronze"]
    for outcome in outcomes:
        for name, table in as_mapping(as_mapping(outcome.manifest).get("tables")).items():
            path = as_mapping(table).get("path")
            if isinstance(path, str):
                lines.append(f"    {str(name):<24} {path}")
    lines += [f"  manifest   {path}" for path in written_manifests(outcomes)]
    lines.append(
        f"  warehouse  {data_dir}/warehouse (Iceberg; for silver and gold, which come next)"
    )
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
    data_dir: str,
    script: str,
    interactions: int,
) -> str:
    """The closing summary: stages, tables, where the data is, and what to try next."""
    lines = ["", "== Summary " + "=" * 60, "Stages"]
    lines += [stage_line(outcome) for outcome in outcomes]
    lines += [f"  {stage:<8} {'SKIPPED':<10} {'':>10}   (not implemented yet)" for stage in skipped]
    lines += [f"  {stage:<8} {'NOT RUN':<10} {'':>10}   (an earlier stage failed)" for stage in not_run]
    for outcome in outcomes:
        tables = table_lines(outcome)
        if tables:
            lines += ["", *tables]
    lines += ["", *data_lines(outcomes, data_dir)]
    lines += ["", "Next"]
    lines += [f"  {command}" for command in next_commands(outcomes, data_dir, script, interactions)]
    return "\n".join(lines)


def next_commands(
    outcomes: Sequence[StageOutcome], data_dir: str, script: str, interactions: int
) -> list[str]:
    """What to try after this run: a fix to look for after a failure, else a look and a bigger run."""
    run = f"python3 {shlex.quote(script)}"
    failed = [outcome for outcome in outcomes if outcome.exit_code != EXIT_SUCCESS]
    if failed:
        code = failed[0].exit_code
        if code == EXIT_USAGE:
            return [f"{run} --help    # the accepted options"]
        if code == EXIT_UNAVAILABLE:
            return [f"ls -ld {shlex.quote(data_dir)}    # is the data folder reachable and writable?"]
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
    bigger = 10 * interactions if interactions else 100_000
    commands.append(
        f"{run} --stage bronze --interactions {bigger} --data-dir {shlex.quote(data_dir)}"
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


def ensure_built(root: Path, skip_build: bool, dry_run: bool) -> int:
    reason = build_reason(read_build_state(root))
    if reason is None:
        return EXIT_SUCCESS
    if skip_build:
        if not (root / BRONZE_JAR).is_file() or not (root / RUNTIME_CLASSPATH).is_file():
            error(f"--skip-build was given but {reason}; run without --skip-build to build it")
            return EXIT_USAGE
        log(f"warning: {reason}; running the existing jar because of --skip-build")
        return EXIT_SUCCESS
    command = maven_build_command()
    if dry_run:
        print(f"(cd {shlex.quote(str(root))} && {shlex.join(command)})    # {reason}")
        return EXIT_SUCCESS
    if shutil.which(command[0]) is None:
        error("Maven (mvn) is not on the PATH; install Maven 3.8+, or build the jars elsewhere "
              "and pass --skip-build")
        return EXIT_USAGE
    log(f"building {BRONZE_MODULE} because {reason}: {shlex.join(command)}")
    started = time.monotonic()
    result = subprocess.run(command, cwd=root, check=False)
    if result.returncode != 0:
        error(
            f"the Maven build failed (exit code {result.returncode}); "
            f"run 'mvn -B package -pl {BRONZE_MODULE} -am' in {root} for the full output"
        )
        return EXIT_INTERNAL
    log(f"built in {format_duration((time.monotonic() - started) * 1000)}")
    return EXIT_SUCCESS


def run_bronze(
    args: argparse.Namespace, root: Path, data_dir: Path, java: str
) -> StageOutcome | int:
    """Runs the bronze job; returns its outcome, or an exit code when it could not start."""
    classpath_file = root / RUNTIME_CLASSPATH
    if classpath_file.is_file():
        runtime_classpath = parse_runtime_classpath(classpath_file.read_text(encoding="utf-8"))
    elif args.dry_run:
        runtime_classpath = [f"<contents of {RUNTIME_CLASSPATH}, written by the build>"]
    else:
        error(f"{classpath_file} is missing; run without --skip-build to build it")
        return EXIT_USAGE
    command = local_job_command(
        java=java,
        jar=root / BRONZE_JAR,
        runtime_classpath=runtime_classpath,
        main_class=BRONZE_MAIN_CLASS,
        master=args.master,
        driver_memory=args.driver_memory,
        spark_confs=args.spark_conf,
        log4j_config=root / LOG4J_CONFIG,
        job_args=bronze_job_args(args, data_dir / "bronze", data_dir / "warehouse"),
    )
    if args.dry_run:
        print(shlex.join(command))
        return EXIT_SUCCESS
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as failure:
        error(
            f"argument --data-dir: cannot create '{data_dir}': {failure.strerror}; "
            "choose a writable folder"
        )
        return EXIT_USAGE
    log(
        f"stage bronze: {args.interactions:,} interactions over {args.days} day(s) from "
        f"{args.start_date}, defect rate {args.defect_rate}, master {args.master}"
    )
    started = time.monotonic()
    # The job runs in the data folder so that anything Spark writes next to itself stays there.
    environment = local_job_environment(os.environ)
    exit_code, report = run_streaming(command, cwd=data_dir, environment=environment)
    wall_ms = int((time.monotonic() - started) * 1000)
    manifest_path = (
        data_dir / "bronze" / "_manifests"
        / f"{args.start_date.isoformat()}_{end_date(args.start_date, args.days).isoformat()}.json"
    )
    manifest = read_manifest(manifest_path) if exit_code == EXIT_SUCCESS else None
    if exit_code == EXIT_SUCCESS and manifest is None:
        log(f"warning: the bronze job succeeded but wrote no readable manifest at {manifest_path}")
    return StageOutcome(
        stage="bronze",
        exit_code=exit_code,
        wall_ms=wall_ms,
        report=report,
        manifest=manifest,
        manifest_path=str(manifest_path),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE

    problems = [problem for problem in [target_problem(args.target)] if problem]
    stages, skipped, stage_problem = plan_stages(args.stage)
    if stage_problem:
        problems.append(stage_problem)
    problems += check_options(args)
    data_dir = Path(args.data_dir).expanduser().resolve()
    if data_dir.exists() and not data_dir.is_dir():
        problems.append(
            f"argument --data-dir: '{args.data_dir}' is a file; expected a folder (new or existing)"
        )
    if problems:
        for problem in problems:
            error(problem)
        print("Run with --help for the accepted options.", file=sys.stderr)
        return EXIT_USAGE

    if skipped:
        log(
            f"--stage {args.stage}: running {', '.join(stages)}; "
            f"skipping {', '.join(skipped)} (not implemented yet)"
        )

    java = find_java(os.environ)
    if java is None:
        error("java is not on the PATH and JAVA_HOME is not set; install a JDK 17")
        return EXIT_USAGE

    root = REPO_ROOT
    built = ensure_built(root, args.skip_build, args.dry_run)
    if built != EXIT_SUCCESS:
        return built

    outcomes: list[StageOutcome] = []
    runners = {"bronze": run_bronze}
    script = display_script(root, Path.cwd())
    for index, stage in enumerate(stages):
        try:
            result = runners[stage](args, root, data_dir, java)
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
            print(render_summary(outcomes, skipped, not_run, str(data_dir), script, args.interactions))
            return 128 - result.exit_code if result.exit_code < 0 else result.exit_code

    if outcomes:
        print(render_summary(outcomes, skipped, [], str(data_dir), script, args.interactions))
    return EXIT_SUCCESS


if __name__ == "__main__":
    sys.exit(main())
