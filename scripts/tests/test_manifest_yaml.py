"""Tests of c360/targets/manifest_yaml.py: the repository's manifests read as PyYAML reads them,
and YAML outside the subset refused with its line.

Run from the repository root: python3 -m pytest -q scripts/tests/test_manifest_yaml.py
"""

import unittest
from pathlib import Path

import helpers  # noqa: F401  (puts the package on the path)

from c360.targets import manifest_yaml

REPO = Path(__file__).resolve().parent.parent.parent
# The manifests the stack target reads (c360.targets.stack): they must stay inside the subset.
STACK_MANIFESTS = sorted((REPO / "k8s" / "spark").glob("*.yaml")) + [
    REPO / "k8s" / "s3" / "s3-connection.yaml",
    REPO / "k8s" / "s3" / "s3-buckets.yaml",
]


class RepositoryManifestsTest(unittest.TestCase):
    def test_every_manifest_the_stack_reads_is_read_as_pyyaml_reads_it(self):
        try:
            import yaml
        except ImportError:
            self.skipTest("PyYAML is not installed (python3 -m pip install pyyaml)")
        checked = 0
        for path in STACK_MANIFESTS:
            if path.name == "rbac.yaml":
                continue  # not a SparkApplication; the stack never reads it
            with self.subTest(path=path.name):
                expected = [d for d in yaml.safe_load_all(path.read_text()) if d is not None]
                self.assertEqual(manifest_yaml.load_file(path), expected)
                checked += 1
        self.assertGreaterEqual(checked, 6)

    def test_the_spark_applications_are_read_with_their_settings(self):
        [bronze] = manifest_yaml.load_file(REPO / "k8s" / "spark" / "bronze-ingest.yaml")
        self.assertEqual(bronze["kind"], "SparkApplication")
        self.assertEqual(bronze["spec"]["sparkConf"]["spark.executor.cores"], "4")
        self.assertEqual(bronze["spec"]["executor"]["replicas"], 64)
        self.assertIn("--target-bytes", bronze["spec"]["args"])
        self.assertEqual(len(manifest_yaml.load_file(REPO / "k8s" / "s3" / "s3-buckets.yaml")), 3)


class SubsetTest(unittest.TestCase):
    def test_scalars_comments_and_documents(self):
        text = (
            "# head\na: 1\nb: \"2\"\nc: 'it''s'\nd: x # note\ne:\n  - --opt\n  - \"a b\"\n"
            "f:\n- y\ng: true\nh:\nurl: s3a://b/p#frag\n---\nk: v\n"
        )
        self.assertEqual(
            manifest_yaml.load_all(text),
            [{"a": 1, "b": "2", "c": "it's", "d": "x", "e": ["--opt", "a b"], "f": ["y"],
              "g": True, "h": None, "url": "s3a://b/p#frag"}, {"k": "v"}],
        )

    def test_yaml_outside_the_subset_is_refused_with_its_line(self):
        cases = {
            "a: {}\n": "m.yaml:1",
            "a:\n  - name: x\n": "m.yaml:2",
            "a: &anchor x\n": "m.yaml:1",
            "a: |\n  text\n": "m.yaml:1",
            "a: 1\na: 2\n": "duplicate key 'a'",
            "a:\n    b: 1\n  c: 2\n": "m.yaml:3",
            "a: \"esc\\n\"\n": "double-quoted",
        }
        for text, message in cases.items():
            with self.subTest(text=text), self.assertRaises(manifest_yaml.ManifestSyntaxError) as caught:
                manifest_yaml.load_all(text, "m.yaml")
            self.assertIn(message, str(caught.exception))


if __name__ == "__main__":
    unittest.main()
