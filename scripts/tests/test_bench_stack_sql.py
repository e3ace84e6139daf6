"""Unit tests of c360/bench/stack_sql.py: the stack benchmark's SQL and its comparison verdicts."""

from __future__ import annotations

import unittest

import helpers  # noqa: F401  (the package on the path)

from c360 import jobs
from c360.bench import stack_sql


class GoldTrinoSqlTest(unittest.TestCase):
    def sql(self) -> str:
        return (jobs.REPO_ROOT / jobs.GOLD_TRINO_SQL).read_text(encoding="utf-8")

    def test_statements_are_split_on_lines_ending_in_a_semicolon(self) -> None:
        text = "-- header; with a semicolon\n\nCREATE TABLE a AS\nSELECT 1;\n-- b\nSELECT 'x;y'\nFROM t;\n"
        self.assertEqual(stack_sql.sql_statements(text),
                         ["CREATE TABLE a AS\nSELECT 1", "SELECT 'x;y'\nFROM t"])

    def test_a_statement_without_its_semicolon_is_an_error(self) -> None:
        with self.assertRaises(ValueError):
            stack_sql.sql_statements("SELECT 1;\nSELECT 2\n")

    def test_the_resource_creates_the_five_gold_tables_and_the_population(self) -> None:
        statements = stack_sql.sql_statements(self.sql())
        self.assertEqual(
            [stack_sql.created_table(s) for s in statements],
            ["daily_kpis", "revenue_by_channel", "population", "customer_engagement",
             "churn_risk", "segment_engagement"])

    def test_placeholders_are_filled_with_the_catalogs_schemas_and_channels(self) -> None:
        values = stack_sql.trino_placeholders("lakehouse")
        self.assertEqual(values["silver"], "lakehouse.silver")
        self.assertEqual(values["out"], "lakehouse.bench_trino")
        self.assertEqual(
            values["channels"],
            "ARRAY['web', 'mobile_app', 'store', 'call_center', 'email', 'social']")
        filled = [stack_sql.fill_placeholders(s, values)
                  for s in stack_sql.sql_statements(self.sql())]
        self.assertTrue(all("${" not in s for s in filled))
        self.assertIn("CREATE TABLE lakehouse.bench_trino.daily_kpis", filled[0])
        self.assertIn("FROM lakehouse.silver.interactions", filled[0])

    def test_a_placeholder_without_a_value_is_an_error(self) -> None:
        self.assertEqual(stack_sql.fill_placeholders("SELECT ${a}", {"a": "1"}), "SELECT 1")
        with self.assertRaises(KeyError):
            stack_sql.fill_placeholders("SELECT ${a}, ${b}", {"a": "1"})

    def test_channels_are_the_vocabulary_of_the_common_module(self) -> None:
        vocabulary = (jobs.REPO_ROOT
                      / "common/src/main/java/io/c360/common/naming/Vocabulary.java").read_text()
        for channel in stack_sql.CHANNELS:
            self.assertIn(f'"{channel}"', vocabulary)


