"""Unit tests of c360/commands/benchmark.py: options and the benchmark JVM command."""

from __future__ import annotations

import contextlib
import io
import unittest
from pathlib import Path

import helpers  # noqa: F401  (the package on the path)

from c360 import launch
from c360.commands import benchmark


class BenchmarkOptionsTest(unittest.TestCase):
    def test_defaults_are_the_documented_benchmark(self) -> None:
        args = benchmark.parse([])
        self.assertEqual(args.stage, "bronze")
        self.assertEqual(args.interactions, 10_000_000)
        self.assertEqual(args.days, 30)
        self.assertEqual(args.cores, 2)
        self.assertEqual(args.driver_memory, "1g")
        self.assertEqual(args.repeats, 3)

    def test_silver_has_its_own_volume_and_the_jobs_heap(self) -> None:
        args = benchmark.parse(["--stage", "silver"])
        self.assertEqual(args.interactions, 1_000_000)
        self.assertEqual(args.days, 30)
        self.assertEqual(args.driver_memory, "2g")
        self.assertEqual(args.repeats, 3)

    def test_gold_has_its_own_volume_and_the_jobs_heap(self) -> None:
        args = benchmark.parse(["--stage", "gold"])
        self.assertEqual(args.interactions, 2_000_000)
        self.assertEqual(args.days, 30)
        self.assertEqual(args.driver_memory, "2g")
        self.assertEqual(args.repeats, 3)

    def test_silver_empties_a_work_folder_of_its_own(self) -> None:
        self.assertEqual(benchmark.parse([]).work_dir, "target/benchmark")
        self.assertEqual(
            benchmark.parse(["--stage", "silver"]).work_dir, "target/benchmark-silver")
        self.assertEqual(
            benchmark.parse(["--stage", "silver", "--work-dir", "/tmp/s"]).work_dir, "/tmp/s")

    def test_gold_empties_a_work_folder_of_its_own(self) -> None:
        self.assertEqual(
            benchmark.parse(["--stage", "gold"]).work_dir, "target/benchmark-gold")

    def test_given_values_win_over_the_stage_defaults(self) -> None:
        args = benchmark.parse(
            ["--stage", "silver", "--interactions", "100000", "--driver-memory", "3g"])
        self.assertEqual(args.interactions, 100_000)
        self.assertEqual(args.driver_memory, "3g")

    def test_bad_values_are_rejected_before_anything_runs(self) -> None:
        for argv in (["--interactions", "0"], ["--cores", "-1"], ["--driver-memory", "lots"],
                     ["--stage", "platinum"]):
            with self.subTest(argv=argv), contextlib.redirect_stderr(io.StringIO()) as err:
                with self.assertRaises(SystemExit) as raised:
                    benchmark.parse(argv)
                self.assertEqual(raised.exception.code, 2)
                self.assertIn(argv[0], err.getvalue())

    def test_parquet_layouts_is_a_bronze_benchmark(self) -> None:
        with contextlib.redirect_stderr(io.StringIO()) as err:
            with self.assertRaises(SystemExit) as raised:
                benchmark.parse(["--stage", "silver", "--parquet-layouts"])
        self.assertEqual(raised.exception.code, 2)
        self.assertIn("--parquet-layouts", err.getvalue())

    def test_parquet_layouts_is_refused_for_gold_too(self) -> None:
        with contextlib.redirect_stderr(io.StringIO()):
            with self.assertRaises(SystemExit) as raised:
                benchmark.parse(["--stage", "gold", "--parquet-layouts"])
        self.assertEqual(raised.exception.code, 2)


