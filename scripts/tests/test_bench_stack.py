"""Unit tests of c360/bench/stack.py: the stack's status, the write report and the Spark write command
(no servers)."""

from __future__ import annotations

import unittest
from pathlib import Path

import helpers  # noqa: F401  (the package on the path)

from c360 import jobs
from c360.bench import stack as bench_stack
from c360.bench.cpu import CpuMeter
from c360.commands import benchmark
from c360.targets import stack


class StackLifecycleTest(unittest.TestCase):
    STATUS = """SERVICE         STATE    PID      PORT               LOG
postgres        running  3200     15432              /x/logs/postgres.log
s3              stale    -        19000              /x/logs/s3.log
trino           stopped  -        18090              /x/logs/trino.log
"""

    def test_status_lines_give_each_services_state(self) -> None:
        self.assertEqual(bench_stack.parse_status(self.STATUS),
                         {"postgres": "running", "s3": "stale", "trino": "stopped"})
        self.assertEqual(bench_stack.not_running(bench_stack.parse_status(self.STATUS)),
                         ["s3", "trino"])

    def test_pids_are_those_of_the_running_services(self) -> None:
        self.assertEqual(bench_stack.parse_pids(self.STATUS), {"postgres": 3200})

    def test_write_report_is_the_last_json_line_of_its_event(self) -> None:
        lines = ["noise", '{"event":"c360.job_run","duration_ms":1}',
                 '{"event":"c360.bench_write","session_ms":5,"warm_up_ms":7,"write_ms":1234}',
                 "bye"]
        self.assertEqual(bench_stack.parse_write_report(lines)["write_ms"], 1234)
        self.assertIsNone(bench_stack.parse_write_report(["{broken c360.bench_write"]))

    def test_spark_write_runs_the_benchmark_main_with_the_gold_jar_and_properties_file(
        self,
    ) -> None:
        settings = stack.StackSettings(Path("/state"), {
            "SPARK_MASTER_URL": "spark://127.0.0.1:17077", "WAREHOUSE_LOCATION": "s3a://w/l",
            "HMS_URI": "thrift://127.0.0.1:19083", "SPARK_PROPERTIES_FILE": "/state/spark.conf",
            "TRINO_CATALOG": "lakehouse", "TRINO_URL": "http://127.0.0.1:18090"})
        args = benchmark.parse(["--stage", "stack"])
        bench = bench_stack.StackBenchmark(args, jobs.REPO_ROOT, settings, "java",
                                           CpuMeter({}))
        gold_runtime = jobs.REPO_ROOT / jobs.GOLD.runtime_classpath
        if not gold_runtime.is_file():
            self.skipTest("gold-finalize's runtime classpath is not built")
        command = bench.spark_write_command("l.w.src", "l.w.t", ["2026-01-29", "2026-01-30"])
        self.assertIn("io.c360.bench.stack.StackWriteBenchmark", command)
        self.assertEqual(command[command.index("--master") + 1], "spark://127.0.0.1:17077")
        self.assertEqual(command[command.index("--properties-file") + 1], "/state/spark.conf")
        self.assertIn("spark.jars=" + str(jobs.REPO_ROOT / jobs.GOLD.jar),
                      command)
        self.assertEqual(command[-12:-2], ["--warehouse", "s3a://w/l", "--metastore-uri",
                                           "thrift://127.0.0.1:19083", "--source", "l.w.src",
                                           "--target", "l.w.t", "--dates",
                                           "2026-01-29,2026-01-30"])
        self.assertEqual(command[-2], "--warm-up")


if __name__ == "__main__":
    unittest.main()
