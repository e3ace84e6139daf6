"""Unit tests of c360/targets/kubectl.py: kubectl's argument lists (the fake cluster of
test_targets_k8s.py runs them)."""

import unittest

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


if __name__ == "__main__":
    unittest.main()
