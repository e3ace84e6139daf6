"""Unit tests of c360/bench/cpu.py: CPU seconds from /proc, per engine."""

from __future__ import annotations

import os
import subprocess
import sys
import unittest

import helpers  # noqa: F401  (the package on the path)

from c360.bench import cpu

# A /proc/PID/stat line whose command holds a space and a ')': utime 300, stime 100, cutime 50,
# cstime 25 ticks (fields 14 to 17).
STAT = ("4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 300 100 50 25 20 0 40 0 12345 "
        "1000 200")


class StatTest(unittest.TestCase):
    def test_cpu_seconds_are_the_process_and_its_reaped_childrens_ticks(self) -> None:
        self.assertAlmostEqual(cpu.stat_cpu_seconds(STAT, 100), 4.75)

    def test_a_process_gone_counts_nothing(self) -> None:
        self.assertEqual(cpu.process_cpu_seconds(2 ** 22 + 12345), 0.0)

    @unittest.skipUnless(os.path.exists("/proc/self/stat"), "needs /proc")
    def test_a_busy_waited_child_shows_in_the_spark_side_only(self) -> None:
        # This process as a service of neither engine: only the waited child counts, for Spark.
        meter = cpu.CpuMeter({"postgres": os.getpid(), "spark-worker-1": 2 ** 22 + 1})
        self.assertEqual(meter.trino_pids, [])
        before = meter.sample()
        subprocess.run([sys.executable, "-c", "sum(i * i for i in range(3_000_000))"], check=True)
        spent = meter.sample().minus(before)
        self.assertGreater(spent.spark, 0.05)
        self.assertEqual(spent.trino, 0.0)

    def test_services_are_split_by_engine(self) -> None:
        meter = cpu.CpuMeter({"spark-master": 1, "spark-worker-2": 2, "trino": 3, "s3": 4})
        self.assertEqual((meter.spark_pids, meter.trino_pids), ([1, 2], [3]))


if __name__ == "__main__":
    unittest.main()
