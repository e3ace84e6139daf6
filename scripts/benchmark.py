#!/usr/bin/env python3
"""The benchmark command of docs/BENCHMARKS.md: each stage against its peers, same machine, same run.

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
beyond rounding fails the run). Standard library only.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run_pipeline  # noqa: E402  (the sibling script: Java flags, classpath, environment)

BENCH_MODULE = "benchmarks"
BENCH_JAR = f"{BENCH_MODULE}/target/{BENCH_MODULE}-{run_pipeline.VERSION}.jar"
BENCH_CLASSPATH = f"{BENCH_MODULE}/target/benchmark.classpath"
BENCH_MAIN_CLASS = "io.c360.bench.BronzeBenchmark"
SILVER_MAIN_CLASS = "io.c360.bench.SilverBenchmark"
GOLD_MAIN_CLASS = "io.c360.bench.GoldBenchmark"
LAYOUT_MAIN_CLASS = "io.c360.bench.ParquetLayoutBenchmark"

# Per stage: interactions and driver heap when not given. Silver's volume keeps a run of three
# rounds (each a full run, an incremental run and DuckDB) under ten minutes on 2 cores (7.4 minutes
# in the documented run); its heap is the one run_pipeline.py gives the job.
# Gold's volume keeps one round (the gold job and DuckDB) to about a minute on 2 cores, and the whole
# run (bronze and silver set-up, warm-up, three rounds, two comparisons) to a few minutes.
DEFAULT_INTERACTIONS = {"bronze": 10_000_000, "silver": 1_000_000, "gold": 2_000_000}
DEFAULT_DRIVER_MEMORY = {"bronze": "1g", "silver": "2g", "gold": "2g"}
MAIN_CLASSES = {"bronze": BENCH_MAIN_CLASS, "silver": SILVER_MAIN_CLASS, "gold": GOLD_MAIN_CLASS}
# Each benchmark empties its work folder first: silver and gold have their own, so that runs of
# different stages on the same checkout do not delete each other's data.
DEFAULT_WORK_DIRS = {
    "bronze": "target/benchmark", "silver": "target/benchmark-silver",
    "gold": "target/benchmark-gold"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Benchmark a stage against DuckDB on this machine (docs/BENCHMARKS.md).",
        allow_abbrev=False,
    )
    parser.add_argument(
        "--stage", choices=("bronze", "silver", "gold"), default="bronze",
        help="bronze: generating and writing the raw data; silver: cleansing, validation,"
        " deduplication and the incremental case; gold: the gold tables from silver"
        " (default: %(default)s)")
    parser.add_argument(
        "--interactions", type=run_pipeline.whole_number(1), default=None,
        help="interaction rows to generate (default: 10000000 for bronze, 1000000 for silver"
        " (spread over --days + 1 dates), 2000000 for gold)")
    parser.add_argument(
        "--days", type=run_pipeline.whole_number(1), default=30,
        help="event dates the rows spread over; for silver, the days before the new day"
        " (default: %(default)s)")
    parser.add_argument(
        "--cores", type=run_pipeline.whole_number(1), default=2,
        help="Spark local[N] and DuckDB threads (default: %(default)s)")
    parser.add_argument(
        "--driver-memory", type=run_pipeline.memory_size, default=None,
        help="fixed JVM heap for Spark's driver and DuckDB's host JVM (default: 1g for bronze,"
        " 2g for silver and gold, as run_pipeline.py runs the jobs)")
    parser.add_argument(
        "--work-dir", default=None,
        help="scratch folder for the outputs, emptied first (default: target/benchmark;"
        " target/benchmark-silver for silver, target/benchmark-gold for gold)")
    parser.add_argument(
        "--repeats", type=run_pipeline.whole_number(1), default=3,
        help="rounds of all runs; medians and ratio ranges are printed last (default: %(default)s)")
    parser.add_argument(
        "--parquet-layouts", action="store_true",
        help="instead: the Parquet layout comparison behind bronze's writer settings, on"
        " --interactions rows of one date (3000000 is the documented size); bronze only")
    parser.add_argument(
        "--skip-build", action="store_true", help="do not run Maven before the benchmark")
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parses the options and fills the per-stage defaults; refuses what does not fit the stage."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.parquet_layouts and args.stage != "bronze":
        parser.error("--parquet-layouts compares bronze's Parquet writers; it needs --stage bronze")
    if args.interactions is None:
        args.interactions = DEFAULT_INTERACTIONS[args.stage]
    if args.driver_memory is None:
        args.driver_memory = DEFAULT_DRIVER_MEMORY[args.stage]
    if args.work_dir is None:
        args.work_dir = DEFAULT_WORK_DIRS[args.stage]
    return args


def benchmark_command(
    *, java: str, root: Path, classpath: Sequence[str], args: argparse.Namespace
) -> list[str]:
    """One JVM: the benchmark main with the fixed heap and the Java 17 flags Spark needs."""
    jvm = [
        java,
        *run_pipeline.JAVA17_FLAGS,
        f"-Dlog4j2.configurationFile={root / run_pipeline.LOG4J_CONFIG}",
        f"-Xmx{args.driver_memory}",
        "-cp",
        os.pathsep.join([str(root / BENCH_JAR), *classpath]),
    ]
    work_dir = str(Path(args.work_dir).resolve())
    if args.parquet_layouts:
        return jvm + [
            LAYOUT_MAIN_CLASS, str(args.interactions), work_dir, str(args.cores), str(args.repeats)]
    return jvm + [
        MAIN_CLASSES[args.stage],
        str(args.interactions),
        str(args.days),
        work_dir,
        str(args.cores),
        str(args.repeats),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    root = run_pipeline.REPO_ROOT
    if not args.skip_build:
        build = ["mvn", "-B", "-q", "-DskipTests", "package", "-pl", BENCH_MODULE, "-am"]
        print("==> building: " + " ".join(build), flush=True)
        if subprocess.run(build, cwd=root, check=False).returncode != 0:
            print("benchmark.py: the Maven build failed", file=sys.stderr)
            return 1
    java = run_pipeline.find_java(os.environ)
    if java is None:
        print("benchmark.py: no java on the PATH or in JAVA_HOME; install a JDK 17", file=sys.stderr)
        return 2
    classpath_file = root / BENCH_CLASSPATH
    if not classpath_file.is_file():
        print(f"benchmark.py: {BENCH_CLASSPATH} is missing; run without --skip-build", file=sys.stderr)
        return 2
    classpath = run_pipeline.parse_runtime_classpath(classpath_file.read_text(encoding="utf-8"))
    command = benchmark_command(java=java, root=root, classpath=classpath, args=args)
    environment = run_pipeline.local_job_environment(os.environ)
    return subprocess.run(command, cwd=root, env=environment, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
