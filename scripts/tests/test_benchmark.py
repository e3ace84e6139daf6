"""Unit tests of scripts/benchmark.py's pure parts: options, the benchmark JVM command, and the
stack benchmark's SQL, ratios, medians and result comparison (no servers)."""

from __future__ import annotations

import contextlib
import io
import math
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import benchmark  # noqa: E402
import run_pipeline  # noqa: E402
import stack_target  # noqa: E402


class BenchmarkOptionsTest(unittest.TestCase):
    def test_defaults_are_the_documented_benchmark(self) -> None:
        args = benchmark.parse_args([])
        self.assertEqual(args.stage, "bronze")
        self.assertEqual(args.interactions, 10_000_000)
        self.assertEqual(args.days, 30)
        self.assertEqual(args.cores, 2)
        self.assertEqual(args.driver_memory, "1g")
        self.assertEqual(args.repeats, 3)

    def test_silver_has_its_own_volume_and_the_jobs_heap(self) -> None:
        args = benchmark.parse_args(["--stage", "silver"])
        self.assertEqual(args.interactions, 1_000_000)
        self.assertEqual(args.days, 30)
        self.assertEqual(args.driver_memory, "2g")
        self.assertEqual(args.repeats, 3)

    def test_gold_has_its_own_volume_and_the_jobs_heap(self) -> None:
        args = benchmark.parse_args(["--stage", "gold"])
        self.assertEqual(args.interactions, 2_000_000)
        self.assertEqual(args.days, 30)
        self.assertEqual(args.driver_memory, "2g")
        self.assertEqual(args.repeats, 3)

    def test_silver_empties_a_work_folder_of_its_own(self) -> None:
        self.assertEqual(benchmark.parse_args([]).work_dir, "target/benchmark")
        self.assertEqual(
            benchmark.parse_args(["--stage", "silver"]).work_dir, "target/benchmark-silver")
        self.assertEqual(
            benchmark.parse_args(["--stage", "silver", "--work-dir", "/tmp/s"]).work_dir, "/tmp/s")

    def test_gold_empties_a_work_folder_of_its_own(self) -> None:
        self.assertEqual(
            benchmark.parse_args(["--stage", "gold"]).work_dir, "target/benchmark-gold")

    def test_given_values_win_over_the_stage_defaults(self) -> None:
        args = benchmark.parse_args(
            ["--stage", "silver", "--interactions", "100000", "--driver-memory", "3g"])
        self.assertEqual(args.interactions, 100_000)
        self.assertEqual(args.driver_memory, "3g")

    def test_bad_values_are_rejected_before_anything_runs(self) -> None:
        for argv in (["--interactions", "0"], ["--cores", "-1"], ["--driver-memory", "lots"],
                     ["--stage", "platinum"]):
            with self.subTest(argv=argv), contextlib.redirect_stderr(io.StringIO()) as err:
                with self.assertRaises(SystemExit) as raised:
                    benchmark.parse_args(argv)
                self.assertEqual(raised.exception.code, 2)
                self.assertIn(argv[0], err.getvalue())

    def test_parquet_layouts_is_a_bronze_benchmark(self) -> None:
        with contextlib.redirect_stderr(io.StringIO()) as err:
            with self.assertRaises(SystemExit) as raised:
                benchmark.parse_args(["--stage", "silver", "--parquet-layouts"])
        self.assertEqual(raised.exception.code, 2)
        self.assertIn("--parquet-layouts", err.getvalue())

    def test_parquet_layouts_is_refused_for_gold_too(self) -> None:
        with contextlib.redirect_stderr(io.StringIO()):
            with self.assertRaises(SystemExit) as raised:
                benchmark.parse_args(["--stage", "gold", "--parquet-layouts"])
        self.assertEqual(raised.exception.code, 2)


