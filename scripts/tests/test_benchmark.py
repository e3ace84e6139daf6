"""Unit tests of scripts/benchmark.py's pure parts: options and the benchmark JVM command."""

from __future__ import annotations

import contextlib
import io
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import benchmark  # noqa: E402
import run_pipeline  # noqa: E402


class BenchmarkOptionsTest(unittest.TestCase):
    def test_defaults_are_the_documented_benchmark(self) -> None:
        args = benchmark.build_parser().parse_args([])
        self.assertEqual(args.interactions, 10_000_000)
        self.assertEqual(args.days, 30)
        self.assertEqual(args.cores, 2)
        self.assertEqual(args.driver_memory, "1g")
        self.assertEqual(args.repeats, 3)

    def test_bad_values_are_rejected_before_anything_runs(self) -> None:
        for argv in (["--interactions", "0"], ["--cores", "-1"], ["--driver-memory", "lots"]):
            with self.subTest(argv=argv), contextlib.redirect_stderr(io.StringIO()) as err:
                with self.assertRaises(SystemExit) as raised:
                    benchmark.build_parser().parse_args(argv)
                self.assertEqual(raised.exception.code, 2)
                self.assertIn(argv[0], err.getvalue())


class BenchmarkCommandTest(unittest.TestCase):
    def test_one_jvm_with_fixed_heap_java17_flags_and_positional_arguments(self) -> None:
        args = benchmark.build_parser().parse_args(
            ["--interactions", "1000", "--days", "3", "--cores", "4", "--driver-memory", "2g",
             "--work-dir", "/tmp/bench-x", "--repeats", "5"])
        command = benchmark.benchmark_command(
            java="/jdk/bin/java", root=Path("/repo"), classpath=["/m2/spark.jar", "/m2/duckdb.jar"],
            args=args)

        self.assertEqual(command[0], "/jdk/bin/java")
        for flag in run_pipeline.JAVA17_FLAGS:
            self.assertIn(flag, command)
        self.assertIn("-Xmx2g", command)
        classpath = command[command.index("-cp") + 1].split(":")
        self.assertEqual(classpath[0], "/repo/benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar")
        self.assertEqual(classpath[1:], ["/m2/spark.jar", "/m2/duckdb.jar"])
        self.assertEqual(
            command[-6:],
            ["io.c360.bench.BronzeBenchmark", "1000", "3", "/tmp/bench-x", "4", "5"])

    def test_parquet_layouts_runs_the_layout_comparison_instead(self) -> None:
        args = benchmark.build_parser().parse_args(
            ["--parquet-layouts", "--interactions", "3000000", "--work-dir", "/tmp/layouts"])
        command = benchmark.benchmark_command(
            java="java", root=Path("/repo"), classpath=[], args=args)

        self.assertEqual(
            command[-5:],
            ["io.c360.bench.ParquetLayoutBenchmark", "3000000", "/tmp/layouts", "2", "3"])


class JavaFlagsTest(unittest.TestCase):
    def test_scripts_pass_the_same_java17_flags_as_the_maven_build(self) -> None:
        pom = (run_pipeline.REPO_ROOT / "pom.xml").read_text(encoding="utf-8")
        start = pom.index("<spark.java17.opens>") + len("<spark.java17.opens>")
        flags = pom[start:pom.index("</spark.java17.opens>")].split()
        self.assertEqual(list(run_pipeline.JAVA17_FLAGS), flags)


if __name__ == "__main__":
    unittest.main()
