"""Unit tests of c360/targets/k8s.py: its options, and run_stages against a fake kubectl that
records its calls and replays scripted phases the way the spark-k8s-operator 26.3 sets them
(success, failure, timeout, retry, missing CRDs, a failed submit, a pod that cannot start).

Run from the repository root: python3 -m unittest discover -s scripts/tests -p 'test_targets_k8s*.py'
"""

import argparse
import io
import json
import os
import re
import tempfile
import unittest
import unittest.mock
from pathlib import Path

import helpers  # noqa: F401  (the package on the path)
from fake_cluster import FakeCluster, kubectl_path
from test_targets_k8s_application import MANIFESTS, NOW, SETTINGS

from c360.errors import ExitCode
from c360.targets import k8s

REPO = Path(__file__).resolve().parent.parent.parent
FAILED_JOB = {"status": {"failed": 1, "conditions": [
    {"type": "Failed", "status": "True", "reason": "BackoffLimitExceeded",
     "message": "Job has reached the specified backoff limit"}]}}
# spark-submit refused by the API server (Spark 3.5 creates the driver's Service by server-side
# apply, which RBAC authorizes as patch), as fabric8 reports it.
FORBIDDEN_SUBMIT_LOG = (
    "Exception in thread \"main\" io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: "
    "PATCH at: https://10.96.0.1/api/v1/namespaces/lake/services/c360-bronze-driver-svc?fieldManager=fabric8"
    "&force=true. Message: services \"c360-bronze-driver-svc\" is forbidden: User "
    "\"system:serviceaccount:lake:c360-spark\" cannot patch resource \"services\" in API group \"\" in the "
    "namespace \"lake\". Received status: Status(code=403, reason=Forbidden).\n"
)
# The kubelet's event when the secret-operator cannot build PKCS#12 from a k8sSearch Secret with
# ca.crt only (secret-operator 26.3 csi_server/node.rs FormatData, format/well_known.rs
# MissingRequiredFile).
FAILED_MOUNT = {
    "type": "Warning", "reason": "FailedMount", "lastTimestamp": "2026-03-01T12:31:00Z",
    "message": 'MountVolume.SetUp failed for volume "c360-s3-ca" : rpc error: code = Unavailable desc = '
               "failed to convert secret data into desired format: failed to parse secret data: "
               'unable to parse as TlsPem: missing required file "tls.crt"',
}


class FakeClock(k8s.Clock):
    """Each look at the clock advances it one second; sleeping costs nothing."""

    def __init__(self):
        self.ticks = 0.0

        def monotonic():
            self.ticks += 1.0
            return self.ticks

        super().__init__(now=lambda: NOW, monotonic=monotonic, sleep=lambda seconds: None)


class OptionsTest(unittest.TestCase):

    def test_parse_override(self):
        self.assertEqual(k8s.parse_override("bronze:--target-bytes=100GB"), ("bronze", "--target-bytes", "100GB"))
        self.assertEqual(k8s.parse_override("gold:--full-rebuild"), ("gold", "--full-rebuild", None))
        self.assertEqual(k8s.parse_override("silver:--dates=2026-01-01..2026-01-02"),
                         ("silver", "--dates", "2026-01-01..2026-01-02"))
        for text in ("platinum:--x=1", "bronze--x=1", "bronze:x=1", "bronze:--"):
            with self.assertRaises(argparse.ArgumentTypeError, msg=text):
                k8s.parse_override(text)

    def test_run_options_defaults_and_checks(self):
        parser = argparse.ArgumentParser()
        with unittest.mock.patch.dict(os.environ, {"C360_NAMESPACE": ""}):
            k8s.add_run_options(parser)
        args = parser.parse_args([])
        self.assertEqual((args.namespace, args.timeout, args.retries, args.overrides),
                         ("c360", 6 * 3600, 0, []))
        self.assertEqual(args.manifests, REPO / "k8s" / "spark")
        parser = argparse.ArgumentParser()
        with unittest.mock.patch.dict(os.environ, {"C360_NAMESPACE": "lake"}):
            k8s.add_run_options(parser)
        self.assertEqual(parser.parse_args([]).namespace, "lake")
        for bad in (["--timeout", "0"], ["--retries", "-1"], ["--timeout", "soon"]):
            with self.assertRaises(SystemExit), unittest.mock.patch("sys.stderr", io.StringIO()):
                parser.parse_args(bad)

    def test_every_stage_has_its_manifest_in_k8s_spark(self):
        for stage, name in k8s.STAGE_MANIFESTS.items():
            text = (REPO / "k8s" / "spark" / name).read_text()
            module = name.removesuffix(".yaml")
            self.assertIn("kind: SparkApplication\n", text, stage)
            self.assertRegex(text, rf"\n  name: c360-{re.escape(module)}\n", stage)
        jars = {stage: re.search(r"mainApplicationFile: s3a://c360-artifacts/jars/(\S+)",
                                 (REPO / "k8s" / "spark" / name).read_text()).group(1)
                for stage, name in k8s.STAGE_MANIFESTS.items()}
        self.assertEqual(jars["gold"], "gold-finalize-0.1.0-SNAPSHOT.jar")
        self.assertEqual(jars["maintenance"], "lakehouse-ops-0.1.0-SNAPSHOT.jar")


