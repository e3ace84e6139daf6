"""A fake ``kubectl`` (and ``curl``, ``aws``) for the script tests: executables written into a
temporary folder put first on the PATH. Each records its argument list (and standard input) as
one JSON line, and answers from a scenario file: phases per attempt, missing CRDs (kubectl get crd,
api-resources, and SparkApplications that cannot be parsed or applied without theirs), waits that
fail, whether a driver pod exists.

It plays the spark-k8s-operator 26.3 as its source behaves (c360/targets/k8s_status.py names the
files): the phases are "" (not reconciled yet), "Unknown" (the submit Job exists), then the driver
pod's phase. The driver pod exists only while the phase is Pending or Running (the operator
deletes it when the application ends), so its log can be followed only while it runs and is
gone afterwards. The submit Job ("job": its JSON, or a list of them by look), its pod
("submit_pod": the pod's status), the pod's log ("submit_log") and events ("events": pod name ->
event list) come from the scenario; "driver_pod": extra status of the driver pod (a container
that cannot start); "driver_log": what following the driver's log prints.

Not a test module itself (its name does not match test_*.py).
"""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

FAKE_KUBECTL = r'''
import json, os, sys
from pathlib import Path

args = sys.argv[1:]
state_dir = Path(os.environ["FAKE_STATE_DIR"])
scenario = json.loads((state_dir / "scenario.json").read_text())
stdin = ""
if "-" in args and ("-f" in args or "--filename" in args):
    stdin = sys.stdin.read()
record = {"tool": "kubectl", "args": args, "stdin": stdin}

def option(name):
    return args[args.index(name) + 1] if name in args and args.index(name) + 1 < len(args) else None

def count(key):
    path = state_dir / ("count-" + key.replace("/", "_"))
    value = int(path.read_text()) if path.exists() else 0
    path.write_text(str(value + 1))
    return value

def finish(code=0, out="", err=""):
    with open(state_dir / "calls.jsonl", "a") as log:
        log.write(json.dumps(record) + "\n")
    sys.stdout.write(out)
    sys.stderr.write(err)
    sys.exit(code)

def driver_pod():
    """The driver pod while the phase is Pending or Running (scenario "driver"), else None."""
    path = state_dir / "phase-now"
    phase = path.read_text() if path.exists() else ""
    if not scenario.get("driver") or phase not in ("Pending", "Running"):
        return None
    return {"metadata": {"name": "driver-pod"}, "status": {"phase": phase, **scenario.get("driver_pod", {})}}

words = [a for a in args if not a.startswith("-")]
verb = words[0] if words else ""
missing_crds = scenario.get("missing_crds", [])
SPARK_RESOURCES = ["sparkapplications.spark.stackable.tech", "sparkapplicationtemplates.spark.stackable.tech",
                   "sparkconnectservers.spark.stackable.tech", "sparkhistoryservers.spark.stackable.tech"]
NO_SPARK_KIND = ('error: resource mapping not found: no matches for kind "SparkApplication" in version '
                 '"spark.stackable.tech/v1alpha1"\nensure CRDs are installed first\n')
spark_missing = SPARK_RESOURCES[0] in missing_crds

if verb == "config":
    finish(0, "fake-context\n")
if verb == "api-resources":
    group = option("--api-group")
    names = [name for name in SPARK_RESOURCES if name not in missing_crds and group in (None, "spark.stackable.tech")]
    finish(0, "".join(name + "\n" for name in names))
if verb == "kustomize":
    record["kustomization"] = (Path(words[1]) / "kustomization.yaml").read_text()
    finish(0, "# rendered\n")
if verb == "create" and "--dry-run=client" in args and option("-f"):
    name = Path(option("-f")).name
    if spark_missing:
        finish(1, "", NO_SPARK_KIND)
    if name not in scenario.get("manifests", {}):
        finish(1, "")
    finish(0, json.dumps(scenario["manifests"][name]))
if verb == "create" and "configmap" in args:
    finish(0, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c360-deployment\n")
if verb == "label" and "--local" in args:
    finish(0, stdin)
if verb == "apply":
    if option("-f") != "-":
        record["selector"] = option("--selector")
    finish(0, "applied\n")
if verb == "get":
    kind = words[1] if len(words) > 1 else ""
    if any(a.startswith("--raw") for a in args):
        finish(0, '{"gitVersion": "v1.31.0"}')
    if kind == "crd":
        finish(1 if words[2] in missing_crds else 0, "crd\n")
    if kind == "namespace":
        finish(0 if scenario.get("namespace_exists") else 1, "namespace/x\n")
    if kind == "storageclass":
        finish(0, scenario.get("storage_class", "standard") + "\n")
    if kind == "configmap" and words[2] == "c360-deployment":
        settings = scenario.get("settings")
        if settings is None:
            finish(1, "")
        if option("-o") == "json":
            finish(0, json.dumps({"data": settings}))
        finish(0, "")
    if kind == "configmap":
        finish(0, "thrift://c360-hive-metastore.c360.svc.cluster.local:9083")
    if kind == "sparkapplication":
        name = words[2]
        attempt = int((state_dir / "applied-count").read_text()) - 1 if (state_dir / "applied-count").exists() else 0
        phases = scenario["phases"][min(attempt, len(scenario["phases"]) - 1)]
        index = count("phase-" + name)
        phase = phases[min(index, len(phases) - 1)]
        (state_dir / "phase-now").write_text(phase)
        finish(0, phase)
    if kind == "pods":
        selector = option("--selector") or ""
        if "spark-role=driver" in selector:
            pod = driver_pod()
            # What the runner saw last: kubectl logs --follow attaches to the pod in that state.
            (state_dir / "driver-seen").write_text(json.dumps(pod))
            if option("-o") == "json":
                finish(0, json.dumps({"items": [pod] if pod else []}))
            finish(0, "pod/driver-pod\n" if pod else "")
        if selector.startswith("job-name=") and scenario.get("submit_pod") is not None:
            pod = {"metadata": {"name": "submit-pod"}, "status": scenario["submit_pod"]}
            finish(0, json.dumps({"items": [pod]}))
        finish(0, json.dumps({"items": []}) if option("-o") == "json" else "")
    if kind == "job":
        job = scenario.get("job")
        if isinstance(job, list):
            job = job[min(count("job"), len(job) - 1)]
        if job is None:
            finish(1, "", 'Error from server (NotFound): jobs.batch "' + words[2] + '" not found\n')
        finish(0, json.dumps(job))
    if kind == "events" and option("-o") == "json":
        involved = (option("--field-selector") or "").rsplit("involvedObject.name=", 1)[-1]
        finish(0, json.dumps({"items": scenario.get("events", {}).get(involved, [])}))
    if kind == "events":
        finish(0, "LAST SEEN   TYPE      REASON   OBJECT   MESSAGE\n1m   Warning   BackOff   pod/x   Back-off\n")
    finish(0, "")
if verb in ("rollout", "wait"):
    target = words[2] if verb == "rollout" else words[1]
    finish(1 if target in scenario.get("fail_waits", []) else 0, "waited\n")
if verb == "describe":
    finish(0, "Name: " + words[2] + "\nEvents: <none>\n")
if verb == "logs":
    pod = words[1]
    if pod.endswith("submit-pod"):
        finish(0, scenario.get("submit_log", ""))
    seen = state_dir / "driver-seen"
    pod = json.loads(seen.read_text()) if "--follow" in args and seen.exists() else driver_pod()
    if pod is None:
        finish(1, "", 'Error from server (NotFound): pods "driver-pod" not found\n')
    if pod["status"]["phase"] != "Running":
        finish(1, "", 'Error from server (BadRequest): container "spark" in pod "driver-pod" is waiting to start: ContainerCreating\n')
    if "--follow" in args:
        finish(0, scenario.get("driver_log", "driver says hello\ndriver says bye\n"))
    finish(0, "last driver line\n")
if verb == "delete":
    finish(0, "deleted\n")
finish(0, "")
'''