class WriteSqlTest(unittest.TestCase):
    COLUMNS = ["interaction_id", "event_date", "record_hash", "channel"]

    def test_trino_replaces_the_dates_by_a_delete_then_an_insert_of_the_sources_rows(self) -> None:
        delete, insert = stack_sql.trino_write_sql("c.s.t", "c.s.src", self.COLUMNS,
                                                   ["2026-01-29", "2026-01-30"])
        self.assertEqual(
            delete, "DELETE FROM c.s.t WHERE event_date IN (DATE '2026-01-29', DATE '2026-01-30')")
        self.assertEqual(
            insert,
            'INSERT INTO c.s.t ("interaction_id", "event_date", "record_hash", "channel") SELECT '
            '"interaction_id", "event_date", "record_hash", "channel" FROM c.s.src WHERE '
            "event_date IN (DATE '2026-01-29', DATE '2026-01-30')")

    def test_source_is_both_dates_whole_with_a_fifth_of_the_day_before_changed(self) -> None:
        sql = stack_sql.write_source_sql("lakehouse", self.COLUMNS, "2026-01-30", "2026-01-29")
        self.assertTrue(sql.startswith(
            "CREATE TABLE lakehouse.bench_write.interactions_source AS SELECT"))
        self.assertTrue(sql.endswith(
            "FROM lakehouse.silver.interactions WHERE event_date IN (DATE '2026-01-29', "
            "DATE '2026-01-30')"))
        self.assertIn(
            "CASE WHEN event_date = DATE '2026-01-29' AND interaction_id % 5 = 0 THEN "
            'bitwise_not("record_hash") ELSE "record_hash" END AS "record_hash"', sql)

    def test_target_is_silver_without_its_last_day_partitioned_by_date(self) -> None:
        sql = stack_sql.write_target_sql("lakehouse", self.COLUMNS, "2026-01-30")
        self.assertIn("WITH (partitioning = ARRAY['event_date'])", sql)
        self.assertTrue(sql.endswith("WHERE event_date < DATE '2026-01-30'"))

    def test_expected_result_is_silver_with_the_sources_changed_rows(self) -> None:
        sql = stack_sql.expected_write_sql("lakehouse", self.COLUMNS, "2026-01-29")
        self.assertIn(stack_sql.changed_row(self.COLUMNS, "2026-01-29"), sql)
        self.assertIn(stack_sql.changed_row(self.COLUMNS, "2026-01-29"),
                      stack_sql.write_source_sql("lakehouse", self.COLUMNS, "2026-01-30",
                                                 "2026-01-29"))
        self.assertTrue(sql.endswith("FROM lakehouse.silver.interactions)"))
        checksum = stack_sql.checksum_sql("lakehouse.bench_write.interactions_target",
                                          self.COLUMNS)
        self.assertEqual(
            checksum,
            'SELECT count(*), to_hex(checksum(ROW("interaction_id", "event_date", '
            '"record_hash", "channel"))) FROM lakehouse.bench_write.interactions_target')


class ComparisonTest(unittest.TestCase):
    def test_comparison_joins_on_the_keys_and_counts_per_column(self) -> None:
        sql = stack_sql.comparison_sql("g.s", "g.t", ("event_date", "channel"),
                                       (("orders", None), ("revenue_share", 4)))
        self.assertIn('FROM g.s s FULL OUTER JOIN g.t t ON s."event_date" = t."event_date" AND '
                      's."channel" = t."channel"', sql)
        self.assertIn('count(*) FILTER (WHERE t."event_date" IS NULL) AS only_spark', sql)
        self.assertIn('AND (s."orders" IS DISTINCT FROM t."orders")) AS "orders:beyond"', sql)
        self.assertIn("> 0.0001000001", sql)
        self.assertIn('AS "revenue_share:within"', sql)

    def test_every_gold_table_is_compared_with_the_checks_of_the_duckdb_benchmark(self) -> None:
        self.assertEqual(tuple(stack_sql.GOLD_CHECKS), stack_sql.GOLD_TABLES)
        self.assertEqual(stack_sql.GOLD_CHECKS["churn_risk"][0], ("customer_id",))
        self.assertIn(("main_drivers", None), stack_sql.GOLD_CHECKS["churn_risk"][1])

    def test_verdict_is_ok_within_rounding_and_fails_beyond(self) -> None:
        columns = ["only_spark", "only_trino", "matched", "nps:within", "nps:beyond"]
        ok = stack_sql.evaluate_comparison("daily_kpis", columns, [0, 0, 30, 2, 0])
        self.assertTrue(ok.ok)
        self.assertEqual((ok.spark_rows, ok.trino_rows), (30, 30))
        self.assertEqual(ok.within, {"nps": 2})
        self.assertIn("| daily_kpis | nps | | | 2 | 0 |", stack_sql.verdict_lines(ok))
        beyond = stack_sql.evaluate_comparison("daily_kpis", columns, [0, 0, 30, 0, 1])
        self.assertFalse(beyond.ok)

    def test_rows_on_one_side_only_or_no_rows_fail(self) -> None:
        columns = ["only_spark", "only_trino", "matched"]
        missing = stack_sql.evaluate_comparison("t", columns, [1, 0, 5])
        self.assertFalse(missing.ok)
        self.assertEqual((missing.spark_rows, missing.trino_rows), (6, 5))
        self.assertIn("DIFFERENT", stack_sql.verdict_lines(missing)[0])
        self.assertFalse(stack_sql.evaluate_comparison("t", columns, [0, 0, 0]).ok)


if __name__ == "__main__":
    unittest.main()
