"""Unit tests of c360/summary/tables.py: the per-stage sections of the summary."""

import unittest

from helpers import MANIFEST, SILVER_REPORT

from c360.stages import StageOutcome
from c360.summary import tables as summary_tables


class DefectTotalsTest(unittest.TestCase):
    def test_defect_totals(self):
        total, kinds = summary_tables.defect_totals(MANIFEST["tables"]["customer_interactions"]["defects"])
        self.assertEqual(total, 2000)
        self.assertEqual(kinds[0], ("duplicate_event", 900))
        # Ties are ordered by name.
        self.assertEqual(kinds[1:3], [("future_timestamp", 400), ("negative_amount", 400)])

    def test_defect_totals_tolerate_junk(self):
        self.assertEqual(summary_tables.defect_totals(None), (0, []))
        self.assertEqual(summary_tables.defect_totals({"a": "x", "b": True, "c": 2, "d": 0}), (2, [("c", 2)]))


class SilverCountsTest(unittest.TestCase):
    def test_counts_per_table(self):
        tables = summary_tables.silver_table_counts(SILVER_REPORT)
        self.assertEqual(list(tables), ["customers", "customer_interactions"])
        self.assertEqual(tables["customers"]["rows"], 2500)
        self.assertEqual(tables["customer_interactions"]["rule.orphan_customer"], 400)
        self.assertNotIn("input_rows", tables)

    def test_counts_tolerate_junk(self):
        self.assertEqual(summary_tables.silver_table_counts(None), {})
        report = {"counts": {"a.rows": "x", "b.rows": True, ".rows": 1, "c.": 2, "d.rows": 3}}
        self.assertEqual(summary_tables.silver_table_counts(report), {"d": {"rows": 3}})

    def test_rules_by_count_then_name(self):
        counts = summary_tables.silver_table_counts(SILVER_REPORT)["customer_interactions"]
        self.assertEqual(
            summary_tables.prefixed_counts(counts, "rule."),
            [("negative_amount", 400), ("orphan_customer", 400), ("future_timestamp", 300), ("unknown_channel", 50)],
        )

    def test_describe_dates(self):
        self.assertEqual(summary_tables.describe_dates(["2026-01-01", "2026-01-30"]), "2 bronze date(s), 2026-01-01..2026-01-30")
        self.assertEqual(summary_tables.describe_dates(["2026-01-05"]), "1 bronze date(s), 2026-01-05")
        self.assertEqual(summary_tables.describe_dates([]), "no bronze date to process")
        self.assertEqual(summary_tables.describe_dates(None), "bronze dates not reported")


class GoldLinesTest(unittest.TestCase):
    def test_gold_summary_lines(self):
        outcome = StageOutcome(
            stage="gold", exit_code=0, wall_ms=1000,
            report={
                "counts": {"daily_kpis.rows": 2, "churn_risk.rows": 40, "input_rows": 9},
                "details": {
                    "dates": ["2026-01-01", "2026-01-02"], "dates_cleared": [],
                    "reconciliation": "ok: orders and revenue match silver",
                    "as_of": "2026-01-02", "report": "/d/reports/gold-report.html",
                },
            },
        )
        text = "\n".join(summary_tables.gold_lines(outcome))
        self.assertIn("Tables (gold: 2 date(s), 2026-01-01..2026-01-02)", text)
        self.assertIn("lakehouse.gold.churn_risk", text)
        self.assertIn("reconciliation: ok", text)
        self.assertIn("report: /d/reports/gold-report.html", text)
        self.assertNotIn("input_rows", text)


class MaintenanceLinesTest(unittest.TestCase):
    def test_skipped_tables_are_shown(self):
        report = {"counts": {"tables": 7, "tables_skipped": 1, "files_rewritten": 12}}
        lines = summary_tables.maintenance_lines(StageOutcome("maintenance", 3, 1_000, report))
        self.assertEqual(lines[0], "Tables (maintenance)")
        self.assertIn("  tables skipped                  1", lines)
        self.assertIn("  tables                          7", lines)


if __name__ == "__main__":
    unittest.main()