class RunStagesTest(unittest.TestCase):
    def setUp(self):
        self.temp = tempfile.TemporaryDirectory()
        self.root = Path(self.temp.name)
        self.manifests = self.root / "manifests"
        self.manifests.mkdir()
        self.logs = self.root / "logs"
        for name in k8s.STAGE_MANIFESTS.values():
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
            options.setdefault("log_dir", self.logs)
            result = k8s.run_stages(
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
            {"phases": [["", "Unknown", "Pending", "Running", "Succeeded"]], "driver": True, "settings": SETTINGS}
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
        self.assertEqual(len(follow), 2, "one follower per application")
        self.assertEqual(follow[0]["args"][:3], ["logs", "--follow", "pod/driver-pod"])

    def test_the_driver_log_is_followed_only_once_the_driver_runs_and_is_kept_in_a_file(self):
        result, out, cluster = self.run_stages(
            {"phases": [["Unknown", "Pending", "Pending", "Running", "Running", "Succeeded"]], "driver": True,
             "settings": SETTINGS},
            stages=("bronze",),
        )
        self.assertEqual(result, 0, out)
        self.assertNotIn("waiting to start", out, "a Pending driver's log cannot be followed yet")
        name = self.applied(cluster)[0]["metadata"]["name"]
        kept = self.logs / name / "driver.log"
        self.assertEqual(kept.read_text(), "driver says hello\ndriver says bye\n")
        self.assertIn(f"kept in {kept}", out)

    def test_failure_stops_the_run_skips_later_stages_and_shows_the_kept_driver_log(self):
        # The operator deletes the driver pod when the application fails (pod_driver_controller.rs):
        # its log must come from what was followed while it ran.
        result, out, cluster = self.run_stages({"phases": [["Running", "Failed"]], "driver": True, "settings": SETTINGS})
        self.assertEqual(result, k8s.STAGE_FAILED)
        self.assertEqual(len(self.applied(cluster)), 1)
        self.assertIn("Name: c360-bronze-ingest-", out)  # kubectl describe
        name = self.applied(cluster)[0]["metadata"]["name"]
        self.assertIn(f"==> last 2 lines of the driver log (all of it: {self.logs / name / 'driver.log'})\n"
                      "driver says hello\ndriver says bye\n", out)
        self.assertTrue((self.logs / name / "driver.log").is_file())
        self.assertRegex(out, r"silver\s+-\s+Skipped")
        self.assertIn("Stage bronze ended Failed (exit code 1)", out)

    def test_a_failed_driver_exits_with_the_job_s_own_exit_code_from_its_run_report(self):
        report = json.dumps({"event": "c360.job_run", "job": "bronze-ingest", "status": "FAILED", "exit_code": 4})
        result, out, cluster = self.run_stages(
            {"phases": [["Running", "Failed"]], "driver": True, "settings": SETTINGS,
             "driver_log": f"starting\n{report}\n"},
            stages=("bronze",),
        )
        self.assertEqual(result, ExitCode.DATA_QUALITY, out)
        self.assertIn("Stage bronze ended Failed (exit code 4)", out)

    def test_a_run_report_with_a_code_no_job_uses_falls_back_to_1(self):
        report = json.dumps({"event": "c360.job_run", "exit_code": 77})
        result, out, cluster = self.run_stages(
            {"phases": [["Running", "Failed"]], "driver": True, "settings": SETTINGS, "driver_log": report + "\n"},
            stages=("bronze",),
        )
        self.assertEqual(result, k8s.STAGE_FAILED, out)

    def test_a_failed_submit_fails_fast_with_exit_3_its_log_and_the_rbac_hint(self):
        # spark_k8s_controller.rs sets the phase to Unknown when it creates the submit Job and never
        # again: a submit that fails never reaches Failed. The runner reads the Job's condition.
        result, out, cluster = self.run_stages(
            {"phases": [["", "Unknown"]], "settings": SETTINGS,
             "job": [{"status": {"active": 1}}, FAILED_JOB],
             "submit_pod": {"phase": "Failed", "containerStatuses": [
                 {"name": "spark-submit", "state": {"terminated": {"exitCode": 1, "reason": "Error"}}}]},
             "submit_log": FORBIDDEN_SUBMIT_LOG},
            timeout_s=60,
        )
        self.assertEqual(result, ExitCode.EXTERNAL_UNAVAILABLE, out)
        self.assertRegex(out, r"bronze\s+c360-bronze-ingest-\S+\s+SubmitFailed\s+1")
        self.assertRegex(out, r"silver\s+-\s+Skipped")
        self.assertIn("the submit Job failed (BackoffLimitExceeded: Job has reached the specified backoff limit)", out)
        self.assertIn("pod/submit-pod: container spark-submit terminated: Error (exit code 1)", out)
        self.assertIn('cannot patch resource "services"', out)
        self.assertIn("hint: The API server refused spark-submit or the driver a request (403 Forbidden)", out)
        name = self.applied(cluster)[0]["metadata"]["name"]
        self.assertIn("cannot patch resource", (self.logs / name / "submit.log").read_text())
        looks = [c for c in cluster.calls() if c["args"][:2] == ["get", "sparkapplication"]]
        self.assertLess(len(looks), 10, "fails on the Job's condition, not after the timeout")
        self.assertEqual([c for c in cluster.calls() if c["args"][0] == "delete"], [],
                         "a failed application is kept for inspection")

    def test_a_submit_pod_stuck_on_a_failed_mount_is_deleted_after_the_grace_time(self):
        result, out, cluster = self.run_stages(
            {"phases": [["Unknown"]], "settings": SETTINGS, "job": {"status": {"active": 1}},
             "submit_pod": {"phase": "Pending", "containerStatuses": [
                 {"name": "spark-submit", "state": {"waiting": {"reason": "ContainerCreating"}}}]},
             "events": {"submit-pod": [FAILED_MOUNT]}},
            stages=("bronze",), timeout_s=60, stuck_s=5,
        )
        self.assertEqual(result, ExitCode.EXTERNAL_UNAVAILABLE, out)
        self.assertRegex(out, r"bronze\s+\S+\s+Blocked\s+1")
        self.assertIn("==> pod/submit-pod cannot start yet: FailedMount: MountVolume.SetUp failed", out)
        self.assertIn("pod/submit-pod could not start for 5s", out)
        self.assertIn("hint: A TLS SecretClass volume could not be built", out)
        deletes = [c for c in cluster.calls() if c["args"][0] == "delete"]
        self.assertEqual(len(deletes), 1)

    def test_a_driver_that_cannot_pull_its_image_is_blocked_not_waited_for(self):
        result, out, cluster = self.run_stages(
            {"phases": [["Unknown", "Pending"]], "driver": True, "settings": SETTINGS,
             "driver_pod": {"containerStatuses": [{"name": "spark", "state": {"waiting": {
                 "reason": "ImagePullBackOff", "message": 'Back-off pulling image "oci.stackable.tech/sdp/spark-k8s:3.5.8"'}}}]}},
            stages=("bronze",), timeout_s=60, stuck_s=5,
        )
        self.assertEqual(result, ExitCode.EXTERNAL_UNAVAILABLE, out)
        self.assertIn("pod/driver-pod could not start for 5s: container spark: ImagePullBackOff", out)
        self.assertIn("hint: The image could not be pulled", out)
        self.assertNotIn("waiting to start", out)

    def test_a_blocked_pod_within_the_grace_time_is_waited_for(self):
        result, out, cluster = self.run_stages(
            {"phases": [["Unknown", "Unknown", "Running", "Succeeded"]], "settings": SETTINGS,
             "job": {"status": {"active": 1}}, "driver": True,
             "submit_pod": {"phase": "Pending"}, "events": {"submit-pod": [FAILED_MOUNT]}},
            stages=("bronze",), stuck_s=1000,
        )
        self.assertEqual(result, 0, out)
        self.assertIn("cannot start yet", out)

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
        self.assertEqual(result, ExitCode.EXTERNAL_UNAVAILABLE)
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
        self.assertEqual(result, ExitCode.EXTERNAL_UNAVAILABLE)
        self.assertIn("CRD sparkapplications.spark.stackable.tech is missing", out)
        self.assertIn("spark-k8s-operator 26.3.0", out)
        self.assertEqual([c["args"][0] for c in cluster.calls()], ["api-resources"])

    def test_an_override_of_a_stage_not_run_is_refused(self):
        result, out, cluster = self.run_stages(
            {"phases": [["Succeeded"]]}, stages=("silver",), overrides={"gold": [("--full-rebuild", None)]}
        )
        self.assertEqual(result, ExitCode.USAGE)
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
        self.assertEqual(k8s.run_stages(["platinum"], "lake", self.manifests, 5, 0, out=out), 2)
        self.assertIn("unknown stage", out.getvalue())
        out = io.StringIO()
        result = k8s.run_stages(["bronze"], "lake", self.manifests, 5, 0,
                                       kubectl=str(self.root / "no-kubectl"), out=out)
        self.assertEqual(result, ExitCode.EXTERNAL_UNAVAILABLE)
        self.assertIn("not found", out.getvalue())


if __name__ == "__main__":
    unittest.main()
