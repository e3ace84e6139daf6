"""Unit tests of c360/targets/kubectl.py: kubectl's argument lists (the fake cluster of
test_targets_k8s.py runs them), odd answers, and the driver log follower."""

import io
import shlex
import tempfile
import unittest
from pathlib import Path

import helpers  # noqa: F401  (the package on the path)

from c360.targets import kubectl


class KubectlTest(unittest.TestCase):
    def test_every_call_names_the_namespace(self):
        client = kubectl.Kubectl("/bin/kubectl", "lake")
        self.assertEqual(
            client.follow_command("pod/driver"),
            ["/bin/kubectl", "logs", "--follow", "pod/driver", "--container", "spark", "--namespace", "lake"],
        )

    def test_a_missing_kubectl_is_a_kubectl_error(self):
        client = kubectl.Kubectl("/nonexistent/kubectl", "lake")
        with self.assertRaises(kubectl.KubectlError) as caught:
            client.run(["get", "pods"])
        self.assertIn("not found: install kubectl", str(caught.exception))


class AnswersTest(unittest.TestCase):
    """What kubectl's answers become when they are missing or not what was asked for."""

    def kubectl_printing(self, stdout, code=0):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        path = Path(folder.name) / "kubectl"
        path.write_text(f"#!/bin/sh\nprintf '%s' {shlex.quote(stdout)}\nexit {code}\n")
        path.chmod(0o755)
        return kubectl.Kubectl(str(path), "lake")

    def test_unreadable_or_failed_answers_are_none(self):
        for stdout, code in (("<html>502 Bad Gateway</html>", 0), ("[1, 2]", 0), ('{"items": []}', 1), ("", 0)):
            client = self.kubectl_printing(stdout, code)
            self.assertIsNone(client.submit_job("app"), stdout)
            self.assertEqual(client.submit_pods("app"), [], stdout)
            self.assertIsNone(client.driver_pod("app"), stdout)
            self.assertEqual(client.pod_events("pod/x"), [], stdout)

    def test_items_that_are_not_objects_are_skipped(self):
        client = self.kubectl_printing('{"items": [null, "x", {"metadata": {"name": "d"}}]}')
        self.assertEqual(client.driver_pod("app"), {"metadata": {"name": "d"}})
        client = self.kubectl_printing('{"items": null}')
        self.assertEqual(client.submit_pods("app"), [])


class LogFollowerTest(unittest.TestCase):
    def test_the_log_is_copied_kept_in_a_file_and_its_tail_remembered(self):
        with tempfile.TemporaryDirectory() as folder:
            keep = Path(folder) / "app" / "driver.log"
            out = io.StringIO()
            lines = "".join(f"line {n}\n" for n in range(1, 51))
            follower = kubectl.LogFollower(["printf", "%s", lines], out, "> ", keep, tail_lines=3)
            follower.stop(grace_s=10)
            self.assertEqual(keep.read_text(), lines)
            self.assertEqual(follower.tail(), ["line 48\n", "line 49\n", "line 50\n"])
            self.assertTrue(out.getvalue().startswith("> line 1\n> line 2\n"))


if __name__ == "__main__":
    unittest.main()
