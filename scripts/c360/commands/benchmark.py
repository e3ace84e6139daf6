"""``benchmark``: each stage against its peers, same machine, same run (docs/BENCHMARKS.md).

Bronze (``--stage bronze``, the default): the generator alone (Spark's noop sink), the interactions
table to Parquet, the whole bronze job, and DuckDB writing an equivalent table (same rows, columns,
types, null shares and date partitions) with the same number of threads, with ratios.

Silver (``--stage silver``): the silver job on 31 days of bronze into an empty warehouse, the
incremental case (one new day on top of 30), and DuckDB doing the SQL-expressible part of the same
cleansing, validation and deduplication on the same Parquet, with ratios and where silver's time
goes.

Gold (``--stage gold``): the gold job (full rebuild) on silver built from the benchmark's bronze, and
DuckDB computing the same five gold tables with SQL over the same silver rows exported to Parquet,
with ratios, where gold's time goes and a row-by-row comparison of the two results (a difference
beyond rounding fails the run).

Stack (``--stage stack``): Spark against Trino on the servers of ``scripts/local-stack.sh`` (started
when they are not running, and then stopped again). Untimed set-up: bronze and silver spark-submitted
to the stack (``--interactions`` over ``--days``; ``--skip-setup`` keeps the silver tables already
there). Then, per round: gold as the gold job with ``--full-rebuild`` spark-submitted to the stack's
master (the job's own ``duration_ms`` and the spark-submit's wall time) against the same five gold
tables as Trino CTAS into ``lakehouse.bench_trino`` from the same silver tables (gold-trino.sql, the
translation of gold-duckdb.sql), and silver's write of a batch's two dates into a copy of
``silver.interactions`` without its last day (source: every row of that day and of the day before, a
fifth of the day before changed) by Spark (the stack write benchmark class, spark-submitted: the
overwrite by filter silver-build commits, timed in the driver) against Trino's DELETE of the two
dates and INSERT, the target rebuilt before each. Ratios are Trino seconds / Spark seconds (1.0 or
more: Spark is at least as fast), in wall time and in CPU seconds (c360/bench/cpu.py: Spark's
spark-submitted processes, master, workers and executors; Trino's server). Checked: the Trino gold tables against the job's, row by row
through Trino (beyond rounding fails the run), and both writes' results against the expected table
(row count and Trino's checksum of every column).

"""

from __future__ import annotations

import argparse
import os
import subprocess
from pathlib import Path
from typing import Sequence

from c360 import build, jobs, launch, options as options_module
from c360.arguments import memory_size, whole_number
from c360.bench.stack import run_stack
from c360.errors import InternalError, UsageError
from c360.options import BenchmarkOptions

# Per stage: interactions and driver heap when not given. Silver's volume keeps a run of three
# rounds (each a full run, an incremental run and DuckDB) under ten minutes on 2 cores (7.4 minutes
# in the documented run); its heap is the one run_pipeline.py gives the job.
# Gold's volume keeps one round (the gold job and DuckDB) to about a minute on 2 cores, and the whole
# run (bronze and silver set-up, warm-up, three rounds, two comparisons) to a few minutes.
# The stack's volume keeps a whole run (set-up, three rounds of gold and MERGE on both engines,
# the checks) to about 20 minutes on 2 cores shared by two one-core Spark workers and Trino (22
# minutes in the documented run, at load average 10-14; the Spark jobs' fixed costs dominate); its
# days cover the 30 days the stack's earlier runs wrote, so silver holds this run's rows.
DEFAULT_INTERACTIONS = {
    "bronze": 10_000_000, "silver": 1_000_000, "gold": 2_000_000, "stack": 200_000}
