"""Unit tests of c360/targets/k8s_application.py: the SparkApplication of one attempt, built from a
stage's manifest, and the k8s summary table.

Run from the repository root: python3 -m unittest discover -s scripts/tests -p 'test_targets_k8s*.py'
"""

import datetime
import json
import unittest

import helpers  # noqa: F401  (the package on the path)

from c360.targets import k8s_application


BRONZE = {
    "apiVersion": "spark.stackable.tech/v1alpha1",
    "kind": "SparkApplication",
    "metadata": {"name": "c360-bronze-ingest", "labels": {"app.kubernetes.io/part-of": "c360-lakehouse"}},
    "spec": {
        "mainApplicationFile": "s3a://c360-artifacts/jars/bronze-ingest-0.1.0-SNAPSHOT.jar",
        "mainClass": "io.c360.bronze.BronzeIngestMain",
        "args": ["--target", "k8s", "--output", "s3a://c360-bronze/bronze", "--target-bytes", "1TB"],
        "sparkConf": {
            "spark.sql.catalog.lakehouse.uri": "thrift://c360-hive-metastore:9083",
            "spark.sql.catalog.lakehouse.warehouse": "s3a://c360-warehouse/warehouse",
        },
    },
}
SILVER = json.loads(json.dumps(BRONZE).replace("bronze-ingest", "silver-build"))
GOLD = json.loads(json.dumps(SILVER).replace("silver-build", "gold-finalize"))
MAINTENANCE = json.loads(json.dumps(GOLD).replace("c360-gold-finalize", "c360-table-maintenance"))
MAINTENANCE["spec"]["args"] = ["--target", "k8s", "--retain-last", "5"]
MANIFESTS = {
    "bronze-ingest.yaml": BRONZE,
    "silver-build.yaml": SILVER,
    "gold-finalize.yaml": GOLD,
    "table-maintenance.yaml": MAINTENANCE,
}
SETTINGS = {
    "bronzeBucket": "acme-bronze",
    "warehouseBucket": "acme-warehouse",
    "artifactsBucket": "c360-artifacts",
    "targetBytes": "100GB",
    "metastoreUri": "thrift://c360-hive-metastore.lake.svc.cluster.local:9083",
}
NOW = datetime.datetime(2026, 3, 1, 12, 30, 5, tzinfo=datetime.timezone.utc)


class PureFunctionTest(unittest.TestCase):

    def test_unique_name_is_stamped_and_short(self):
        name = k8s_application.unique_name("c360-bronze-ingest", NOW, "ab12")
        self.assertEqual(name, "c360-bronze-ingest-20260301-123005-ab12")
        long_name = k8s_application.unique_name("x" * 80, NOW, "ab12")
        self.assertLessEqual(len(long_name), k8s_application.MAX_NAME_LENGTH)
        self.assertTrue(long_name.endswith("-20260301-123005-ab12"))

    def test_set_option_replaces_or_appends(self):
        self.assertEqual(k8s_application.set_option(["--days", "30"], "--days", "7"), ["--days", "7"])
        self.assertEqual(k8s_application.set_option(["--days", "30"], "--seed", "1"), ["--days", "30", "--seed", "1"])
        with self.assertRaises(ValueError):
            k8s_application.set_option(["--days"], "--days", "7")

    def test_rewrite_buckets_only_touches_the_bucket(self):
        buckets = {"c360-bronze": "acme-bronze"}
        self.assertEqual(k8s_application.rewrite_buckets("s3a://c360-bronze/bronze", buckets), "s3a://acme-bronze/bronze")
        self.assertEqual(k8s_application.rewrite_buckets("s3a://c360-bronze-old/x", buckets), "s3a://c360-bronze-old/x")
        self.assertEqual(k8s_application.rewrite_buckets("thrift://h:9083", buckets), "thrift://h:9083")

    def test_build_application_applies_settings_and_overrides(self):
        app = k8s_application.build_application(BRONZE, "c360-bronze-ingest-run1", SETTINGS, [("--days", "7")])
        spec = app["spec"]
        self.assertEqual(app["metadata"]["name"], "c360-bronze-ingest-run1")
        self.assertEqual(app["metadata"]["labels"]["c360.io/run-id"], "c360-bronze-ingest-run1")
        self.assertEqual(
            spec["args"],
            ["--target", "k8s", "--output", "s3a://acme-bronze/bronze", "--target-bytes", "100GB",
             "--run-id", "c360-bronze-ingest-run1", "--days", "7"],
        )
        self.assertEqual(spec["sparkConf"]["spark.sql.catalog.lakehouse.warehouse"], "s3a://acme-warehouse/warehouse")
        self.assertEqual(spec["sparkConf"]["spark.sql.catalog.lakehouse.uri"], SETTINGS["metastoreUri"])
        self.assertEqual(spec["mainApplicationFile"], BRONZE["spec"]["mainApplicationFile"])
        self.assertEqual(BRONZE["spec"]["args"][-1], "1TB", "the template is not modified")

    def test_build_application_adds_a_flag_once(self):
        app = k8s_application.build_application(GOLD, "g", {}, [("--full-rebuild", None), ("--full-rebuild", None)])
        self.assertEqual(app["spec"]["args"].count("--full-rebuild"), 1)
        self.assertEqual(app["spec"]["args"][-1], "--full-rebuild")

    def test_build_application_refuses_other_kinds(self):
        with self.assertRaises(ValueError):
            k8s_application.build_application({"kind": "ConfigMap"}, "x", {})

    def test_summary_table_lists_every_stage(self):
        table = k8s_application.summary_table(
            [k8s_application.StageOutcome("bronze", "app-1", "Succeeded", 1, 3725.0),
             k8s_application.StageOutcome("silver", None, "Skipped", 0, 0.0)]
        )
        lines = table.splitlines()
        self.assertEqual(lines[0].split(), ["stage", "application", "phase", "attempts", "duration"])
        self.assertEqual(lines[2].split(), ["bronze", "app-1", "Succeeded", "1", "1h02m05s"])
        self.assertEqual(lines[3].split(), ["silver", "-", "Skipped", "0", "0s"])


if __name__ == "__main__":
    unittest.main()
