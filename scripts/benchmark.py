#!/usr/bin/env python3
"""The benchmark command of docs/BENCHMARKS.md: each stage against its peers, same machine, same run.

Bronze now: the generator alone (Spark's noop sink), the interactions table to Parquet, the whole
bronze job, and DuckDB writing an equivalent table (same rows, columns, types, null shares and
date partitions) with the same number of threads, with ratios. Standard library only.
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
LAYOUT_MAIN_CLASS = "io.c360.bench.ParquetLayoutBenchmark"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Benchmark the bronze stage against DuckDB on this machine (docs/BENCHMARKS.md).",
        allow_abbrev=False,
    )
    parser.add_argument(
        "--interactions", type=run_pipeline.whole_number(1), default=10_000_000,
        help="interaction rows to generate (default: %(default)s)")
    parser.add_argument(
        "--days", type=run_pipeline.whole_number(1), default=30,
        help="event dates the rows spread over (default: %(default)s)")
    parser.add_argument(
        "--cores", type=run_pipeline.whole_number(1), default=2,
        help="Spark local[N] and DuckDB threads (default: %(default)s)")
    parser.add_argument(
        "--driver-memory", type=run_pipeline.memory_size, default="1g",
        help="fixed JVM heap for Spark's driver and DuckDB's host JVM (default: %(default)s)")
    parser.add_argument(
        "--work-dir", default="target/benchmark",
        help="scratch folder for the outputs, emptied first (default: %(default)s)")
    parser.add_argument(
        "--repeats", type=run_pipeline.whole_number(1), default=3,
        help="rounds of all runs; medians and ratio ranges are printed last (default: %(default)s)")
    parser.add_argument(
        "--parquet-layouts", action="store_true",
        help="instead: the Parquet layout comparison behind bronze's writer settings, on"
        " --interactions rows of one date (3000000 is the documented size)")
    parser.add_argument(
        "--skip-build", action="store_true", help="do not run Maven before the benchmark")
    return parser


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
        BENCH_MAIN_CLASS,
        str(args.interactions),
        str(args.days),
        work_dir,
        str(args.cores),
        str(args.repeats),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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