DEFAULT_DRIVER_MEMORY = {"bronze": "1g", "silver": "2g", "gold": "2g", "stack": "2g"}
MAIN_CLASSES = {
    "bronze": jobs.BENCH_BRONZE_MAIN_CLASS,
    "silver": jobs.BENCH_SILVER_MAIN_CLASS,
    "gold": jobs.BENCH_GOLD_MAIN_CLASS,
}
# Each benchmark empties its work folder first: silver and gold have their own, so that runs of
# different stages on the same checkout do not delete each other's data.
DEFAULT_WORK_DIRS = {
    "bronze": "target/benchmark", "silver": "target/benchmark-silver",
    "gold": "target/benchmark-gold", "stack": "target/benchmark-stack"}
STAGES = ("bronze", "silver", "gold", "stack")
# Comet speeds up scans, aggregations, joins and shuffles, not bronze's generator and writes.
COMET_STAGES = ("silver", "gold")


SUMMARY = "benchmark a stage against DuckDB, or Spark against Trino on the stack"
ERROR_PREFIX = "benchmark.py: "
PARSER_SETTINGS = dict(
    description="Benchmark a stage against DuckDB on this machine (docs/BENCHMARKS.md).",
    allow_abbrev=False,
)


def build_parser(prog: str = "benchmark.py") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, **PARSER_SETTINGS)
    add_arguments(parser)
    return parser


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--stage", choices=STAGES, default="bronze",
        help="bronze: generating and writing the raw data; silver: cleansing, validation,"
        " deduplication and the incremental case; gold: the gold tables from silver;"
        " stack: gold and silver's write by Spark against Trino on scripts/local-stack.sh's"
        " servers (default: %(default)s)")
    parser.add_argument(
        "--interactions", type=whole_number(1), default=None,
        help="interaction rows to generate (default: 10000000 for bronze, 1000000 for silver"
        " (spread over --days + 1 dates), 2000000 for gold, 200000 for stack)")
    parser.add_argument(
        "--days", type=whole_number(1), default=30,
        help="event dates the rows spread over; for silver, the days before the new day"
        " (default: %(default)s)")
    parser.add_argument(
        "--cores", type=whole_number(1), default=2,
        help="Spark local[N] and DuckDB threads (default: %(default)s; stack: not used, the"
        " stack has two one-core workers)")
    parser.add_argument(
        "--driver-memory", type=memory_size, default=None,
        help="fixed JVM heap for Spark's driver and DuckDB's host JVM (default: 1g for bronze,"
        " 2g for silver, gold and stack, as run_pipeline.py runs the jobs)")
    parser.add_argument(
        "--work-dir", default=None,
        help="scratch folder for the outputs, emptied first (default: target/benchmark;"
        " target/benchmark-silver for silver, target/benchmark-gold for gold,"
        " target/benchmark-stack for stack: the jobs' working folder there)")
    parser.add_argument(
        "--repeats", type=whole_number(1), default=3,
        help="rounds of all runs; medians and ratio ranges are printed last (default: %(default)s)")
    parser.add_argument(
        "--parquet-layouts", action="store_true",
        help="instead: the Parquet layout comparison behind bronze's writer settings, on"
        " --interactions rows of one date (3000000 is the documented size); bronze only")
    parser.add_argument(
        "--skip-setup", action="store_true",
        help="stack only: no bronze and silver set-up; benchmark on the silver tables already on"
        " the stack (--interactions and --days are then not used)")
    parser.add_argument(
        "--comet", action="store_true",
        help="silver and gold only: run Spark with Apache DataFusion Comet's native execution (the"
        " jar from the Maven build, the settings of CometSettings.java; docs/TUNING.md); DuckDB"
        " is unchanged")
    parser.add_argument(
        "--skip-build", action="store_true", help="do not run Maven before the benchmark")


