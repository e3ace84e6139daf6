"""The folders the jobs need in the buckets (the event-log folder): the list read from the
manifests, deploy.sh creating it on the cluster's S3 with each tool it may use, and rollback.sh
--keep-data keeping it. The stack side (local-stack.sh) runs in stack-tests.

Run from the repository root: python3 -m pytest -q scripts/tests/test_bucket_folders.py
"""

import tempfile
import textwrap
import unittest
from pathlib import Path

from helpers import SCRIPTS_DIR
from test_deploy import BASE_ENV, DEPLOY, ROLLBACK, SECRETS, ScriptTestCase

from c360.targets import bucket_folders

REPO = SCRIPTS_DIR.parent
BUCKETS = REPO / "k8s" / "s3" / "s3-buckets.yaml"


class FoldersTest(unittest.TestCase):
    def test_the_manifests_need_the_event_log_folder_in_the_artifacts_bucket(self):
        self.assertEqual(
            bucket_folders.folders(REPO / "k8s" / "spark", BUCKETS), [("c360-artifacts", "spark-logs/")]
        )

    def test_a_prefix_without_slash_and_an_unknown_bucket(self):
        folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        (folder / "job.yaml").write_text(textwrap.dedent("""\
            apiVersion: spark.stackable.tech/v1alpha1
            kind: SparkApplication
            metadata:
              name: job
            spec:
              mainClass: x.Main
              logFileDirectory:
                s3:
                  prefix: history
                  bucket:
                    reference: c360-warehouse
            """))
        self.assertEqual(bucket_folders.folders(folder, BUCKETS), [("c360-warehouse", "history/")])
        (folder / "job.yaml").write_text((folder / "job.yaml").read_text().replace(
            "reference: c360-warehouse", "reference: elsewhere"))
        with self.assertRaises(ValueError):
            bucket_folders.folders(folder, BUCKETS)
        self.assertEqual(bucket_folders.main(["--manifests", str(folder), "--buckets", str(BUCKETS)]), 2)


class DeployCreatesTheFoldersTest(ScriptTestCase):
    def deploy(self, tools, env=None):
        merged = {**BASE_ENV, "ARTIFACTS_BUCKET": "acme-artifacts", **(env or {})}
        args = ["--yes", "--timeout", "120", "--skip-upload"]
        return self.run_script(DEPLOY, args, {}, merged, tools)

    def test_with_the_aws_cli_a_directory_marker_in_the_deployed_bucket(self):
        result = self.deploy(("curl", "aws"))
        self.assertEqual(result.returncode, 0, result.stderr)
        [put] = [call for call in self.cluster.calls("aws") if call["args"][:2] == ["s3api", "put-object"]]
        args = put["args"]
        self.assertEqual(args[args.index("--bucket") + 1], "acme-artifacts")
        self.assertEqual(args[args.index("--key") + 1], "spark-logs/")
        self.assertEqual(args[args.index("--endpoint-url") + 1], "https://minio.example.test:9000")
        self.assertTrue(put["env_has_aws_key"])
        # Before the Spark RBAC that lets jobs run is applied.
        self.assertIn("creating the folder s3://acme-artifacts/spark-logs/", result.stdout)

    def test_without_aws_or_mc_curl_signs_the_put_with_keys_from_a_file(self):
        result = self.deploy(("curl",))
        self.assertEqual(result.returncode, 0, result.stderr)
        puts = [call["args"] for call in self.cluster.calls("curl") if "PUT" in call["args"]]
        self.assertEqual(len(puts), 1)
        self.assertEqual(puts[0][-1], "https://minio.example.test:9000/acme-artifacts/spark-logs/")
        self.assertIn("--aws-sigv4", puts[0])
        for secret in SECRETS.values():
            self.assertNotIn(secret, " ".join(puts[0]))
            self.assertNotIn(secret, result.stdout + result.stderr)


class RollbackKeepsTheFoldersTest(ScriptTestCase):
    def test_keep_data_deletes_nothing_in_the_buckets(self):
        result = self.run_script(
            ROLLBACK, ["--yes", "--keep-data"], {"namespace_exists": True}, {**SECRETS}, ("curl", "aws")
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.cluster.calls("aws"), [])

    def test_a_full_teardown_names_each_folder_to_delete_when_it_cannot_delete(self):
        # No endpoint recorded (the fake has no c360-deployment): the commands are printed, one
        # complete command per folder, the event logs included.
        result = self.run_script(ROLLBACK, ["--yes"], {"namespace_exists": True}, {**SECRETS}, ("curl", "aws"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.cluster.calls("aws"), [])
        for folder in ("c360-bronze/bronze/", "c360-warehouse/warehouse/", "c360-artifacts/jars/",
                       "c360-artifacts/spark-logs/"):
            self.assertIn(
                f"aws s3 rm --recursive --endpoint-url https://<s3-endpoint> s3://{folder}\n", result.stderr
            )


if __name__ == "__main__":
    unittest.main()
