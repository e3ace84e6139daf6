"""Unit tests of c360/summary/render.py: the closing summary of a pipeline run, as a whole."""

import unittest

from helpers import MANIFEST, REPORT, SILVER_REPORT, local

from c360.stages import StageOutcome
from c360.summary import render


class SummaryTest(unittest.TestCase):
    def outcome(self, **changes):
        values = dict(
            stage="bronze",
            exit_code=0,
            wall_ms=45_000,
            report=REPORT,
            manifest=MANIFEST,
            manifest_path="/d/bronze/_manifests/2026-01-01_2026-01-30.json",
        )
        values.update(changes)
        return StageOutcome(**values)

    def render(self, outcomes, skipped=("silver", "gold"), not_run=()):
        return render.render_summary(
            outcomes, list(skipped), list(not_run), local("/d"), "scripts/run_pipeline.py", 100_000
        )

    def test_success_summary(self):
        summary = self.render([self.outcome()])
        self.assertRegex(summary, r"bronze\s+SUCCEEDED\s+42\.0 s\s+\(prepare 0\.0 s, write 30\.5 s, verify 1\.2 s\)")
        self.assertRegex(summary, r"silver\s+SKIPPED .*not implemented yet")
        self.assertRegex(summary, r"gold\s+SKIPPED")
        self.assertRegex(summary, r"customers\s+2,500\s+56 \(2\.2%\)\s+phone_format 31, malformed_email 20, state_name 5\n")
        self.assertRegex(
            summary,
            r"customer_interactions\s+100,000\s+2,000 \(2\.0%\)\s+duplicate_event 900, future_timestamp 400, "
            r"negative_amount 400, \+1 more kinds",
        )
        self.assertIn("bronze     /d/bronze", summary)
        self.assertRegex(summary, r"\n    customers\s+/d/bronze/customers\n")
        self.assertIn("manifest   /d/bronze/_manifests/2026-01-01_2026-01-30.json", summary)
        self.assertIn("run id     bronze-ingest-20260101T000000Z-abcd1234", summary)
        self.assertIn("python3 -m json.tool /d/bronze/_manifests/2026-01-01_2026-01-30.json", summary)
        self.assertIn("python3 scripts/run_pipeline.py --stage bronze --interactions 1000000 --data-dir /d", summary)
        self.assertNotIn("FAILED", summary)

    def test_wall_time_when_the_report_has_no_duration(self):
        summary = self.render([self.outcome(report=None)], skipped=())
        self.assertRegex(summary, r"bronze\s+SUCCEEDED\s+45\.0 s")

    def test_missing_manifest_falls_back_to_report_counts(self):
        summary = self.render([self.outcome(manifest=None)])
        self.assertIn("from the run report; no manifest found", summary)
        self.assertRegex(summary, r"customer_interactions_rows\s+100,000")
        self.assertNotIn("manifest   /d", summary)

    def test_partial_manifest(self):
        manifest = {"tables": {"customers": {"rows": 10}, "customer_interactions": "junk"}}
        summary = self.render([self.outcome(manifest=manifest)])
        self.assertRegex(summary, r"customers\s+10\s+\?\s+-\n")
        self.assertRegex(summary, r"customer_interactions\s+\?\s+\?\s+-")

    def test_failure_summary(self):
        report = dict(REPORT, status="FAILED", exit_code=3, error="Cannot reach the bronze output s3a://b/")
        summary = self.render([self.outcome(exit_code=3, report=report, manifest=None)], skipped=(), not_run=("silver",))
        self.assertRegex(summary, r"bronze\s+FAILED")
        self.assertIn("exit code 3: an external system", summary)
        self.assertIn("error: Cannot reach the bronze output s3a://b/", summary)
        self.assertRegex(summary, r"silver\s+NOT RUN")
        self.assertNotIn("json.tool", summary)

    def test_failure_without_report(self):
        summary = self.render([self.outcome(exit_code=1, report=None, manifest=None)], skipped=())
        self.assertIn("the job printed no run report", summary)
        self.assertIn("python3 scripts/run_pipeline.py --stage bronze --dry-run", summary)

    def test_next_command_after_usage_error(self):
        summary = self.render([self.outcome(exit_code=2, report=None, manifest=None)], skipped=())
        self.assertIn("python3 scripts/run_pipeline.py --help", summary)


