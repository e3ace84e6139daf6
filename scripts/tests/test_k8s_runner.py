"""Unit tests of scripts/k8s_runner.py: the pure functions, and run_stages against a fake kubectl
that records its calls and replays scripted phases (success, failure, timeout, retry, missing CRDs).

Run from the repository root: python3 -m unittest discover -s scripts/tests -p 'test_k8s*.py'
"""

import datetime
import io
import argparse
import json
import os
import re
import sys
import tempfile
import unittest
import unittest.mock
from pathlib import Path

SCRIPTS_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(SCRIPTS_DIR))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import k8s_runner  # noqa: E402  (needs the path above)
from fake_cluster import FakeCluster, kubectl_path  # noqa: E402

REPO = SCRIPTS_DIR.parent

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


class FakeClock(k8s_runner.Clock):
    """Each look at the clock advances it one second; sleeping costs nothing."""

    def __init__(self):
        self.ticks = 0.0

        def monotonic():
            self.ticks += 1.0
            return self.ticks

        super().__init__(now=lambda: NOW, monotonic=monotonic, sleep=lambda seconds: None)


class PureFunctionTest(unittest.TestCase):
    def test_unique_name_is_stamped_and_short(self):
        name = k8s_runner.unique_name("c360-bronze-ingest", NOW, "ab12")
        self.assertEqual(name, "c360-bronze-ingest-20260301-123005-ab12")
        long_name = k8s_runner.unique_name("x" * 80, NOW, "ab12")
        self.assertLessEqual(len(long_name), k8s_runner.MAX_NAME_LENGTH)
        self.assertTrue(long_name.endswith("-20260301-123005-ab12"))

    def test_set_option_replaces_or_appends(self):
        self.assertEqual(k8s_runner.set_option(["--days", "30"], "--days", "7"), ["--days", "7"])
        self.assertEqual(k8s_runner.set_option(["--days", "30"], "--seed", "1"), ["--days", "30", "--seed", "1"])
        with self.assertRaises(ValueError):
            k8s_runner.set_option(["--days"], "--days", "7")

    def test_rewrite_buckets_only_touches_the_bucket(self):
        buckets = {"c360-bronze": "acme-bronze"}
        self.assertEqual(k8s_runner.rewrite_buckets("s3a://c360-bronze/bronze", buckets), "s3a://acme-bronze/bronze")
        self.assertEqual(k8s_runner.rewrite_buckets("s3a://c360-bronze-old/x", buckets), "s3a://c360-bronze-old/x")
        self.assertEqual(k8s_runner.rewrite_buckets("thrift://h:9083", buckets), "thrift://h:9083")

    def test_build_application_applies_settings_and_overrides(self):
        app = k8s_runner.build_application(BRONZE, "c360-bronze-ingest-run1", SETTINGS, [("--days", "7")])
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
        app = k8s_runner.build_application(GOLD, "g", {}, [("--full-rebuild", None), ("--full-rebuild", None)])
        self.assertEqual(app["spec"]["args"].count("--full-rebuild"), 1)
        self.assertEqual(app["spec"]["args"][-1], "--full-rebuild")

    def test_parse_override(self):
        self.assertEqual(k8s_runner.parse_override("bronze:--target-bytes=100GB"), ("bronze", "--target-bytes", "100GB"))
        self.assertEqual(k8s_runner.parse_override("gold:--full-rebuild"), ("gold", "--full-rebuild", None))
        self.assertEqual(k8s_runner.parse_override("silver:--dates=2026-01-01..2026-01-02"),
                         ("silver", "--dates", "2026-01-01..2026-01-02"))
        for text in ("platinum:--x=1", "bronze--x=1", "bronze:x=1", "bronze:--"):
            with self.assertRaises(argparse.ArgumentTypeError, msg=text):
                k8s_runner.parse_override(text)

    def test_run_options_defaults_and_checks(self):
        parser = argparse.ArgumentParser()
        with unittest.mock.patch.dict(os.environ, {"C360_NAMESPACE": ""}):
            k8s_runner.add_run_options(parser)
        args = parser.parse_args([])
        self.assertEqual((args.namespace, args.timeout, args.retries, args.overrides),
                         ("c360", 6 * 3600, 0, []))
        self.assertEqual(args.manifests, REPO / "k8s" / "spark")
        parser = argparse.ArgumentParser()
        with unittest.mock.patch.dict(os.environ, {"C360_NAMESPACE": "lake"}):
            k8s_runner.add_run_options(parser)
        self.assertEqual(parser.parse_args([]).namespace, "lake")
        for bad in (["--timeout", "0"], ["--retries", "-1"], ["--timeout", "soon"]):
            with self.assertRaises(SystemExit), unittest.mock.patch("sys.stderr", io.StringIO()):
                parser.parse_args(bad)

    def test_every_stage_has_its_manifest_in_k8s_spark(self):
        for stage, name in k8s_runner.STAGE_MANIFESTS.items():
            text = (REPO / "k8s" / "spark" / name).read_text()
            module = name.removesuffix(".yaml")
            self.assertIn("kind: SparkApplication\n", text, stage)
            self.assertRegex(text, rf"\n  name: c360-{re.escape(module)}\n", stage)
        jars = {stage: re.search(r"mainApplicationFile: s3a://c360-artifacts/jars/(\S+)",
                                 (REPO / "k8s" / "spark" / name).read_text()).group(1)
                for stage, name in k8s_runner.STAGE_MANIFESTS.items()}
        self.assertEqual(jars["gold"], "gold-finalize-0.1.0-SNAPSHOT.jar")
        self.assertEqual(jars["maintenance"], jars["gold"], "the maintenance job ships in the gold jar")

    def test_build_application_refuses_other_kinds(self):
        with self.assertRaises(ValueError):
            k8s_runner.build_application({"kind": "ConfigMap"}, "x", {})

    def test_summary_table_lists_every_stage(self):
        table = k8s_runner.summary_table(
            [k8s_runner.StageOutcome("bronze", "app-1", "Succeeded", 1, 3725.0),
             k8s_runner.StageOutcome("silver", None, "Skipped", 0, 0.0)]
        )
        lines = table.splitlines()
        self.assertEqual(lines[0].split(), ["stage", "application", "phase", "attempts", "duration"])
        self.assertEqual(lines[2].split(), ["bronze", "app-1", "Succeeded", "1", "1h02m05s"])
        self.assertEqual(lines[3].split(), ["silver", "-", "Skipped", "0", "0s"])