# Applying a SparkApplication bumps the attempt counter the phase answers use.
APPLY_HOOK = r'''
if verb == "apply" and option("-f") == "-" and '"SparkApplication"' in stdin and spark_missing:
    finish(1, "", NO_SPARK_KIND)
if verb == "apply" and option("-f") == "-" and '"SparkApplication"' in stdin:
    path = state_dir / "applied-count"
    path.write_text(str(int(path.read_text()) + 1 if path.exists() else 1))
'''

FAKE_TOOL = r'''
import json, os, sys
from pathlib import Path
state_dir = Path(os.environ["FAKE_STATE_DIR"])
scenario = json.loads((state_dir / "scenario.json").read_text())
tool = Path(sys.argv[0]).name
record = {"tool": tool, "args": sys.argv[1:], "stdin": "",
          "env_has_aws_key": bool(os.environ.get("AWS_ACCESS_KEY_ID"))}
with open(state_dir / "calls.jsonl", "a") as log:
    log.write(json.dumps(record) + "\n")
if tool == "curl":
    if scenario.get("s3_unreachable"):
        sys.stderr.write("curl: (7) Failed to connect\n")
        sys.exit(7)
    sys.stdout.write("403")
sys.exit(0)
'''


def _write_executable(path: Path, body: str) -> None:
    path.write_text(f"#!{sys.executable}\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


class FakeCluster:
    """The fake tools in ``root/bin`` and their state in ``root/state``."""

    def __init__(self, root: Path, scenario: dict, tools: tuple[str, ...] = ("curl",)) -> None:
        self.bin = root / "bin"
        self.state = root / "state"
        self.bin.mkdir(parents=True)
        self.state.mkdir(parents=True)
        (self.state / "scenario.json").write_text(json.dumps(scenario))
        kubectl = FAKE_KUBECTL.replace('if verb == "apply":', APPLY_HOOK.strip() + '\nif verb == "apply":')
        _write_executable(self.bin / "kubectl", kubectl)
        for tool in tools:
            _write_executable(self.bin / tool, FAKE_TOOL)

    def environment(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        """A minimal environment: the fakes first on the PATH, then only system folders, so a
        real kubectl, aws or mc of the machine is never reached."""
        env = {
            "PATH": f"{self.bin}:/usr/bin:/bin",
            "FAKE_STATE_DIR": str(self.state),
            "HOME": str(self.state),
            "LANG": "C.UTF-8",
        }
        env.update(extra or {})
        return env

    def calls(self, tool: str = "kubectl") -> list[dict]:
        path = self.state / "calls.jsonl"
        if not path.exists():
            return []
        calls = [json.loads(line) for line in path.read_text().splitlines()]
        return [call for call in calls if call["tool"] == tool]

    def verbs(self) -> list[str]:
        return [" ".join(a for a in call["args"] if not a.startswith("-"))[:60] for call in self.calls()]


def kubectl_path(cluster: FakeCluster) -> str:
    return str(cluster.bin / "kubectl")


__all__ = ["FakeCluster", "kubectl_path"]
