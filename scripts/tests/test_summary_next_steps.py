"""Unit tests of c360/summary/next_steps.py: what the summary suggests next."""

import unittest

from helpers import SILVER_REPORT, local

from c360.stages import StageOutcome
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

    def test_killing_signal_from_either_kind_of_exit_code(self):
        self.assertEqual(next_steps.killing_signal(-9), "SIGKILL")  # subprocess: -N
        self.assertEqual(next_steps.killing_signal(137), "SIGKILL")  # shell, Kubernetes: 128 + N
        self.assertEqual(next_steps.killing_signal(143), "SIGTERM")
        for code in (0, 1, 3, 4, 128, 255):
            self.assertIsNone(next_steps.killing_signal(code), code)

    def test_a_killed_job_is_said_to_be_killed_and_safe_to_rerun(self):
        for code in (-9, 137):
            outcomes = [StageOutcome("bronze", 0, 1_000), StageOutcome("silver", code, 9_000)]
            lines = next_steps.next_commands(outcomes, local("/d"), "scripts/run_pipeline.py", 1_000)
            self.assertIn("the silver job was killed by SIGKILL", lines[0])
            self.assertIn("re-running the same command is safe", lines[0])
            self.assertNotIn("stack trace above;", "\n".join(lines))
            self.assertIn("--stage silver --dry-run", lines[1])

    def test_an_internal_error_still_points_at_the_stack_trace(self):
        outcomes = [StageOutcome("silver", 1, 9_000)]
        lines = next_steps.next_commands(outcomes, local("/d"), "scripts/run_pipeline.py", 1_000)
        self.assertIn("read the error and stack trace above", lines[0])


if __name__ == "__main__":
    unittest.main()
