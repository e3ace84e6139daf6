"""Unit tests of c360/summary/next_steps.py: what the summary suggests next."""

import unittest

from helpers import SILVER_REPORT, local

from c360.summary import next_steps


class NextStepsTest(unittest.TestCase):
    def test_query_example_quotes_for_the_shell(self):
        line = next_steps.query_command_line("my scripts/run_pipeline.py", "SELECT 'a'", local("/my data"))
        self.assertEqual(
            line,
            "python3 'my scripts/run_pipeline.py' query 'SELECT '\"'\"'a'\"'\"'' --data-dir '/my data'",
        )

    def test_silver_rerun_options(self):
        self.assertEqual(next_steps.silver_rerun_options(SILVER_REPORT), [])  # the job's defaults, in words
        report = {"parameters": {"dates": "2026-01-02", "as_of": "latest event date"}}
        self.assertEqual(next_steps.silver_rerun_options(report), [("--dates", "2026-01-02")])
        self.assertEqual(next_steps.silver_rerun_options({"parameters": {"dates": 5}}), [])
        self.assertEqual(next_steps.silver_rerun_options(None), [])

    def test_suggested_reject_rate(self):
        self.assertEqual(next_steps.suggested_reject_rate(SILVER_REPORT), 0.03)  # 2.4% -> 3%
        self.assertEqual(next_steps.suggested_reject_rate({"counts": {"a.rows": 10, "a.quarantined": 6}}), 0.61)
        self.assertEqual(next_steps.suggested_reject_rate({"counts": {"a.rows": 10, "a.quarantined": 10}}), 1.0)
        self.assertIsNone(next_steps.suggested_reject_rate({"counts": {"a.rows": 0, "a.quarantined": 0}}))
        self.assertIsNone(next_steps.suggested_reject_rate(None))


if __name__ == "__main__":
    unittest.main()
