"""The whole pipeline end to end, as a user runs it: run_pipeline.py --stage full on a small volume,
then maintenance, then a query; checks the summary, the gold report and the reconciliations.

Needs the job jars and a JDK, so it runs under the full test command (scripts/test.sh sets
C360_END_TO_END=1 after the Maven build) and is skipped by ``test.sh --python-only``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "run_pipeline.py"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], cwd=ROOT, capture_output=True, text=True,
        timeout=1200, check=False,
    )


@unittest.skipUnless(
    os.environ.get("C360_END_TO_END") == "1",
    "needs the job jars and a JDK: run through scripts/test.sh (without --python-only)",
)
class PipelineEndToEndTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.temp = tempfile.TemporaryDirectory(prefix="c360-e2e-")
        cls.data_dir = Path(cls.temp.name) / "data"
        cls.full = run(
            "--stage", "full", "--interactions", "6000", "--days", "10",
            "--master", "local[2]", "--data-dir", str(cls.data_dir), "--skip-build",
        )

    @classmethod
    def tearDownClass(cls):
        cls.temp.cleanup()

    def test_full_run_succeeds_and_reconciles(self):
        self.assertEqual(self.full.returncode, 0, self.full.stderr[-3000:])
        out = self.full.stdout
        for stage in ("bronze", "silver", "gold"):
            self.assertRegex(out, rf"\n  {stage} +SUCCEEDED")
        self.assertIn("reconciliation: ok: counts match the bronze manifests", out)
        self.assertIn("reconciliation: ok: orders and revenue match silver", out)
        self.assertIn("Tables (gold: 10 date(s), 2026-01-01..2026-01-10)", out)

    def test_full_run_ends_with_the_gold_results_on_screen(self):
        out = self.full.stdout
        self.assertIn("Recent days (gold.daily_kpis)", out)
        self.assertIn("Revenue by channel", out)
        self.assertIn("Churn risk as of 2026-01-10", out)
        self.assertRegex(out, r"\n  2026-01-10 +[\d,]+ +[\d,]+\.\d\d")

    def test_report_is_written_self_contained_and_named(self):
        report = self.data_dir / "reports" / "gold-report.html"
        self.assertIn(f"report: {report}", self.full.stdout)
        html = report.read_text(encoding="utf-8")
        self.assertIn("<svg", html)
        self.assertIn("2026-01-10", html)
        for external in ("<script", "src=", "href=", "url("):
            self.assertNotIn(external, html)

    def test_maintenance_then_query_sees_the_same_gold(self):
        query = ("SELECT sum(orders) AS orders, sum(revenue_usd) AS revenue "
                 "FROM lakehouse.gold.daily_kpis")
        before = run("query", query, "--format", "csv", "--data-dir", str(self.data_dir),
                     "--skip-build")
        self.assertEqual(before.returncode, 0, before.stderr[-2000:])
        maintenance = run("--stage", "maintenance", "--data-dir", str(self.data_dir),
                          "--master", "local[2]", "--skip-build")
        self.assertEqual(maintenance.returncode, 0, maintenance.stderr[-3000:])
        self.assertRegex(maintenance.stdout, r"maintenance +SUCCEEDED")
        files = re.search(r"data files before +([\d,]+)\n +data files after +([\d,]+)",
                          maintenance.stdout)
        self.assertIsNotNone(files, maintenance.stdout[-2000:])
        self.assertLess(int(files.group(2).replace(",", "")), int(files.group(1).replace(",", "")))
        after = run("query", query, "--format", "csv", "--data-dir", str(self.data_dir),
                    "--skip-build")
        self.assertEqual(after.stdout, before.stdout)
        self.assertRegex(after.stdout, r"orders,revenue\n[1-9]\d*,")


if __name__ == "__main__":
    unittest.main()