class BenchmarkCommandTest(unittest.TestCase):
    def test_one_jvm_with_fixed_heap_java17_flags_and_positional_arguments(self) -> None:
        args = benchmark.parse(
            ["--interactions", "1000", "--days", "3", "--cores", "4", "--driver-memory", "2g",
             "--work-dir", "/tmp/bench-x", "--repeats", "5"])
        command = benchmark.benchmark_command(
            java="/jdk/bin/java", root=Path("/repo"), classpath=["/m2/spark.jar", "/m2/duckdb.jar"],
            options=args)

        self.assertEqual(command[0], "/jdk/bin/java")
        for flag in launch.JAVA17_FLAGS:
            self.assertIn(flag, command)
        # Measured as the jobs run: with Spark's huge generated methods JIT-compiled.
        self.assertIn("-XX:-DontCompileHugeMethods", command)
        self.assertIn("-Xmx2g", command)
        classpath = command[command.index("-cp") + 1].split(":")
        self.assertEqual(classpath[0], "/repo/benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar")
        self.assertEqual(classpath[1:], ["/m2/spark.jar", "/m2/duckdb.jar"])
        self.assertEqual(
            command[-6:],
            ["io.c360.bench.bronze.BronzeBenchmark", "1000", "3", "/tmp/bench-x", "4", "5"])

    def test_silver_stage_runs_the_silver_benchmark_with_the_same_positional_arguments(
        self,
    ) -> None:
        args = benchmark.parse(
            ["--stage", "silver", "--interactions", "100000", "--repeats", "1",
             "--work-dir", "/tmp/bench-silver"])
        command = benchmark.benchmark_command(
            java="java", root=Path("/repo"), classpath=["/m2/spark.jar"], options=args)

        self.assertIn("-Xmx2g", command)
        self.assertEqual(
            command[-6:],
            ["io.c360.bench.silver.SilverBenchmark", "100000", "30", "/tmp/bench-silver", "2", "1"])

    def test_gold_stage_runs_the_gold_benchmark_with_the_same_positional_arguments(
        self,
    ) -> None:
        args = benchmark.parse(
            ["--stage", "gold", "--interactions", "100000", "--repeats", "1", "--cores", "3",
             "--work-dir", "/tmp/bench-gold"])
        command = benchmark.benchmark_command(
            java="java", root=Path("/repo"), classpath=["/m2/spark.jar"], options=args)

        self.assertIn("-Xmx2g", command)
        self.assertEqual(
            command[-6:],
            ["io.c360.bench.gold.GoldBenchmark", "100000", "30", "/tmp/bench-gold", "3", "1"])

    def test_parquet_layouts_runs_the_layout_comparison_instead(self) -> None:
        args = benchmark.parse(
            ["--parquet-layouts", "--interactions", "3000000", "--work-dir", "/tmp/layouts"])
        command = benchmark.benchmark_command(
            java="java", root=Path("/repo"), classpath=[], options=args)

        self.assertEqual(
            command[-5:],
            ["io.c360.bench.bronze.ParquetLayoutBenchmark", "3000000", "/tmp/layouts", "2", "3"])


class StackOptionsTest(unittest.TestCase):
    def test_stack_has_its_own_volume_heap_and_work_folder(self) -> None:
        args = benchmark.parse(["--stage", "stack"])
        self.assertEqual(args.interactions, 200_000)
        self.assertEqual(args.days, 30)
        self.assertEqual(args.driver_memory, "2g")
        self.assertEqual(args.repeats, 3)
        self.assertEqual(args.work_dir, "target/benchmark-stack")
        self.assertFalse(args.skip_setup)

    def test_stack_volume_and_rounds_can_be_chosen(self) -> None:
        args = benchmark.parse(
            ["--stage", "stack", "--interactions", "500000", "--days", "14", "--repeats", "5",
             "--skip-setup"])
        self.assertEqual((args.interactions, args.days, args.repeats), (500_000, 14, 5))
        self.assertTrue(args.skip_setup)

    def test_skip_setup_is_a_stack_option(self) -> None:
        for stage in ("bronze", "silver", "gold"):
            with self.subTest(stage=stage), contextlib.redirect_stderr(io.StringIO()) as err:
                with self.assertRaises(SystemExit) as raised:
                    benchmark.parse(["--stage", stage, "--skip-setup"])
                self.assertEqual(raised.exception.code, 2)
                self.assertIn("--skip-setup", err.getvalue())

    def test_parquet_layouts_is_refused_for_stack(self) -> None:
        with contextlib.redirect_stderr(io.StringIO()):
            with self.assertRaises(SystemExit) as raised:
                benchmark.parse(["--stage", "stack", "--parquet-layouts"])
        self.assertEqual(raised.exception.code, 2)


if __name__ == "__main__":
    unittest.main()
