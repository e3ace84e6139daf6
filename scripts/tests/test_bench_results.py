"""Unit tests of c360/bench/results.py: ratios, medians and the result tables."""

from __future__ import annotations

import math
import unittest

import helpers  # noqa: F401  (the package on the path)

from c360.bench import results


class RatioAndMedianTest(unittest.TestCase):
    def test_ratio_is_trino_seconds_over_spark_seconds(self) -> None:
        self.assertAlmostEqual(results.ratio(10.0, 20.0), 0.5)
        self.assertAlmostEqual(results.ratio(30.0, 15.0), 2.0)
        self.assertTrue(math.isnan(results.ratio(1.0, 0.0)))
        self.assertTrue(math.isnan(results.ratio(math.nan, 1.0)))

    def test_median_and_per_round_range(self) -> None:
        self.assertEqual(results.median([3.0, 1.0, 2.0]), 2.0)
        self.assertEqual(results.median([4.0, 1.0]), 2.5)
        self.assertTrue(math.isnan(results.median([])))
        self.assertEqual(results.ratio_range([10.0, 30.0], [20.0, 10.0]), (0.5, 3.0))

    def test_results_table_has_medians_and_ratio_of_medians(self) -> None:
        rounds = [
            results.StackRound(gold_job_s=s, gold_wall_s=s + 5, trino_gold_s=t,
                                 spark_write_s=m, spark_write_wall_s=m + 10, trino_write_s=2.0,
                                 gold_steps={"reconcile": 3.0, "ranges": 1.0,
                                             "commit_daily": 1.0, "commit_customers": 5.0},
                                 gold_cpu_s=2 * s, trino_gold_cpu_s=t, spark_write_cpu_s=40.0,
                                 trino_write_cpu_s=m)
            for s, t, m in ((100.0, 20.0, 4.0), (120.0, 10.0, 2.0), (80.0, 30.0, 1.0))]
        lines = results.result_lines(rounds)
        self.assertEqual(lines[2], "| gold: the job's duration_ms / Trino's 6 CTAS | 100.0 | "
                                   "20.0 | 0.20x | 0.08-0.38 |")
        self.assertIn("| 10.0 | 20.0 | 2.00x |", lines[4])
        self.assertIn("| 2.0 | 2.0 | 1.00x | 0.50-2.00 |", lines[5])
        # CPU: Trino's seconds over Spark's, like the wall times.
        self.assertIn("gold, CPU s", lines[7])
        self.assertIn("| 200.0 | 20.0 | 0.10x |", lines[7])
        self.assertIn("| 40.0 | 2.0 | 0.05x | 0.03-0.10 |", lines[8])

    def test_step_medians_keep_the_reported_order(self) -> None:
        rounds = [results.StackRound(gold_steps={"plan": p, "reconcile": r})
                  for p, r in ((1.0, 9.0), (3.0, 7.0), (2.0, 8.0))]
        self.assertEqual(
            results.step_lines(rounds, lambda r: r.gold_steps, "step"),
            ["| step | median (s) |", "|---|---:|", "| plan | 2.0 |", "| reconcile | 8.0 |"])


if __name__ == "__main__":
    unittest.main()