class BenchmarkCommandTest(unittest.TestCase):
    def test_one_jvm_with_fixed_heap_java17_flags_and_positional_arguments(self) -> None:
        args = benchmark.parse_args(
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

    def test_silver_stage_runs_the_silver_benchmark_with_the_same_positional_arguments(
        self,
    ) -> None:
        args = benchmark.parse_args(
            ["--stage", "silver", "--interactions", "100000", "--repeats", "1",
             "--work-dir", "/tmp/bench-silver"])
        command = benchmark.benchmark_command(
            java="java", root=Path("/repo"), classpath=["/m2/spark.jar"], args=args)

        self.assertIn("-Xmx2g", command)
        self.assertEqual(
            command[-6:],
            ["io.c360.bench.SilverBenchmark", "100000", "30", "/tmp/bench-silver", "2", "1"])

    def test_gold_stage_runs_the_gold_benchmark_with_the_same_positional_arguments(
        self,
    ) -> None:
        args = benchmark.parse_args(
            ["--stage", "gold", "--interactions", "100000", "--repeats", "1", "--cores", "3",
             "--work-dir", "/tmp/bench-gold"])
        command = benchmark.benchmark_command(
            java="java", root=Path("/repo"), classpath=["/m2/spark.jar"], args=args)

        self.assertIn("-Xmx2g", command)
        self.assertEqual(
            command[-6:],
            ["io.c360.bench.GoldBenchmark", "100000", "30", "/tmp/bench-gold", "3", "1"])

    def test_parquet_layouts_runs_the_layout_comparison_instead(self) -> None:
        args = benchmark.parse_args(
            ["--parquet-layouts", "--interactions", "3000000", "--work-dir", "/tmp/layouts"])
        command = benchmark.benchmark_command(
            java="java", root=Path("/repo"), classpath=[], args=args)

        self.assertEqual(
            command[-5:],
            ["io.c360.bench.ParquetLayoutBenchmark", "3000000", "/tmp/layouts", "2", "3"])


class StackOptionsTest(unittest.TestCase):
    def test_stack_has_its_own_volume_heap_and_work_folder(self) -> None:
        args = benchmark.parse_args(["--stage", "stack"])
        self.assertEqual(args.interactions, 200_000)
        self.assertEqual(args.days, 30)
        self.assertEqual(args.driver_memory, "2g")
        self.assertEqual(args.repeats, 3)
        self.assertEqual(args.work_dir, "target/benchmark-stack")
        self.assertFalse(args.skip_setup)

    def test_stack_volume_and_rounds_can_be_chosen(self) -> None:
        args = benchmark.parse_args(
            ["--stage", "stack", "--interactions", "500000", "--days", "14", "--repeats", "5",
             "--skip-setup"])
        self.assertEqual((args.interactions, args.days, args.repeats), (500_000, 14, 5))
        self.assertTrue(args.skip_setup)

    def test_skip_setup_is_a_stack_option(self) -> None:
        for stage in ("bronze", "silver", "gold"):
            with self.subTest(stage=stage), contextlib.redirect_stderr(io.StringIO()) as err:
                with self.assertRaises(SystemExit) as raised:
                    benchmark.parse_args(["--stage", stage, "--skip-setup"])
                self.assertEqual(raised.exception.code, 2)
                self.assertIn("--skip-setup", err.getvalue())

    def test_parquet_layouts_is_refused_for_stack(self) -> None:
        with contextlib.redirect_stderr(io.StringIO()):
            with self.assertRaises(SystemExit) as raised:
                benchmark.parse_args(["--stage", "stack", "--parquet-layouts"])
        self.assertEqual(raised.exception.code, 2)


class GoldTrinoSqlTest(unittest.TestCase):
    def sql(self) -> str:
        return (run_pipeline.REPO_ROOT / benchmark.GOLD_TRINO_SQL).read_text(encoding="utf-8")

    def test_statements_are_split_on_lines_ending_in_a_semicolon(self) -> None:
        text = "-- header; with a semicolon\n\nCREATE TABLE a AS\nSELECT 1;\n-- b\nSELECT 'x;y'\nFROM t;\n"
        self.assertEqual(benchmark.sql_statements(text),
                         ["CREATE TABLE a AS\nSELECT 1", "SELECT 'x;y'\nFROM t"])

    def test_a_statement_without_its_semicolon_is_an_error(self) -> None:
        with self.assertRaises(ValueError):
            benchmark.sql_statements("SELECT 1;\nSELECT 2\n")

    def test_the_resource_creates_the_five_gold_tables_and_the_population(self) -> None:
        statements = benchmark.sql_statements(self.sql())
        self.assertEqual(
            [benchmark.created_table(s) for s in statements],
            ["daily_kpis", "revenue_by_channel", "population", "customer_engagement",
             "churn_risk", "segment_engagement"])

    def test_placeholders_are_filled_with_the_catalogs_schemas_and_channels(self) -> None:
        values = benchmark.trino_placeholders("lakehouse")
        self.assertEqual(values["silver"], "lakehouse.silver")
        self.assertEqual(values["out"], "lakehouse.bench_trino")
        self.assertEqual(
            values["channels"],
            "ARRAY['web', 'mobile_app', 'store', 'call_center', 'email', 'social']")
        filled = [benchmark.fill_placeholders(s, values)
                  for s in benchmark.sql_statements(self.sql())]
        self.assertTrue(all("${" not in s for s in filled))
        self.assertIn("CREATE TABLE lakehouse.bench_trino.daily_kpis", filled[0])
        self.assertIn("FROM lakehouse.silver.interactions", filled[0])

    def test_a_placeholder_without_a_value_is_an_error(self) -> None:
        self.assertEqual(benchmark.fill_placeholders("SELECT ${a}", {"a": "1"}), "SELECT 1")
        with self.assertRaises(KeyError):
            benchmark.fill_placeholders("SELECT ${a}, ${b}", {"a": "1"})

    def test_channels_are_the_vocabulary_of_the_common_module(self) -> None:
        vocabulary = (run_pipeline.REPO_ROOT
                      / "common/src/main/java/io/c360/common/naming/Vocabulary.java").read_text()
        for channel in benchmark.CHANNELS:
            self.assertIn(f'"{channel}"', vocabulary)


class MergeSqlTest(unittest.TestCase):
    COLUMNS = ["interaction_id", "event_date", "record_hash", "channel"]

    def test_spark_merge_is_silvers_statement_with_qualified_assignments(self) -> None:
        sql = benchmark.merge_sql("spark", "c.s.t", "c.s.src", self.COLUMNS,
                                  ["2026-01-29", "2026-01-30"])
        self.assertEqual(
            sql,
            "MERGE INTO c.s.t t USING c.s.src s ON t.`interaction_id` = s.`interaction_id` AND "
            "t.`event_date` IN (DATE '2026-01-29', DATE '2026-01-30') WHEN MATCHED AND "
            "t.`record_hash` <> s.`record_hash` THEN UPDATE SET t.`interaction_id` = "
            "s.`interaction_id`, t.`event_date` = s.`event_date`, t.`record_hash` = "
            "s.`record_hash`, t.`channel` = s.`channel` WHEN NOT MATCHED THEN INSERT "
            "(`interaction_id`, `event_date`, `record_hash`, `channel`) VALUES "
            "(s.`interaction_id`, s.`event_date`, s.`record_hash`, s.`channel`)")

    def test_trino_merge_is_the_same_statement_in_trinos_quoting(self) -> None:
        spark = benchmark.merge_sql("spark", "c.s.t", "c.s.src", self.COLUMNS, ["2026-01-30"])
        trino = benchmark.merge_sql("trino", "c.s.t", "c.s.src", self.COLUMNS, ["2026-01-30"])
        self.assertIn('UPDATE SET "interaction_id" = s."interaction_id", ', trino)
        self.assertNotIn("`", trino)
        # Only the quoting and the SET's target qualifier differ.
        unqualified = spark.replace("SET t.`", "SET `")
        for column in self.COLUMNS:
            unqualified = unqualified.replace(f", t.`{column}` = s", f", `{column}` = s")
        self.assertEqual(trino.replace('"', "`"), unqualified)

    def test_unknown_engine_is_refused(self) -> None:
        with self.assertRaises(ValueError):
            benchmark.merge_sql("duckdb", "t", "s", self.COLUMNS, ["2026-01-30"])

    def test_source_is_the_last_day_and_a_changed_and_an_unchanged_fifth_of_the_day_before(
        self,
    ) -> None:
        sql = benchmark.merge_source_sql("lakehouse", self.COLUMNS, "2026-01-30", "2026-01-29")
        self.assertTrue(sql.startswith(
            "CREATE TABLE lakehouse.bench_merge.interactions_source AS SELECT"))
        self.assertIn("WHERE event_date = DATE '2026-01-30' UNION ALL", sql)
        self.assertIn('bitwise_not("record_hash") AS "record_hash"', sql)
        self.assertIn("DATE '2026-01-29' AND interaction_id % 5 = 0", sql)
        self.assertIn("DATE '2026-01-29' AND interaction_id % 5 = 1", sql)

    def test_target_is_silver_without_its_last_day_partitioned_by_date(self) -> None:
        sql = benchmark.merge_target_sql("lakehouse", self.COLUMNS, "2026-01-30")
        self.assertIn("WITH (partitioning = ARRAY['event_date'])", sql)
        self.assertTrue(sql.endswith("WHERE event_date < DATE '2026-01-30'"))

    def test_expected_result_inverts_the_hashes_of_the_changed_rows_only(self) -> None:
        sql = benchmark.expected_merge_sql("lakehouse", self.COLUMNS, "2026-01-29")
        self.assertIn(
            "CASE WHEN event_date = DATE '2026-01-29' AND interaction_id % 5 = 0 THEN "
            'bitwise_not("record_hash") ELSE "record_hash" END', sql)
        checksum = benchmark.checksum_sql("lakehouse.bench_merge.interactions_target",
                                          self.COLUMNS)
        self.assertEqual(
            checksum,
            'SELECT count(*), to_hex(checksum(ROW("interaction_id", "event_date", '
            '"record_hash", "channel"))) FROM lakehouse.bench_merge.interactions_target')


class RatioAndMedianTest(unittest.TestCase):
    def test_ratio_is_trino_seconds_over_spark_seconds(self) -> None:
        self.assertAlmostEqual(benchmark.ratio(10.0, 20.0), 0.5)
        self.assertAlmostEqual(benchmark.ratio(30.0, 15.0), 2.0)
        self.assertTrue(math.isnan(benchmark.ratio(1.0, 0.0)))
        self.assertTrue(math.isnan(benchmark.ratio(math.nan, 1.0)))

    def test_median_and_per_round_range(self) -> None:
        self.assertEqual(benchmark.median([3.0, 1.0, 2.0]), 2.0)
        self.assertEqual(benchmark.median([4.0, 1.0]), 2.5)
        self.assertTrue(math.isnan(benchmark.median([])))
        self.assertEqual(benchmark.ratio_range([10.0, 30.0], [20.0, 10.0]), (0.5, 3.0))

    def test_results_table_has_medians_and_ratio_of_medians(self) -> None:
        rounds = [
            benchmark.StackRound(gold_job_s=s, gold_wall_s=s + 5, trino_gold_s=t,
                                 spark_merge_s=m, spark_merge_wall_s=m + 10, trino_merge_s=2.0,
                                 gold_steps={"reconcile": 4.0, "commit_daily": 1.0,
                                             "commit_customers": 5.0})
            for s, t, m in ((100.0, 20.0, 4.0), (120.0, 10.0, 2.0), (80.0, 30.0, 1.0))]
        lines = benchmark.result_lines(rounds)
        self.assertEqual(lines[2], "| gold: the job's duration_ms / Trino's 6 CTAS | 100.0 | "
                                   "20.0 | 0.20x | 0.08-0.38 |")
        self.assertIn("| 10.0 | 20.0 | 2.00x |", lines[4])
        self.assertIn("| 2.0 | 2.0 | 1.00x | 0.50-2.00 |", lines[5])

    def test_step_medians_keep_the_reported_order(self) -> None:
        rounds = [benchmark.StackRound(gold_steps={"plan": p, "reconcile": r})
                  for p, r in ((1.0, 9.0), (3.0, 7.0), (2.0, 8.0))]
        self.assertEqual(
            benchmark.step_lines(rounds, lambda r: r.gold_steps, "step"),
            ["| step | median (s) |", "|---|---:|", "| plan | 2.0 |", "| reconcile | 8.0 |"])


class ComparisonTest(unittest.TestCase):
    def test_comparison_joins_on_the_keys_and_counts_per_column(self) -> None:
        sql = benchmark.comparison_sql("g.s", "g.t", ("event_date", "channel"),
                                       (("orders", None), ("revenue_share", 4)))
        self.assertIn('FROM g.s s FULL OUTER JOIN g.t t ON s."event_date" = t."event_date" AND '
                      's."channel" = t."channel"', sql)
        self.assertIn('count(*) FILTER (WHERE t."event_date" IS NULL) AS only_spark', sql)
        self.assertIn('AND (s."orders" IS DISTINCT FROM t."orders")) AS "orders:beyond"', sql)
        self.assertIn("> 0.0001000001", sql)
        self.assertIn('AS "revenue_share:within"', sql)

    def test_every_gold_table_is_compared_with_the_checks_of_the_duckdb_benchmark(self) -> None:
        self.assertEqual(tuple(benchmark.GOLD_CHECKS), benchmark.GOLD_TABLES)
        self.assertEqual(benchmark.GOLD_CHECKS["churn_risk"][0], ("customer_id",))
        self.assertIn(("main_drivers", None), benchmark.GOLD_CHECKS["churn_risk"][1])

    def test_verdict_is_ok_within_rounding_and_fails_beyond(self) -> None:
        columns = ["only_spark", "only_trino", "matched", "nps:within", "nps:beyond"]
        ok = benchmark.evaluate_comparison("daily_kpis", columns, [0, 0, 30, 2, 0])
        self.assertTrue(ok.ok)
        self.assertEqual((ok.spark_rows, ok.trino_rows), (30, 30))
        self.assertEqual(ok.within, {"nps": 2})
        self.assertIn("| daily_kpis | nps | | | 2 | 0 |", benchmark.verdict_lines(ok))
        beyond = benchmark.evaluate_comparison("daily_kpis", columns, [0, 0, 30, 0, 1])
        self.assertFalse(beyond.ok)

    def test_rows_on_one_side_only_or_no_rows_fail(self) -> None:
        columns = ["only_spark", "only_trino", "matched"]
        missing = benchmark.evaluate_comparison("t", columns, [1, 0, 5])
        self.assertFalse(missing.ok)
        self.assertEqual((missing.spark_rows, missing.trino_rows), (6, 5))
        self.assertIn("DIFFERENT", benchmark.verdict_lines(missing)[0])
        self.assertFalse(benchmark.evaluate_comparison("t", columns, [0, 0, 0]).ok)


class StackLifecycleTest(unittest.TestCase):
    STATUS = """SERVICE         STATE    PID      PORT               LOG
postgres        running  3200     15432              /x/logs/postgres.log
s3              stale    -        19000              /x/logs/s3.log
trino           stopped  -        18090              /x/logs/trino.log
"""

    def test_status_lines_give_each_services_state(self) -> None:
        self.assertEqual(benchmark.parse_status(self.STATUS),
                         {"postgres": "running", "s3": "stale", "trino": "stopped"})
        self.assertEqual(benchmark.not_running(benchmark.parse_status(self.STATUS)),
                         ["s3", "trino"])

    def test_merge_report_is_the_last_json_line_of_its_event(self) -> None:
        lines = ["noise", '{"event":"c360.job_run","duration_ms":1}',
                 '{"event":"c360.bench_merge","session_ms":5,"warm_up_ms":7,"merge_ms":1234}',
                 "bye"]
        self.assertEqual(benchmark.parse_merge_report(lines)["merge_ms"], 1234)
        self.assertIsNone(benchmark.parse_merge_report(["{broken c360.bench_merge"]))

    def test_spark_merge_runs_the_benchmark_main_with_the_gold_jar_and_properties_file(
        self,
    ) -> None:
        settings = stack_target.StackSettings(Path("/state"), {
            "SPARK_MASTER_URL": "spark://127.0.0.1:17077", "WAREHOUSE_LOCATION": "s3a://w/l",
            "HMS_URI": "thrift://127.0.0.1:19083", "SPARK_PROPERTIES_FILE": "/state/spark.conf",
            "TRINO_CATALOG": "lakehouse", "TRINO_URL": "http://127.0.0.1:18090"})
        args = benchmark.parse_args(["--stage", "stack"])
        bench = benchmark.StackBenchmark(args, run_pipeline.REPO_ROOT, settings, "java")
        gold_runtime = run_pipeline.REPO_ROOT / run_pipeline.GOLD.runtime_classpath
        if not gold_runtime.is_file():
            self.skipTest("gold-finalize's runtime classpath is not built")
        command = bench.spark_merge_command("MERGE INTO x")
        self.assertIn("io.c360.bench.StackMergeBenchmark", command)
        self.assertEqual(command[command.index("--master") + 1], "spark://127.0.0.1:17077")
        self.assertEqual(command[command.index("--properties-file") + 1], "/state/spark.conf")
        self.assertIn("spark.jars=" + str(run_pipeline.REPO_ROOT / run_pipeline.GOLD.jar),
                      command)
        self.assertEqual(command[-8:-2], ["--warehouse", "s3a://w/l", "--metastore-uri",
                                          "thrift://127.0.0.1:19083", "--sql", "MERGE INTO x"])
        self.assertEqual(command[-2], "--warm-up")


class JavaFlagsTest(unittest.TestCase):
    def test_scripts_pass_the_same_java17_flags_as_the_maven_build(self) -> None:
        pom = (run_pipeline.REPO_ROOT / "pom.xml").read_text(encoding="utf-8")
        start = pom.index("<spark.java17.opens>") + len("<spark.java17.opens>")
        flags = pom[start:pom.index("</spark.java17.opens>")].split()
        self.assertEqual(list(run_pipeline.JAVA17_FLAGS), flags)


if __name__ == "__main__":
    unittest.main()
