"""Unit tests of c360/targets/k8s_status.py: what a Job, a pod and its events say, including the
half-filled and odd objects an API server (or a proxy in front of it) may return."""

import unittest

import helpers  # noqa: F401  (the package on the path)

from c360.targets import k8s_status as status


def pod(phase="Pending", waiting=None, init_waiting=None):
    def statuses(reason):
        return [{"name": "c", "state": {"waiting": {"reason": reason, "message": "why"}}}] if reason else []

    return {"metadata": {"name": "p"},
            "status": {"phase": phase, "containerStatuses": statuses(waiting),
                       "initContainerStatuses": statuses(init_waiting)}}


class JobFailureTest(unittest.TestCase):
    def test_only_a_true_failed_condition_is_a_failure(self):
        failed = {"status": {"conditions": [
            {"type": "FailureTarget", "status": "True", "reason": "BackoffLimitExceeded"},
            {"type": "Failed", "status": "True", "reason": "BackoffLimitExceeded", "message": "limit"}]}}
        self.assertEqual(status.job_failure(failed), "BackoffLimitExceeded: limit")
        self.assertIsNone(status.job_failure({"status": {"conditions": [{"type": "Failed", "status": "False"}]}}))
        self.assertIsNone(status.job_failure({"status": {"conditions": [{"type": "Complete", "status": "True"}]}}))

    def test_missing_and_empty_jobs_are_no_failure(self):
        for job in (None, {}, {"status": {}}, {"status": {"conditions": None}}):
            self.assertIsNone(status.job_failure(job), job)

    def test_a_failed_condition_without_reason_or_message_still_counts(self):
        self.assertEqual(status.job_failure({"status": {"conditions": [{"type": "Failed", "status": "True"}]}}), "Failed")


class PodBlockerTest(unittest.TestCase):
    def test_waiting_reasons_that_do_not_clear_up_by_themselves_block(self):
        self.assertEqual(status.pod_blocker(pod(waiting="ImagePullBackOff"), []), "container c: ImagePullBackOff: why")
        self.assertEqual(status.pod_blocker(pod(init_waiting="CreateContainerConfigError"), []),
                         "container c: CreateContainerConfigError: why")

    def test_ordinary_start_up_does_not_block(self):
        for reason in ("ContainerCreating", "PodInitializing", None):
            self.assertIsNone(status.pod_blocker(pod(waiting=reason), []), reason)

    def test_failed_mount_warnings_block_a_pending_pod_only(self):
        mount = {"type": "Warning", "reason": "FailedMount", "message": "MountVolume.SetUp failed\n"}
        self.assertEqual(status.pod_blocker(pod(), [mount]), "FailedMount: MountVolume.SetUp failed")
        self.assertIsNone(status.pod_blocker(pod(phase="Running"), [mount]),
                          "a pod that got its volumes in the end is not blocked by old events")
        self.assertIsNone(status.pod_blocker(pod(), [{**mount, "type": "Normal"}]))
        self.assertIsNone(status.pod_blocker(pod(), [{"type": "Warning", "reason": "FailedScheduling"}]),
                          "waiting for room in the cluster is for the timeout to judge")

    def test_odd_objects_are_read_without_errors(self):
        odd = {"status": {"containerStatuses": [{"state": None}, {"name": "x"}, {"state": {"waiting": None}}],
                          "initContainerStatuses": None}}
        self.assertIsNone(status.pod_blocker(odd, []))
        self.assertIsNone(status.pod_blocker({}, []))
        self.assertEqual(status.pod_name({}), "pod/?")


class HintsTest(unittest.TestCase):
    def test_each_cause_has_its_hint(self):
        self.assertIn("k8s/spark/rbac.yaml", status.hints(['services "x" is forbidden: cannot patch'])[0])
        self.assertIn("ca.crt, tls.crt and tls.key", status.hints(['missing required file "tls.key"'])[0])
        self.assertIn("oci.stackable.tech", status.hints(["container spark: ErrImagePull"])[0])
        self.assertIn("kubectl describe the pod", status.hints(["FailedMount: MountVolume.SetUp failed"])[0])

    def test_no_hint_without_a_known_cause(self):
        self.assertEqual(status.hints(["java.lang.OutOfMemoryError: Java heap space", ""]), [])


if __name__ == "__main__":
    unittest.main()