def options_from(namespace: argparse.Namespace, parser: argparse.ArgumentParser) -> BenchmarkOptions:
    """The options with the per-stage defaults filled; refuses what does not fit the stage
    (argparse's error, exit 2)."""
    if namespace.parquet_layouts and namespace.stage != "bronze":
        parser.error("--parquet-layouts compares bronze's Parquet writers; it needs --stage bronze")
    if namespace.skip_setup and namespace.stage != "stack":
        parser.error("--skip-setup keeps the stack's silver tables; it needs --stage stack")
    if namespace.comet and (namespace.stage not in COMET_STAGES or namespace.parquet_layouts):
        parser.error(
            "--comet benchmarks silver and gold with Comet; it needs --stage silver or gold")
    return options_module.benchmark_options(
        namespace,
        DEFAULT_INTERACTIONS[namespace.stage],
        DEFAULT_DRIVER_MEMORY[namespace.stage],
        DEFAULT_WORK_DIRS[namespace.stage],
    )


def parse(argv: Sequence[str]) -> BenchmarkOptions:
    """The options of a ``benchmark`` command line (argparse exits on a bad one)."""
    parser = build_parser()
    return options_from(parser.parse_args(list(argv)), parser)


def benchmark_command(
    *,
    java: str,
    root: Path,
    classpath: Sequence[str],
    options: BenchmarkOptions,
    comet_jars: Sequence[str] = (),
) -> list[str]:
    """One JVM: the benchmark main with the fixed heap and the Java 17 flags Spark needs. With
    --comet, ``comet_jars`` go before Spark's jars and the switch is a system property: the
    benchmark's session (LocalSessions) reads spark.* system properties as spark-submit's --conf."""
    comet = [f"-D{jobs.COMET_SWITCH}=true"] if options.comet else []
    jvm = [
        java,
        *launch.JAVA17_FLAGS,
        *launch.JIT_FLAGS,
        f"-Dlog4j2.configurationFile={root / launch.LOG4J_CONFIG}",
        *comet,
        f"-Xmx{options.driver_memory}",
        "-cp",
        os.pathsep.join([str(root / jobs.BENCH_JAR), *comet_jars, *classpath]),
    ]
    work_dir = str(Path(options.work_dir).resolve())
    if options.parquet_layouts:
        return jvm + [
            jobs.BENCH_LAYOUT_MAIN_CLASS, str(options.interactions), work_dir, str(options.cores),
            str(options.repeats),
        ]
    return jvm + [
        MAIN_CLASSES[options.stage],
        str(options.interactions),
        str(options.days),
        work_dir,
        str(options.cores),
        str(options.repeats),
    ]


def build_and_find_java(options: BenchmarkOptions, root: Path) -> str:
    """Builds the benchmarks (and what they need) unless --skip-build; the java to run them with.

    :raises InternalError: the build failed
    :raises UsageError: there is no JDK
    """
    if not options.skip_build:
        command = build.maven_package_command([jobs.BENCH_MODULE])
        print("==> building: " + " ".join(command), flush=True)
        if subprocess.run(command, cwd=root, check=False).returncode != 0:
            raise InternalError("the Maven build failed")
    java = launch.find_java(os.environ)
    if java is None:
        raise UsageError("no java on the PATH or in JAVA_HOME; install a JDK 17")
    return java


def execute(options: BenchmarkOptions) -> int:
    """Runs the benchmark; returns its exit code."""
    root = jobs.REPO_ROOT
    java = build_and_find_java(options, root)
    if options.stage == "stack":
        return run_stack(options, root, java)
    classpath_file = root / jobs.BENCH_CLASSPATH
    if not classpath_file.is_file():
        raise UsageError(f"{jobs.BENCH_CLASSPATH} is missing; run without --skip-build")
    classpath = launch.parse_runtime_classpath(classpath_file.read_text(encoding="utf-8"))
    comet_jars = launch.comet_jars(root) if options.comet else []
    if comet_jars:
        print("==> Apache DataFusion Comet on: " + os.pathsep.join(comet_jars), flush=True)
    command = benchmark_command(
        java=java, root=root, classpath=classpath, options=options, comet_jars=comet_jars)
    environment = launch.local_job_environment(os.environ)
    return subprocess.run(command, cwd=root, env=environment, check=False).returncode
