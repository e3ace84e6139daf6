"""kubectl against one namespace (every call an argument list, never a shell line), and the
driver log follower."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import threading
from pathlib import Path
from typing import Mapping, Sequence, TextIO

# The kind every stage is applied as, served once the spark-k8s-operator has installed its CRD.
SPARK_API_GROUP = "spark.stackable.tech"
SPARK_RESOURCE = "sparkapplications.spark.stackable.tech"
SETTINGS_CONFIG_MAP = "c360-deployment"
# Labels that find a SparkApplication's driver pod: Spark's role label with the operator's
# instance label, or Spark's own app-name label.
DRIVER_SELECTORS = (
    "spark-role=driver,app.kubernetes.io/instance={name}",
    "spark-role=driver,spark-app-name={name}",
)
DRIVER_CONTAINER = "spark"


class KubectlError(RuntimeError):
    """kubectl could not be run or reported an error."""


@dataclasses.dataclass
class Kubectl:
    """Runs kubectl against one namespace; every call is an argument list, never a shell line."""

    executable: str
    namespace: str

    def run(self, args: Sequence[str], stdin: str | None = None, check: bool = True) -> str:
        result = self.run_result(args, stdin)
        if check and result.returncode != 0:
            raise KubectlError(f"kubectl {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout

    def run_result(self, args: Sequence[str], stdin: str | None = None) -> subprocess.CompletedProcess:
        command = [self.executable, *args, "--namespace", self.namespace]
        try:
            return subprocess.run(
                command, input=stdin, capture_output=True, text=True, check=False, timeout=120
            )
        except FileNotFoundError as e:
            raise KubectlError(f"{self.executable} not found: install kubectl or pass its path") from e
        except subprocess.TimeoutExpired as e:
            raise KubectlError(f"kubectl {' '.join(args)} did not answer within 120 s") from e

    def spark_kind_problem(self) -> str | None:
        """Why the cluster cannot run SparkApplications, or None. Asks the API discovery (which
        every user may read), not the CRD itself (cluster-scoped, often forbidden)."""
        result = self.run_result(["api-resources", "--api-group", SPARK_API_GROUP, "-o", "name"])
        if SPARK_RESOURCE in result.stdout.split():
            return None
        if result.returncode != 0 and not result.stdout.strip():
            raise KubectlError(f"kubectl cannot list the cluster's API resources: {result.stderr.strip()}")
        return (
            f"the cluster serves no SparkApplication kind (CRD {SPARK_RESOURCE} is missing): "
            "install Stackable's spark-k8s-operator 26.3.0, which installs its CRDs at startup "
            "(stackablectl release install 26.3 -i commons -i secret -i listener -i hive -i trino "
            "-i spark-k8s), then run scripts/deploy.sh; see docs/DEPLOYMENT.md"
        )

    def manifest(self, path: Path) -> dict:
        """The manifest at ``path`` as JSON (kubectl parses the YAML, comments and all)."""
        return json.loads(self.run(["create", "--dry-run=client", "-o", "json", "-f", str(path)]))

    def settings(self) -> dict[str, str]:
        """The data of deploy.sh's ConfigMap, or nothing when it is missing."""
        text = self.run(["get", "configmap", SETTINGS_CONFIG_MAP, "-o", "json"], check=False)
        try:
            return dict(json.loads(text).get("data", {}))
        except (json.JSONDecodeError, AttributeError):
            return {}

    def apply(self, application: Mapping) -> None:
        self.run(["apply", "-f", "-"], stdin=json.dumps(application))

    def phase(self, name: str) -> str:
        return self.run(
            ["get", "sparkapplication", name, "-o", "jsonpath={.status.phase}"], check=False
        ).strip()

    def driver_pod(self, name: str) -> str | None:
        for selector in DRIVER_SELECTORS:
            pods = self.run(
                ["get", "pods", "--selector", selector.format(name=name), "-o", "name"], check=False
            ).split()
            if pods:
                return pods[0]
        return None

    def follow_command(self, pod: str) -> list[str]:
        return [
            self.executable, "logs", "--follow", pod, "--container", DRIVER_CONTAINER,
            "--namespace", self.namespace,
        ]  # fmt: skip

    def diagnostics(self, name: str, pod: str | None) -> str:
        parts = [self.run(["describe", "sparkapplication", name], check=False)]
        if pod:
            parts.append(
                self.run(["logs", pod, "--container", DRIVER_CONTAINER, "--tail", "40"], check=False)
            )
        return "\n".join(part for part in parts if part)

    def delete(self, name: str) -> None:
        self.run(["delete", "sparkapplication", name, "--ignore-not-found", "--wait=false"], check=False)


class LogFollower:
    """Copies ``kubectl logs --follow`` of the driver to ``out`` in a background thread."""

    def __init__(self, command: Sequence[str], out: TextIO, prefix: str) -> None:
        self._process = subprocess.Popen(
            list(command), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self._thread = threading.Thread(target=self._copy, args=(out, prefix), daemon=True)
        self._thread.start()

    def _copy(self, out: TextIO, prefix: str) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            out.write(f"{prefix}{line}")
            out.flush()

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._thread.join(timeout=10)
        if self._process.stdout is not None:
            self._process.stdout.close()
