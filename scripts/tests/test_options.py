"""Unit tests of c360/options.py: the one place a Namespace becomes frozen options."""

import dataclasses
import datetime
import unittest
from pathlib import Path

from helpers import options

from c360.commands import benchmark, query, run


class RunOptionsTest(unittest.TestCase):
    def test_every_option_reaches_the_frozen_options(self):
        given = options("--stage", "gold", "--dates", "2026-01-02", "--spark-conf", "spark.a=1",
                        "--master", "local[2]", "--dry-run", "--retries", "2", "--set", "gold:--x=1")
        self.assertEqual(given.stage, "gold")
        self.assertEqual(given.dates, (datetime.date(2026, 1, 2),) * 2)
        self.assertEqual(given.spark.spark_conf, (("spark.a", "1"),))
        self.assertEqual((given.spark.master, given.spark.dry_run), ("local[2]", True))
        self.assertEqual((given.k8s.retries, given.k8s.overrides), (2, (("gold", "--x", "1"),)))
        self.assertEqual(given.k8s.manifests, Path(__file__).resolve().parents[2] / "k8s" / "spark")

    def test_options_are_frozen(self):
        with self.assertRaises(dataclasses.FrozenInstanceError):
            options().stage = "gold"
        with self.assertRaises(dataclasses.FrozenInstanceError):
            options().spark.dry_run = True

    def test_given_holds_only_the_options_set_to_other_than_their_default(self):
        self.assertEqual(options().given, frozenset())
        self.assertEqual(options("--interactions", "100000", "--days", "3", "--skip-build").given,
                         {"days", "skip_build"})
        self.assertEqual(options("--namespace", "lake").given, {"namespace"})


class QueryAndBenchmarkOptionsTest(unittest.TestCase):
    def test_query_options(self):
        given = query.parse(["SELECT 1", "--format", "csv", "--data-dir", "/d"])
        self.assertEqual((given.sql, given.output_format, given.limit), ("SELECT 1", "csv", 100))
        self.assertEqual(given.given, {"sql", "format", "data_dir"})

    def test_benchmark_defaults_depend_on_the_stage(self):
        self.assertEqual(benchmark.parse(["--stage", "gold"]).work_dir, "target/benchmark-gold")
        self.assertEqual(benchmark.parse(["--work-dir", "/x"]).work_dir, "/x")


if __name__ == "__main__":
    unittest.main()
