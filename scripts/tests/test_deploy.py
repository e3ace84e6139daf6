"""Tests of scripts/deploy.sh and scripts/rollback.sh against a fake kubectl (and curl, aws) on the
PATH that records every call and replays scripted states: success, missing CRDs, a service that
never becomes ready, an unreachable S3 endpoint.

Run from the repository root: python3 -m unittest discover -s scripts/tests -p 'test_deploy.py'
"""

import base64
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fake_cluster import FakeCluster  # noqa: E402

REPO = Path(__file__).resolve().parent.parent.parent
DEPLOY = REPO / "scripts" / "deploy.sh"
ROLLBACK = REPO / "scripts" / "rollback.sh"
SECRETS = {
    "S3_ACCESS_KEY": "AKIAFAKEACCESS123",
    "S3_SECRET_KEY": "fakeSecretKeyThatMustNeverShow",
    "HIVE_DB_PASSWORD": "fakeDbPasswordNeverShown",
    "TRINO_ADMIN_PASSWORD": "fakeTrinoPasswordNeverShown",
}
BASE_ENV = {"S3_ENDPOINT": "https://minio.example.test:9000", "BRONZE_BUCKET": "acme-bronze", **SECRETS}


class ScriptTestCase(unittest.TestCase):
    def setUp(self):
        self.temp = tempfile.TemporaryDirectory()
        self.root = Path(self.temp.name)

    def tearDown(self):
        self.temp.cleanup()

    def run_script(self, script, args, scenario, env=None, tools=("curl",)):
        self.runs = getattr(self, "runs", 0) + 1
        self.cluster = FakeCluster(self.root / f"fake-{self.runs}", scenario, tools)
        result = subprocess.run(
            ["bash", str(script), *args],
            env=self.cluster.environment(env or {}),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        return result

    def kubectl_calls(self):
        return self.cluster.calls("kubectl")

    def applied_components(self):
        return [call["selector"].split("=", 1)[1] for call in self.kubectl_calls()
                if call["args"][0] == "apply" and call.get("selector")]

    def position(self, predicate):
        for index, call in enumerate(self.kubectl_calls()):
            if predicate(call["args"]):
                return index
        self.fail("no such kubectl call")


class DeployTest(ScriptTestCase):
    def deploy(self, scenario=None, env=None, extra_args=("--skip-upload",), tools=("curl",)):
        merged = {**BASE_ENV, **(env or {})}
        return self.run_script(DEPLOY, ["--yes", "--timeout", "120", *extra_args], scenario or {}, merged, tools)

    def test_success_applies_in_dependency_order_and_waits_for_each_service(self):
        result = self.deploy()
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.applied_components(), ["namespace", "s3", "postgres", "hive", "trino", "spark"])
        postgres_wait = self.position(lambda a: a[:3] == ["rollout", "status", "statefulset/c360-postgres"])
        hive_apply = self.position(lambda a: "app.kubernetes.io/component=hive" in a)
        hive_wait = self.position(lambda a: a[:2] == ["wait", "hivecluster/c360-hive"])
        trino_apply = self.position(lambda a: "app.kubernetes.io/component=trino" in a)
        trino_wait = self.position(lambda a: a[:2] == ["wait", "trinocluster/c360-trino"])
        self.assertLess(postgres_wait, hive_apply)
        self.assertLess(hive_wait, trino_apply)
        self.assertLess(trino_apply, trino_wait)
        for call in self.kubectl_calls():
            if call["args"][0] in ("wait", "rollout"):
                self.assertIn("120s", call["args"])
        self.assertIn("scripts/run_pipeline.py --stage full --target k8s", result.stdout)

    def test_secrets_are_created_from_the_environment_and_never_shown(self):
        result = self.deploy()
        self.assertEqual(result.returncode, 0, result.stderr)
        secret_documents = [call["stdin"] for call in self.kubectl_calls()
                            if call["args"][:2] == ["apply", "--namespace"] and "kind: Secret" in call["stdin"]]
        names = [line.split(":", 1)[1].strip() for doc in secret_documents for line in doc.splitlines()
                 if line.startswith("  name:")]
        self.assertEqual(names, ["c360-s3-credentials", "c360-hive-db-credentials", "c360-trino-users"])
        self.assertIn("secrets.stackable.tech/class: c360-s3-credentials", secret_documents[0])
        for value in SECRETS.values():
            self.assertNotIn(value, result.stdout + result.stderr)
            for call in self.cluster.calls("kubectl") + self.cluster.calls("curl"):
                self.assertNotIn(value, " ".join(call["args"]))
                self.assertNotIn(value, call["stdin"], "secret values travel base64-encoded")

    def test_the_overlay_carries_endpoint_buckets_namespace_and_webpki(self):
        result = self.deploy(env={"C360_NAMESPACE": "lake"})
        self.assertEqual(result.returncode, 0, result.stderr)
        overlay = next(call["kustomization"] for call in self.kubectl_calls() if call["args"][0] == "kustomize")
        self.assertIn("namespace: lake", overlay)
        self.assertIn('value: "minio.example.test"', overlay)
        self.assertIn("path: /spec/port, value: 9000", overlay)
        self.assertIn('value: "acme-bronze"', overlay)
        self.assertIn('value: "s3a://c360-warehouse/warehouse"', overlay)
        self.assertIn("webPki", overlay)

    def make_ca(self):
        """A real self-signed CA certificate (openssl), as a private S3 endpoint's CA would be."""
        ca = self.root / "ca.pem"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Test S3 CA",
             "-keyout", str(self.root / "ca.key"), "-out", str(ca)],
            check=True, capture_output=True,
        )
        return ca

    def ca_secret_data(self):
        """The c360-s3-ca Secret deploy.sh applied: key -> decoded value."""
        documents = [call["stdin"] for call in self.kubectl_calls()
                     if "kind: Secret" in call["stdin"] and "  name: c360-s3-ca\n" in call["stdin"]]
        self.assertEqual(len(documents), 1)
        self.assertIn("secrets.stackable.tech/class: c360-s3-ca", documents[0])
        data = documents[0].split("\ndata:\n", 1)[1]
        return {line.split(":", 1)[0].strip(): base64.b64decode(line.split(":", 1)[1].strip())
                for line in data.splitlines() if line.strip()}

    def public_key(self, option, pem):
        path = self.root / f"check-{option.strip('-')}.pem"
        path.write_bytes(pem)
        command = ["openssl", "x509", "-pubkey", "-noout"] if option == "x509" else ["openssl", "pkey", "-pubout"]
        return subprocess.run([*command, "-in", str(path)], check=True, capture_output=True).stdout

    def test_a_private_ca_is_stored_and_verified_instead_of_webpki(self):
        ca = self.make_ca()
        result = self.deploy(env={"S3_CA_CERT": str(ca)})
        self.assertEqual(result.returncode, 0, result.stderr)
        overlay = next(call["kustomization"] for call in self.kubectl_calls() if call["args"][0] == "kustomize")
        self.assertNotIn("webPki", overlay)
        curl = self.cluster.calls("curl")[0]["args"]
        self.assertEqual(curl[curl.index("--cacert") + 1], str(ca))

    def test_the_ca_secret_has_the_three_keys_the_pkcs12_conversion_needs(self):
        # The Spark operator mounts the CA class as PKCS#12; the secret-operator builds that from a
        # k8sSearch Secret only with ca.crt, tls.crt and a tls.key that fits tls.crt.
        ca = self.make_ca()
        result = self.deploy(env={"S3_CA_CERT": str(ca)})
        self.assertEqual(result.returncode, 0, result.stderr)
        data = self.ca_secret_data()
        self.assertEqual(sorted(data), ["ca.crt", "tls.crt", "tls.key"])
        self.assertEqual(data["ca.crt"], ca.read_bytes())
        self.assertEqual(self.public_key("x509", data["tls.crt"]), self.public_key("pkey", data["tls.key"]))
        self.assertNotEqual(self.public_key("x509", data["tls.crt"]), self.public_key("x509", ca.read_bytes()))
        key_body = data["tls.key"].decode().splitlines()[1]
        self.assertNotIn(key_body, result.stdout + result.stderr)
        for call in self.kubectl_calls():
            self.assertNotIn(key_body, " ".join(call["args"]) + call["stdin"], "the key travels base64-encoded")

    def test_a_ca_file_that_is_no_certificate_is_refused_before_anything_is_applied(self):
        fake = self.root / "fake-ca.pem"
        fake.write_text("-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n")
        result = self.deploy(env={"S3_CA_CERT": str(fake)})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("is not a PEM certificate openssl can read", result.stderr)
        self.assertEqual([c for c in self.kubectl_calls() if c["args"][0] == "apply"], [])

    def test_without_a_private_ca_no_ca_secret_is_created(self):
        result = self.deploy()
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertFalse(any("name: c360-s3-ca\n" in call["stdin"] for call in self.kubectl_calls()))

    def test_missing_crds_stop_before_anything_is_applied(self):
        result = self.deploy({"missing_crds": ["hiveclusters.hive.stackable.tech", "trinoclusters.trino.stackable.tech"]})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("hiveclusters.hive.stackable.tech", result.stderr)
        self.assertIn("trinoclusters.trino.stackable.tech", result.stderr)
        self.assertIn("stackablectl release install 26.3", result.stderr)
        self.assertEqual([c for c in self.kubectl_calls() if c["args"][0] == "apply"], [])

    def test_a_service_that_never_gets_ready_prints_diagnostics_and_hints(self):
        result = self.deploy({"fail_waits": ["hivecluster/c360-hive"]})
        self.assertNotEqual(result.returncode, 0)
        verbs = [call["args"][0] for call in self.kubectl_calls()]
        self.assertIn("describe", verbs)
        self.assertTrue(any(c["args"][:2] == ["get", "events"] for c in self.kubectl_calls()))
        self.assertIn("hivecluster/c360-hive did not become ready within 120s", result.stderr)
        self.assertIn("Back-off", result.stderr)
        self.assertNotIn("trino", self.applied_components())

    def test_unreachable_s3_and_missing_values_fail_early(self):
        result = self.deploy({"s3_unreachable": True})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("is not reachable", result.stderr)
        self.assertEqual([c for c in self.kubectl_calls() if c["args"][0] == "apply"], [])

        result = self.deploy(env={"S3_ENDPOINT": ""})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("S3 endpoint is not set", result.stderr)

        result = self.deploy(env={"S3_ENDPOINT": "http://minio:9000"})
        self.assertIn("must be https://", result.stderr)

        result = self.deploy(env={"S3_ACCESS_KEY": ""})
        self.assertIn("S3_ACCESS_KEY is not set", result.stderr)

    def test_jars_are_uploaded_with_the_aws_cli_and_credentials_in_its_environment_only(self):
        jars = self.root / "jars"
        jars.mkdir()
        (jars / "bronze-ingest-0.1.0-SNAPSHOT.jar").write_bytes(b"PK")
        result = self.deploy(extra_args=("--jars-dir", str(jars)), tools=("curl", "aws"))
        self.assertEqual(result.returncode, 0, result.stderr)
        uploads = [call for call in self.cluster.calls("aws") if call["args"][:2] == ["s3", "cp"]]
        self.assertEqual(len(uploads), 1)
        self.assertEqual(uploads[0]["args"][-1], "s3://c360-artifacts/jars/bronze-ingest-0.1.0-SNAPSHOT.jar")
        self.assertIn("https://minio.example.test:9000", uploads[0]["args"])
        self.assertTrue(uploads[0]["env_has_aws_key"])
        self.assertIn("silver-build: no", result.stderr)

    def test_every_job_jar_is_uploaded_the_gold_and_ops_jars_included(self):
        jars = self.root / "all-jars"
        jars.mkdir()
        modules = ("bronze-ingest", "silver-build", "gold-finalize", "lakehouse-ops")
        for module in modules:
            (jars / f"{module}-0.1.0-SNAPSHOT.jar").write_bytes(b"PK")
        result = self.deploy(extra_args=("--jars-dir", str(jars)), tools=("curl", "aws"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(
            [call["args"][-1] for call in self.cluster.calls("aws") if call["args"][:2] == ["s3", "cp"]],
            [f"s3://c360-artifacts/jars/{module}-0.1.0-SNAPSHOT.jar" for module in modules],
        )
        self.assertNotIn("warning", result.stderr)
        self.assertIn("--stage maintenance --target k8s --namespace c360", result.stdout)

    def test_dry_run_changes_nothing(self):
        result = self.deploy(extra_args=("--dry-run",))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("# rendered", result.stdout)
        self.assertEqual([c for c in self.kubectl_calls() if c["args"][0] == "apply"], [])


class RollbackTest(ScriptTestCase):
    def test_reverse_order_and_keep_data(self):
        result = self.run_script(ROLLBACK, ["--yes", "--keep-data", "--namespace", "lake"], {"namespace_exists": True})
        self.assertEqual(result.returncode, 0, result.stderr)
        deletes = [" ".join(c["args"]) for c in self.kubectl_calls() if c["args"][0] == "delete"]
        components = [d.split("component=")[1].split()[0] for d in deletes if "component=" in d]
        self.assertEqual(components, ["spark", "trino", "hive", "postgres", "s3"])
        self.assertFalse(any("persistentvolumeclaims" in d for d in deletes))
        self.assertFalse(any(d.startswith("delete namespace") for d in deletes))
        self.assertTrue(all("--namespace lake" in d for d in deletes if "secretclass" not in d))

    def test_full_teardown_deletes_volumes_and_namespace_last(self):
        result = self.run_script(ROLLBACK, ["--yes"], {"namespace_exists": True})
        self.assertEqual(result.returncode, 0, result.stderr)
        deletes = [" ".join(c["args"]) for c in self.kubectl_calls() if c["args"][0] == "delete"]
        self.assertTrue(any("persistentvolumeclaims" in d for d in deletes))
        self.assertTrue(deletes[-1].startswith("delete namespace c360"))
        self.assertIn("aws s3 rm --recursive", result.stderr)

    def test_cluster_scoped_classes_stay_by_default_and_the_output_says_so(self):
        result = self.run_script(ROLLBACK, ["--yes"], {"namespace_exists": True})
        self.assertEqual(result.returncode, 0, result.stderr)
        deletes = [" ".join(c["args"]) for c in self.kubectl_calls() if c["args"][0] == "delete"]
        for kind in ("secretclass", "authenticationclass"):
            self.assertFalse(any(kind in d for d in deletes), deletes)
        self.assertIn("kept the cluster-scoped secretclass/c360-s3-credentials", result.stdout)
        self.assertIn("rerun with --cluster-scoped", result.stdout)

    def test_cluster_scoped_deletes_the_shared_classes_only_when_asked(self):
        result = self.run_script(ROLLBACK, ["--yes", "--keep-data", "--cluster-scoped"], {"namespace_exists": True})
        self.assertEqual(result.returncode, 0, result.stderr)
        deletes = [c["args"] for c in self.kubectl_calls() if c["args"][0] == "delete"]
        shared = [args for args in deletes if "secretclass/c360-s3-ca" in args]
        self.assertEqual(len(shared), 1, deletes)
        self.assertIn("secretclass/c360-s3-credentials", shared[0])
        self.assertIn("authenticationclass/c360-trino-users", shared[0])
        self.assertIn("which other namespaces may share", result.stdout)

    def test_the_usage_names_the_cluster_scoped_option(self):
        result = self.run_script(ROLLBACK, ["--help"], {})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("--cluster-scoped", result.stdout)
        self.assertIn("other namespace", result.stdout)

    def test_without_confirmation_nothing_is_deleted(self):
        result = self.run_script(ROLLBACK, [], {"namespace_exists": True})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("--yes", result.stderr)
        self.assertEqual([c for c in self.kubectl_calls() if c["args"][0] == "delete"], [])


if __name__ == "__main__":
    unittest.main()
