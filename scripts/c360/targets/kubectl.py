"""kubectl against one namespace (every call an argument list, never a shell line), and the
driver log follower."""

from __future__ import annotations

import collections
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
# The labels of a SparkApplication's driver pod: Spark's role label and the operator's instance
# label, which spark-k8s-operator 26.3 reads to find the application of a driver pod
# (pod_driver_controller.rs, LABEL_NAME_INSTANCE; main.rs watches spark-role=driver pods).
DRIVER_SELECTOR = "spark-role=driver,app.kubernetes.io/instance={name}"
DRIVER_CONTAINER = "spark"
# The submit Job is named as the application (spark-k8s-operator 26.3 spark_k8s_controller.rs,
# spark_job: name_and_namespace(spark_application)); Kubernetes' Job controller labels its pods
# job-name=<job>. Its container is "spark-submit" (crd/roles.rs, SparkContainer::SparkSubmit).
SUBMIT_SELECTOR = "job-name={name}"
SUBMIT_CONTAINER = "spark-submit"


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

    def get_json(self, args: Sequence[str]) -> dict | None:
        """``kubectl get ... -o json`` as a dict; None when the object is missing or unreadable."""
        result = self.run_result(["get", *args, "-o", "json"])
        if result.returncode != 0:
            return None
        try:
            value = json.loads(result.stdout)
        except json.JSONDecodeError:
            return None
        return value if isinstance(value, dict) else None

    def pods(self, selector: str) -> list[dict]:
        listing = self.get_json(["pods", "--selector", selector]) or {}
        return [pod for pod in listing.get("items", None) or () if isinstance(pod, dict)]

    def driver_pod(self, name: str) -> dict | None:
        """The application's driver pod (as JSON), or None while there is none."""
        pods = self.pods(DRIVER_SELECTOR.format(name=name))
        return pods[0] if pods else None

    def submit_job(self, name: str) -> dict | None:
        return self.get_json(["job", name])

    def submit_pods(self, name: str) -> list[dict]:
        return self.pods(SUBMIT_SELECTOR.format(name=name))

    def pod_events(self, pod: str) -> list[dict]:
        """The events of ``pod`` (``pod/<name>`` or ``<name>``), oldest first."""
        name = pod.removeprefix("pod/")
        listing = self.get_json(
            ["events", "--field-selector", f"involvedObject.kind=Pod,involvedObject.name={name}"]
        ) or {}
        events = [event for event in listing.get("items", None) or () if isinstance(event, dict)]
        return sorted(events, key=lambda event: str(event.get("lastTimestamp") or ""))

    def logs(self, pod: str, container: str, tail: int) -> str:
        """The last ``tail`` lines of a container's log; empty when the pod is gone."""
        return self.run(["logs", pod, "--container", container, "--tail", str(tail)], check=False)

    def follow_command(self, pod: str) -> list[str]:
        return [
            self.executable, "logs", "--follow", pod, "--container", DRIVER_CONTAINER,
            "--namespace", self.namespace,
        ]  # fmt: skip

    def describe(self, name: str) -> str:
        return self.run(["describe", "sparkapplication", name], check=False)

    def delete(self, name: str) -> None:
        self.run(["delete", "sparkapplication", name, "--ignore-not-found", "--wait=false"], check=False)


class LogFollower:
    """Copies ``kubectl logs --follow`` of the driver to ``out`` and to the file ``keep`` in a
    background thread, and remembers the last lines: the operator deletes the driver pod when
    the application ends, so what was not kept while it lived is lost."""

    def __init__(
        self, command: Sequence[str], out: TextIO, prefix: str, keep: Path, tail_lines: int = 40
    ) -> None:
        keep.parent.mkdir(parents=True, exist_ok=True)
        self.path = keep
        self._file = keep.open("a", encoding="utf-8")
        self._tail: collections.deque[str] = collections.deque(maxlen=tail_lines)
        self._process = subprocess.Popen(
            list(command), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self._thread = threading.Thread(target=self._copy, args=(out, prefix), daemon=True)
        self._thread.start()

    def _copy(self, out: TextIO, prefix: str) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            self._file.write(line)
            self._file.flush()
            self._tail.append(line)
            out.write(f"{prefix}{line}")
            out.flush()

    def tail(self) -> list[str]:
        """The last lines copied so far."""
        return list(self._tail)

    def stop(self, grace_s: float = 5.0) -> None:
        """Stops following. ``kubectl logs --follow`` ends by itself once the container has
        ended; it gets ``grace_s`` seconds for that, so the last lines are not cut off."""
        try:
            self._process.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            pass
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
        self._file.close()