class RunStagesTest(unittest.TestCase):
    def setUp(self):
        self.temp = tempfile.TemporaryDirectory()
        self.root = Path(self.temp.name)
        self.manifests = self.root / "manifests"
        self.manifests.mkdir()
        for name in k8s_runner.STAGE_MANIFESTS.values():
            (self.manifests / name).write_text("# stands for the YAML; the fake kubectl answers JSON\n")

    def tearDown(self):
        self.temp.cleanup()

    def run_stages(self, scenario, stages=("bronze", "silver"), timeout_s=100, retries=0, **options):
        scenario.setdefault("manifests", MANIFESTS)
        cluster = FakeCluster(self.root / "fake", scenario)
        out = io.StringIO()
        saved = os.environ.get("FAKE_STATE_DIR")
        os.environ["FAKE_STATE_DIR"] = str(cluster.state)
        try:
            result = k8s_runner.run_stages(
                list(stages), "lake", self.manifests, timeout_s, retries,
                kubectl=kubectl_path(cluster), out=out, poll_s=0, clock=FakeClock(), **options,
            )
        finally:
            if saved is None:
                del os.environ["FAKE_STATE_DIR"]
            else:
                os.environ["FAKE_STATE_DIR"] = saved
        return result, out.getvalue(), cluster

    def applied(self, cluster):
        return [json.loads(call["stdin"]) for call in cluster.calls()
                if call["args"][:3] == ["apply", "-f", "-"]]

    def test_success_runs_every_stage_in_order_and_follows_the_driver(self):
        result, out, cluster = self.run_stages(
            {"phases": [["Submitted", "Running", "Succeeded"]], "driver": True, "settings": SETTINGS}
        )
        self.assertEqual(result, 0, out)
        apps = self.applied(cluster)
        self.assertEqual(len(apps), 2)
        self.assertTrue(apps[0]["metadata"]["name"].startswith("c360-bronze-ingest-20260301-123005-"))
        self.assertTrue(apps[1]["metadata"]["name"].startswith("c360-silver-build-"))
        self.assertIn("s3a://acme-bronze/bronze", apps[0]["spec"]["args"])
        self.assertIn("driver says hello", out)
        self.assertRegex(out, r"silver\s+c360-silver-build-\S+\s+Succeeded\s+1")
        every_call_namespaced = all("--namespace" in call["args"] for call in cluster.calls())
        self.assertTrue(every_call_namespaced)
        follow = [c for c in cluster.calls() if "--follow" in c["args"]]
        self.assertEqual(follow[0]["args"][:3], ["logs", "--follow", "pod/driver-pod"])

    def test_failure_stops_the_run_skips_later_stages_and_shows_diagnostics(self):
        result, out, cluster = self.run_stages({"phases": [["Running", "Failed"]], "driver": True, "settings": SETTINGS})
        self.assertEqual(result, k8s_runner.RESULT_FAILED)
        self.assertEqual(len(self.applied(cluster)), 1)
        self.assertIn("Name: c360-bronze-ingest-", out)  # kubectl describe
        self.assertIn("last driver line", out)
        self.assertRegex(out, r"silver\s+-\s+Skipped")
        self.assertIn("Stage bronze ended Failed", out)

    def test_a_retry_runs_a_new_attempt_under_a_new_name(self):
        result, out, cluster = self.run_stages(
            {"phases": [["Failed"], ["Running", "Succeeded"]], "settings": SETTINGS},
            stages=("bronze",), retries=1,
        )
        self.assertEqual(result, 0, out)
        names = [app["metadata"]["name"] for app in self.applied(cluster)]
        self.assertEqual(len(names), 2)
        self.assertEqual(len(set(names)), 2)
        self.assertRegex(out, r"bronze\s+\S+\s+Succeeded\s+2")

    def test_timeout_deletes_the_application_and_fails(self):
        result, out, cluster = self.run_stages(
            {"phases": [["Running"]], "settings": SETTINGS}, stages=("bronze",), timeout_s=5
        )
        self.assertEqual(result, k8s_runner.RESULT_FAILED)
        deletes = [c for c in cluster.calls() if c["args"][0] == "delete"]
        self.assertEqual(len(deletes), 1)
        self.assertIn("no result within 5s", out)
        self.assertRegex(out, r"bronze\s+\S+\s+Timeout")

    def test_without_deploy_settings_the_manifest_buckets_are_kept(self):
        result, out, cluster = self.run_stages({"phases": [["Succeeded"]]}, stages=("bronze",))
        self.assertEqual(result, 0, out)
        self.assertIn("no ConfigMap c360-deployment", out)
        self.assertIn("s3a://c360-bronze/bronze", self.applied(cluster)[0]["spec"]["args"])

    def test_gold_and_maintenance_run_their_own_manifests(self):
        result, out, cluster = self.run_stages(
            {"phases": [["Running", "Succeeded"]], "settings": SETTINGS}, stages=("gold", "maintenance"),
            overrides={"gold": [("--full-rebuild", None)]},
        )
        self.assertEqual(result, 0, out)
        apps = self.applied(cluster)
        self.assertEqual([app["metadata"]["name"][:22] for app in apps], ["c360-gold-finalize-202", "c360-table-maintenance"])
        self.assertIn("--full-rebuild", apps[0]["spec"]["args"])
        self.assertNotIn("--full-rebuild", apps[1]["spec"]["args"])
        self.assertIn("s3a://acme-warehouse/warehouse", apps[1]["spec"]["sparkConf"].values())

    def test_a_missing_spark_crd_stops_before_anything_is_parsed_or_applied(self):
        result, out, cluster = self.run_stages(
            {"phases": [["Succeeded"]], "settings": SETTINGS,
             "missing_crds": ["sparkapplications.spark.stackable.tech"]},
        )
        self.assertEqual(result, k8s_runner.RESULT_UNAVAILABLE)
        self.assertIn("CRD sparkapplications.spark.stackable.tech is missing", out)
        self.assertIn("spark-k8s-operator 26.3.0", out)
        self.assertEqual([c["args"][0] for c in cluster.calls()], ["api-resources"])

    def test_an_override_of_a_stage_not_run_is_refused(self):
        result, out, cluster = self.run_stages(
            {"phases": [["Succeeded"]]}, stages=("silver",), overrides={"gold": [("--full-rebuild", None)]}
        )
        self.assertEqual(result, k8s_runner.RESULT_USAGE)
        self.assertIn("--set for gold, which this run does not include", out)
        self.assertEqual(cluster.calls(), [])

    def test_dry_run_prints_the_applications_and_applies_nothing(self):
        result, out, cluster = self.run_stages({"phases": [["Succeeded"]], "settings": SETTINGS}, dry_run=True)
        self.assertEqual(result, 0, out)
        self.assertEqual(self.applied(cluster), [])
        self.assertIn("==> bronze: would apply", out)
        self.assertIn('"s3a://acme-bronze/bronze"', out)
        self.assertIn("==> silver: would apply", out)
        self.assertIn("nothing was applied", out)

    def test_unknown_stage_and_missing_kubectl(self):
        out = io.StringIO()
        self.assertEqual(k8s_runner.run_stages(["platinum"], "lake", self.manifests, 5, 0, out=out), 2)
        self.assertIn("unknown stage", out.getvalue())
        out = io.StringIO()
        result = k8s_runner.run_stages(["bronze"], "lake", self.manifests, 5, 0,
                                       kubectl=str(self.root / "no-kubectl"), out=out)
        self.assertEqual(result, k8s_runner.RESULT_UNAVAILABLE)
        self.assertIn("not found", out.getvalue())


if __name__ == "__main__":
    unittest.main()
