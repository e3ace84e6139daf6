"""Tests of c360/targets/k8s_plan.py through ``run_pipeline.py --target k8s``, against a fake kubectl first on the PATH, which records
every call and replays scripted states: success, failure, timeout, retry, missing CRDs. The
manifests are the repository's k8s/spark/*.yaml; the fake answers their parsed form from the
scenario (it has no YAML parser).

Run from the repository root: python3 -m unittest discover -s scripts/tests -p 'test_targets_k8s_plan.py'
"""

import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from fake_cluster import FakeCluster
from helpers import SCRIPTS_DIR

from c360 import main as entry
from c360.errors import ExitCode
from c360.targets import k8s

REPO = SCRIPTS_DIR.parent


def application(module, main_class, args):
    return {
        "apiVersion": "spark.stackable.tech/v1alpha1",
        "kind": "SparkApplication",
        "metadata": {"name": f"c360-{module}", "labels": {"app.kubernetes.io/component": "spark"}},
        "spec": {
            "mainApplicationFile": f"s3a://c360-artifacts/jars/{module}-0.1.0-SNAPSHOT.jar",
            "mainClass": main_class,
            "args": ["--target", "k8s", "--warehouse", "s3a://c360-warehouse/warehouse", *args],
            "sparkConf": {"spark.sql.catalog.lakehouse.uri": "thrift://c360-hive-metastore:9083"},
        },
    }


MANIFESTS = {
    "bronze-ingest.yaml": application(
        "bronze-ingest", "io.c360.bronze.BronzeIngestMain",
        ["--output", "s3a://c360-bronze/bronze", "--target-bytes", "1TB", "--days", "30"],
    ),
    "silver-build.yaml": application(
        "silver-build", "io.c360.silver.SilverBuildMain", ["--max-reject-rate", "0.05"]
    ),
    "gold-finalize.yaml": application("gold-finalize", "io.c360.gold.GoldFinalizeMain", []),
    "table-maintenance.yaml": application(
        "table-maintenance", "io.c360.ops.maintenance.TableMaintenanceMain", ["--retain-last", "5"]
    ),
}
MANIFESTS["table-maintenance.yaml"]["spec"]["mainApplicationFile"] = (
    "s3a://c360-artifacts/jars/lakehouse-ops-0.1.0-SNAPSHOT.jar"
)
SETTINGS = {"bronzeBucket": "acme-bronze", "warehouseBucket": "c360-warehouse", "targetBytes": "100GB"}
SUCCESS = {"phases": [["", "Unknown", "Running", "Succeeded"]], "driver": True, "settings": SETTINGS}


class K8sTargetTestCase(unittest.TestCase):
    def setUp(self):
        self.temp = tempfile.TemporaryDirectory()
        self.root = Path(self.temp.name)
        self.runs = 0

    def tearDown(self):
        self.temp.cleanup()

    def cluster(self, scenario):
        self.runs += 1
        scenario = {"manifests": MANIFESTS, **scenario}
        self.fake = FakeCluster(self.root / f"fake-{self.runs}", scenario, tools=())
        return self.fake

    def run_main(self, *argv, scenario=None, env=None):
        """(exit code, stdout, stderr) of main(argv) with the fake kubectl on the PATH."""
        cluster = self.cluster(scenario if scenario is not None else SUCCESS)
        stdout, stderr = io.StringIO(), io.StringIO()
        environment = cluster.environment(
            {"C360_NAMESPACE": "", "C360_K8S_LOG_DIR": str(self.root / "logs"), **(env or {})}
        )
        with mock.patch.dict(os.environ, environment, clear=True), \
                mock.patch.object(k8s, "POLL_SECONDS", 0.01), \
                contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = entry.main(list(argv))
        return code, stdout.getvalue(), stderr.getvalue()

    def applied(self):
        return [json.loads(call["stdin"]) for call in self.fake.calls()
                if call["args"][:3] == ["apply", "-f", "-"]]

    def applied_classes(self):
        return [app["spec"]["mainClass"].rsplit(".", 1)[1] for app in self.applied()]

    def args_of(self, main_class):
        return next(app["spec"]["args"] for app in self.applied()
                    if app["spec"]["mainClass"].endswith("." + main_class))