class SilverSummaryTest(unittest.TestCase):
    def silver(self, **changes):
        values = dict(stage="silver", exit_code=0, wall_ms=70_000, report=SILVER_REPORT)
        values.update(changes)
        return StageOutcome(**values)

    def bronze(self):
        return StageOutcome("bronze", 0, 45_000, REPORT, MANIFEST, "/d/bronze/_manifests/2026-01-01_2026-01-30.json")

    def render(self, outcomes, skipped=("gold",), not_run=()):
        return render.render_summary(
            outcomes, list(skipped), list(not_run), local("/d"), "scripts/run_pipeline.py", 100_000
        )

    def test_silver_section(self):
        summary = self.render([self.bronze(), self.silver()])
        self.assertRegex(summary, r"silver\s+SUCCEEDED\s+1 min 05 s\s+\(plan 1\.2 s, validate 20\.5 s, ")
        self.assertRegex(summary, r"gold\s+SKIPPED .*not implemented yet")
        self.assertIn("Tables (silver: 3 bronze date(s), 2026-01-01..2026-01-30)", summary)
        self.assertRegex(summary, r"table\s+read\s+accepted\s+quarantined\s+duplicates\s+top quarantine rules")
        self.assertRegex(
            summary,
            r"\n  customers\s+2,500\s+2,440\s+60 \(2\.4%\)\s+0\s+invalid_phone 31, malformed_email 20, "
            r"invalid_zip 9, \+1 more rules\n",
        )
        self.assertRegex(
            summary,
            r"\n  customer_interactions\s+100,000\s+97,950\s+1,150 \(1\.1%\)\s+900\s+negative_amount 400, "
            r"orphan_customer 400, future_timestamp 300, \+1 more rules\n",
        )
        self.assertIn(
            "repaired (accepted after cleaning): customers untrimmed_text 12, nonstandard_state 5; "
            "customer_interactions noncanonical_channel 310",
            summary,
        )
        self.assertIn("reconciliation: ok: counts match the bronze manifests", summary)
        self.assertIn("customer features as of: 2026-01-30", summary)

    def test_where_the_tables_are(self):
        summary = self.render([self.bronze(), self.silver()])
        self.assertIn("warehouse  /d/warehouse (Iceberg, catalog 'lakehouse')", summary)
        for table in ("lakehouse.silver.customers", "lakehouse.silver.interactions",
                      "lakehouse.silver.quarantine", "lakehouse.audit.job_runs"):
            self.assertRegex(summary, rf"\n    {table}\s+\S")
        self.assertIn(
            "run id     bronze-ingest-20260101T000000Z-abcd1234, silver-build-20260131T000000Z-1234abcd", summary
        )

    def test_bronze_alone_names_only_the_audit_table(self):
        summary = self.render([self.bronze()], skipped=("silver", "gold"))
        self.assertIn("lakehouse.audit.job_runs", summary)
        self.assertNotIn("lakehouse.silver", summary)
        self.assertNotIn(" query ", summary)

    def test_next_has_query_examples_and_a_bigger_full_run(self):
        summary = self.render([self.bronze(), self.silver()])
        self.assertIn(
            "python3 scripts/run_pipeline.py query 'SELECT value_segment, count(*) AS customers FROM "
            "lakehouse.silver.customers GROUP BY value_segment ORDER BY customers DESC' --data-dir /d"
            "    # customers per value segment",
            summary,
        )
        self.assertIn("FROM lakehouse.silver.quarantine) GROUP BY rule", summary)
        self.assertIn("python3 scripts/run_pipeline.py --stage full --interactions 1000000 --data-dir /d", summary)
        self.assertIn("python3 -m json.tool /d/bronze/_manifests/2026-01-01_2026-01-30.json", summary)

    def test_nothing_to_do(self):
        report = dict(
            SILVER_REPORT,
            counts={"input_rows": 0, "output_rows": 0, "rejected_rows": 0},
            details={"dates": [], "result": "nothing new in bronze: every complete partition is processed",
                     "skipped_2026-01-31": "customers partition has no manifest yet"},
        )
        summary = self.render([self.silver(report=report)])
        self.assertIn("Tables (silver: no bronze date to process)", summary)
        self.assertIn("result: nothing new in bronze", summary)
        self.assertIn("skipped 2026-01-31: customers partition has no manifest yet", summary)
        self.assertNotIn("top quarantine rules", summary)

    def test_gate_failure_suggests_a_reject_rate_that_would_pass(self):
        counts = dict(SILVER_REPORT["counts"], **{"customers.quarantined": 158})
        report = dict(SILVER_REPORT, status="FAILED", exit_code=4, counts=counts,
                      error="Data-quality gate failed; nothing was committed")
        summary = self.render([self.bronze(), self.silver(exit_code=4, report=report)])
        self.assertRegex(summary, r"silver\s+FAILED")
        self.assertIn("exit code 4: a data-quality gate failed (nothing was committed)", summary)
        self.assertIn("error: Data-quality gate failed", summary)
        self.assertIn("158 (6.3%)", summary)
        self.assertIn(
            "python3 scripts/run_pipeline.py --stage silver --max-reject-rate 0.07 --data-dir /d", summary
        )
        self.assertNotIn("lakehouse.silver.customers", summary)
        self.assertNotIn(" query ", summary)

    def test_multi_line_errors_stay_indented(self):
        report = dict(SILVER_REPORT, exit_code=4, error="Gate failed:\n  customers: 6.3%")
        summary = self.render([self.silver(exit_code=4, report=report)])
        self.assertIn("\n             error: Gate failed:\n                      customers: 6.3%\n", summary)

    def test_gate_failure_suggestion_repeats_the_dates_and_as_of_given(self):
        parameters = dict(SILVER_REPORT["parameters"], dates="2026-01-02..2026-01-05", as_of="2026-01-31")
        report = dict(SILVER_REPORT, exit_code=4, parameters=parameters)
        summary = self.render([self.silver(exit_code=4, report=report)])
        self.assertIn(
            "python3 scripts/run_pipeline.py --stage silver --dates 2026-01-02..2026-01-05 --as-of 2026-01-31 "
            "--max-reject-rate 0.03 --data-dir /d",
            summary,
        )

    def test_reconciliation_failure_does_not_suggest_the_gate(self):
        details = dict(SILVER_REPORT["details"], reconciliation="customers 2026-01-01: rows 99, manifest 100")
        report = dict(SILVER_REPORT, exit_code=4, details=details)
        summary = self.render([self.silver(exit_code=4, report=report)])
        self.assertIn("reconciliation: customers 2026-01-01: rows 99, manifest 100", summary)
        self.assertIn("read the data-quality failure in the job output above", summary)
        self.assertNotIn("--max-reject-rate", summary)

    def test_bronze_failure_leaves_silver_not_run(self):
        failed = StageOutcome("bronze", 3, 1_000, None)
        summary = self.render([failed], not_run=("silver",))
        self.assertRegex(summary, r"silver\s+NOT RUN\s+\(an earlier stage failed\)")
        self.assertRegex(summary, r"gold\s+SKIPPED")


if __name__ == "__main__":
    unittest.main()