class SuccessTest(K8sTargetTestCase):
    def test_full_applies_bronze_silver_and_gold_in_order_and_prints_a_summary(self):
        code, out, err = self.run_main("--target", "k8s", "--namespace", "lake")
        self.assertEqual(code, 0, out + err)
        self.assertEqual(self.applied_classes(), ["BronzeIngestMain", "SilverBuildMain", "GoldFinalizeMain"])
        for stage, module in (("bronze", "bronze-ingest"), ("silver", "silver-build"), ("gold", "gold-finalize")):
            self.assertRegex(out, rf"\n{stage}\s+c360-{module}-\d{{8}}-\d{{6}}-[0-9a-f]{{4}}\s+Succeeded\s+1\s")
        self.assertIn("driver says hello", out)
        self.assertIn("s3a://acme-bronze/bronze", self.args_of("BronzeIngestMain"))
        self.assertTrue(all(call["args"][-2:] == ["--namespace", "lake"] for call in self.fake.calls()))
        self.assertIn("target k8s: running bronze, silver, gold as SparkApplications in namespace lake", err)

    def test_each_stage_alone_and_maintenance_from_the_ops_jar(self):
        for stage, main_class in (("bronze", "BronzeIngestMain"), ("silver", "SilverBuildMain"),
                                  ("gold", "GoldFinalizeMain"), ("maintenance", "TableMaintenanceMain")):
            code, out, err = self.run_main("--stage", stage, "--target", "k8s")
            self.assertEqual(code, 0, out + err)
            self.assertEqual(self.applied_classes(), [main_class], stage)
        self.assertTrue(self.applied()[0]["metadata"]["name"].startswith("c360-table-maintenance-"))
        self.assertTrue(self.applied()[0]["spec"]["mainApplicationFile"].endswith("/lakehouse-ops-0.1.0-SNAPSHOT.jar"))

    def test_the_namespace_defaults_to_deploy_sh_s(self):
        code, out, err = self.run_main("--stage", "gold", "--target", "k8s")
        self.assertEqual(code, 0, out + err)
        self.assertIn(["--namespace", "c360"], [call["args"][-2:] for call in self.fake.calls()])
        code, out, err = self.run_main("--stage", "gold", "--target", "k8s", env={"C360_NAMESPACE": "lake"})
        self.assertEqual(code, 0, out + err)
        self.assertTrue(all(call["args"][-2:] == ["--namespace", "lake"] for call in self.fake.calls()))

    def test_a_retry_runs_a_second_attempt_under_a_new_name(self):
        code, out, err = self.run_main(
            "--stage", "bronze", "--target", "k8s", "--retries", "1",
            scenario={"phases": [["Running", "Failed"], ["Running", "Succeeded"]], "settings": SETTINGS},
        )
        self.assertEqual(code, 0, out + err)
        names = [app["metadata"]["name"] for app in self.applied()]
        self.assertEqual(len(set(names)), 2)
        self.assertRegex(out, r"\nbronze\s+\S+\s+Succeeded\s+2\s")

    def test_job_options_go_to_the_stages_that_take_them(self):
        code, out, err = self.run_main(
            "--target", "k8s", "--seed", "7", "--dates", "2026-01-02..2026-01-05",
            "--max-reject-rate", "0.1", "--as-of", "2026-01-31", "--set", "gold:--full-rebuild",
            "--set", "bronze:--target-bytes=5GB",
        )
        self.assertEqual(code, 0, out + err)
        bronze, silver, gold = (self.args_of(name) for name in
                                ("BronzeIngestMain", "SilverBuildMain", "GoldFinalizeMain"))
        self.assertEqual(bronze[bronze.index("--seed") + 1], "7")
        self.assertEqual(bronze[bronze.index("--target-bytes") + 1], "5GB", "--set wins over deploy.sh's volume")
        self.assertNotIn("--dates", bronze)
        self.assertEqual(silver[silver.index("--dates") + 1], "2026-01-02..2026-01-05")
        self.assertEqual(silver[silver.index("--max-reject-rate") + 1], "0.1")
        self.assertEqual(silver[silver.index("--as-of") + 1], "2026-01-31")
        self.assertEqual(gold[gold.index("--dates") + 1], "2026-01-02..2026-01-05")
        self.assertEqual(gold[gold.index("--as-of") + 1], "2026-01-31")
        self.assertIn("--full-rebuild", gold)
        self.assertNotIn("--max-reject-rate", gold)

    def test_maintenance_options_replace_the_manifest_s(self):
        code, out, err = self.run_main(
            "--stage", "maintenance", "--target", "k8s", "--snapshot-retention-hours", "336",
            "--retain-last", "10",
        )
        self.assertEqual(code, 0, out + err)
        args = self.args_of("TableMaintenanceMain")
        self.assertEqual(args[args.index("--snapshot-retention-hours") + 1], "336")
        self.assertEqual(args.count("--retain-last"), 1)
        self.assertEqual(args[args.index("--retain-last") + 1], "10")

    def test_dry_run_prints_the_applications_and_applies_nothing(self):
        code, out, err = self.run_main("--target", "k8s", "--dry-run")
        self.assertEqual(code, 0, out + err)
        self.assertEqual(self.applied(), [])
        for stage in ("bronze", "silver", "gold"):
            self.assertIn(f"==> {stage}: would apply", out)
        self.assertNotIn("maintenance", out)

    def test_the_command_line_with_kubectl_from_the_path(self):
        cluster = self.cluster({"phases": [["Succeeded"]], "settings": SETTINGS})
        result = subprocess.run(
            [sys.executable, str(SCRIPTS_DIR / "run_pipeline.py"), "--stage", "silver", "--target", "k8s",
             "--namespace", "lake"],
            env=cluster.environment(), cwd=self.root, capture_output=True, text=True, timeout=120, check=False,
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(self.applied_classes(), ["SilverBuildMain"])
        self.assertRegex(result.stdout, r"stage\s+application\s+phase\s+attempts\s+duration")


class FailureTest(K8sTargetTestCase):
    def test_a_failed_stage_stops_the_run_with_a_non_zero_exit(self):
        code, out, err = self.run_main(
            "--target", "k8s",
            scenario={"phases": [["Succeeded"], ["Running", "Failed"]], "driver": True, "settings": SETTINGS},
        )
        self.assertEqual(code, k8s.STAGE_FAILED)
        self.assertEqual(self.applied_classes(), ["BronzeIngestMain", "SilverBuildMain"])
        self.assertRegex(out, r"\nsilver\s+c360-silver-build-\S+\s+Failed\s+1\s")
        self.assertRegex(out, r"\ngold\s+-\s+Skipped\s+0\s")
        self.assertIn("Stage silver ended Failed", out)
        self.assertIn("lines of the driver log (all of it: " + str(self.root / "logs"), out)
        self.assertIn("driver says bye", out)
        self.assertIn("a stage did not succeed", err)

    def test_a_failed_submit_exits_3_and_says_a_stage_did_not_succeed(self):
        code, out, err = self.run_main(
            "--stage", "gold", "--target", "k8s", "--log-dir", str(self.root / "elsewhere"),
            scenario={"phases": [["Unknown"]], "settings": SETTINGS, "job": {"status": {"conditions": [
                {"type": "Failed", "status": "True", "reason": "BackoffLimitExceeded"}]}}},
        )
        self.assertEqual(code, ExitCode.EXTERNAL_UNAVAILABLE, out + err)
        self.assertRegex(out, r"\ngold\s+c360-gold-finalize-\S+\s+SubmitFailed\s+1\s")
        self.assertIn("Its logs are in " + str(self.root / "elsewhere"), out)
        self.assertIn("a stage did not succeed", err)

    def test_a_timeout_deletes_the_application_and_fails(self):
        code, out, err = self.run_main(
            "--stage", "gold", "--target", "k8s", "--timeout", "1",
            scenario={"phases": [["Running"]], "settings": SETTINGS},
        )
        self.assertEqual(code, ExitCode.EXTERNAL_UNAVAILABLE, out + err)
        deletes = [call["args"] for call in self.fake.calls() if call["args"][0] == "delete"]
        self.assertEqual(len(deletes), 1)
        self.assertTrue(deletes[0][2].startswith("c360-gold-finalize-"))
        self.assertIn("no result within 1s", out)
        self.assertRegex(out, r"\ngold\s+\S+\s+Timeout\s+1\s")

    def test_missing_crds_stop_before_anything_is_applied(self):
        code, out, err = self.run_main(
            "--target", "k8s",
            scenario={"phases": [["Succeeded"]], "missing_crds": ["sparkapplications.spark.stackable.tech"]},
        )
        self.assertEqual(code, ExitCode.EXTERNAL_UNAVAILABLE)
        self.assertIn("CRD sparkapplications.spark.stackable.tech is missing", out)
        self.assertIn("stackablectl release install 26.3", out)
        self.assertEqual(self.applied(), [])
        self.assertEqual([call["args"][0] for call in self.fake.calls()], ["api-resources"])
        self.assertIn("could not start (exit code 3)", err)

    def test_kubectl_missing(self):
        code, out, err = self.run_main("--target", "k8s", "--kubectl", str(self.root / "no-kubectl"))
        self.assertEqual(code, ExitCode.EXTERNAL_UNAVAILABLE)
        self.assertIn("not found: install kubectl", out)


class UsageTest(K8sTargetTestCase):
    def assert_usage_error(self, *argv, expected):
        code, out, err = self.run_main(*argv)
        self.assertEqual(code, 2, out + err)
        self.assertIn(expected, err)
        self.assertEqual(self.fake.calls(), [], "nothing reaches kubectl")
        return err

    def test_local_only_options_are_refused_with_what_to_do(self):
        err = self.assert_usage_error(
            "--target", "k8s", "--data-dir", "/tmp/x", "--interactions", "5", "--spark-conf", "a=b",
            expected="argument --data-dir: applies to --target local only",
        )
        self.assertIn("--set bronze:--target-bytes=100GB", err)
        self.assertIn("argument --spark-conf: applies to --target local only", err)
        self.assert_usage_error("--stage", "gold", "--target", "k8s", "--report", "gold.html",
                                expected="argument --report: applies to --target local only")

    def test_options_of_a_stage_that_does_not_run_are_refused(self):
        self.assert_usage_error(
            "--stage", "bronze", "--target", "k8s", "--max-reject-rate", "0.1",
            expected="argument --max-reject-rate: applies to the silver stage, which --stage bronze does not run",
        )
        self.assert_usage_error(
            "--stage", "silver", "--target", "k8s", "--set", "gold:--full-rebuild",
            expected="'gold:--full-rebuild' applies to the gold stage, which --stage silver does not run",
        )
        self.assert_usage_error(
            "--stage", "maintenance", "--target", "k8s", "--dates", "2026-01-01",
            expected="argument --dates: applies to the silver and gold stage",
        )

    def test_bad_k8s_values_are_refused_by_the_parser(self):
        for argv in (["--timeout", "0"], ["--retries", "-1"], ["--set", "platinum:--x=1"]):
            code, _, err = self.run_main("--target", "k8s", *argv)
            self.assertEqual(code, 2, argv)
            self.assertIn(argv[0], err)

    def test_k8s_options_are_refused_with_another_target(self):
        self.assert_usage_error("--namespace", "lake", expected="argument --namespace: applies to --target k8s only")
        self.assert_usage_error("--target", "stack", "--retries", "2",
                                expected="argument --retries: applies to --target k8s only")

    def test_query_on_k8s_says_to_use_trino(self):
        data = self.root / "data"
        (data / "warehouse").mkdir(parents=True)
        err = self.assert_usage_error(
            "query", "SELECT 1", "--target", "k8s", "--data-dir", str(data),
            expected="argument --target: 'k8s' is not available for query",
        )
        self.assertIn("Trino that deploy.sh deploys", err)
        self.assertIn("docs/DEPLOYMENT.md", err)


if __name__ == "__main__":
    unittest.main()
