#!/usr/bin/env python3
"""Runs pipeline stages as Stackable SparkApplications: the k8s target of run_pipeline.py.

First it checks that the cluster serves the SparkApplication kind (Stackable's spark-k8s-operator).
Then for each stage, in order: read the stage's manifest (k8s/spark/<job>.yaml) through kubectl,
give it a unique name per run and the settings deploy.sh recorded (bucket names, bronze volume,
metastore URI, in the ConfigMap c360-deployment), apply it, poll ``status.phase`` until Succeeded
or Failed, follow the driver's log meanwhile, retry a failed attempt when asked, and print a
summary table. The first stage that does not succeed stops the run with a non-zero result.

The entry point is :func:`run_stages`, its options :func:`add_run_options` (shared with
``run_pipeline.py --target k8s``); everything that decides what to apply is a pure function.
Standard library only (Python 3.11).
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import datetime
import json
import os
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Mapping, Sequence, TextIO

# Stage -> manifest under k8s/spark/. The maintenance job ships in the gold jar.
STAGE_MANIFESTS = {
    "bronze": "bronze-ingest.yaml",
    "silver": "silver-build.yaml",
    "gold": "gold-finalize.yaml",
    "maintenance": "table-maintenance.yaml",
}
MANIFESTS_DIR = Path(__file__).resolve().parent.parent / "k8s" / "spark"
# deploy.sh's default namespace and the variable both scripts read it from.
NAMESPACE_VARIABLE = "C360_NAMESPACE"
DEFAULT_NAMESPACE = "c360"
DEFAULT_TIMEOUT_S = 6 * 3600
# Seconds between two looks at an application's phase (tests lower it).
POLL_SECONDS = 10.0
# The kind every stage is applied as, served once the spark-k8s-operator has installed its CRD.
SPARK_API_GROUP = "spark.stackable.tech"
SPARK_RESOURCE = "sparkapplications.spark.stackable.tech"

SETTINGS_CONFIG_MAP = "c360-deployment"
# The bucket names in the manifests, and the key of c360-deployment holding the deployed name.
DEFAULT_BUCKETS = {
    "c360-bronze": "bronzeBucket",
    "c360-warehouse": "warehouseBucket",
    "c360-artifacts": "artifactsBucket",
}
METASTORE_URI_CONF = "spark.sql.catalog.lakehouse.uri"
# Labels that find a SparkApplication's driver pod: Spark's role label with the operator's
# instance label, or Spark's own app-name label.
DRIVER_SELECTORS = (
    "spark-role=driver,app.kubernetes.io/instance={name}",
    "spark-role=driver,spark-app-name={name}",
)
DRIVER_CONTAINER = "spark"
TERMINAL_PHASES = ("Succeeded", "Failed")
MAX_NAME_LENGTH = 52  # leaves room for the operator's and Spark's pod name suffixes

RESULT_SUCCESS = 0
RESULT_FAILED = 1
RESULT_USAGE = 2
RESULT_UNAVAILABLE = 3


class KubectlError(RuntimeError):
    """kubectl could not be run or reported an error."""


# ---------------------------------------------------------------------------------------------
# Pure functions


def unique_name(base: str, now: datetime.datetime, token: str) -> str:
    """``<base>-<UTC yyyymmdd-hhmmss>-<token>``, cut to fit Kubernetes names."""
    stamp = now.astimezone(datetime.timezone.utc).strftime("%Y%m%d-%H%M%S")
    suffix = f"-{stamp}-{token}"
    return base[: MAX_NAME_LENGTH - len(suffix)].rstrip("-") + suffix


def set_option(args: Sequence[str], option: str, value: str | None) -> list[str]:
    """``args`` with ``option value`` replaced, or appended when absent. A ``value`` of None
    stands for a flag (an option without a value): appended when absent."""
    result = list(args)
    if value is None:
        return result if option in result else result + [option]
    if option in result:
        index = result.index(option)
        if index + 1 >= len(result):
            raise ValueError(f"Cannot set {option}: it has no value in {result}")
        result[index + 1] = value
        return result
    return result + [option, value]


def rewrite_buckets(value: str, buckets: Mapping[str, str]) -> str:
    """Replaces the manifests' default bucket names in an ``s3a://`` location."""
    for default, deployed in buckets.items():
        prefix = f"s3a://{default}/"
        if value.startswith(prefix):
            return f"s3a://{deployed}/" + value[len(prefix) :]
        if value == f"s3a://{default}":
            return f"s3a://{deployed}"
    return value


def deployed_buckets(settings: Mapping[str, str]) -> dict[str, str]:
    """Default bucket name -> deployed name, for the buckets deploy.sh recorded."""
    return {
        default: settings[key]
        for default, key in DEFAULT_BUCKETS.items()
        if settings.get(key) and settings[key] != default
    }


def build_application(
    manifest: Mapping,
    name: str,
    settings: Mapping[str, str],
    overrides: Sequence[tuple[str, str | None]] = (),
) -> dict:
    """The SparkApplication to apply for one attempt: ``manifest`` renamed to ``name``, with the
    deployed bucket names and metastore URI, the bronze volume deploy.sh recorded, ``--run-id
    name``, and the given ``(option, value)`` argument overrides last (value None: a flag).
    ``manifest`` is unchanged.
    """
    if manifest.get("kind") != "SparkApplication":
        raise ValueError(f"Cannot run {manifest.get('kind')!r}: not a SparkApplication")
    application = copy.deepcopy(dict(manifest))
    metadata = application.setdefault("metadata", {})
    metadata["name"] = name
    metadata.pop("namespace", None)
    for field in ("resourceVersion", "uid", "creationTimestamp", "generation"):
        metadata.pop(field, None)
    application.pop("status", None)
    labels = metadata.setdefault("labels", {})
    labels["c360.io/run-id"] = name

    spec = application.setdefault("spec", {})
    buckets = deployed_buckets(settings)
    spec["mainApplicationFile"] = rewrite_buckets(spec.get("mainApplicationFile", ""), buckets)
    args = [rewrite_buckets(str(arg), buckets) for arg in spec.get("args", [])]
    conf = {key: rewrite_buckets(str(value), buckets) for key, value in spec.get("sparkConf", {}).items()}
    if settings.get("metastoreUri"):
        conf[METASTORE_URI_CONF] = settings["metastoreUri"]
    if settings.get("targetBytes") and "--target-bytes" in args:
        args = set_option(args, "--target-bytes", settings["targetBytes"])
    args = set_option(args, "--run-id", name)
    for option, value in overrides:
        args = set_option(args, option, value)
    spec["args"] = args
    spec["sparkConf"] = conf
    return application


def summary_table(outcomes: Sequence["StageOutcome"]) -> str:
    """A fixed-width table: stage, application, phase, attempts, duration."""
    header = ("stage", "application", "phase", "attempts", "duration")
    rows = [header] + [
        (o.stage, o.application or "-", o.phase, str(o.attempts), format_seconds(o.seconds))
        for o in outcomes
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def format_seconds(seconds: float) -> str:
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m{secs:02d}s"
    if minutes:
        return f"{minutes}m{secs:02d}s"
    return f"{secs}s"


@dataclasses.dataclass
class StageOutcome:
    stage: str
    application: str | None
    phase: str
    attempts: int
    seconds: float

    @property
    def succeeded(self) -> bool:
        return self.phase == "Succeeded"


# ---------------------------------------------------------------------------------------------
# kubectl


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


# ---------------------------------------------------------------------------------------------
# Running


@dataclasses.dataclass
class Clock:
    """Time and waiting, replaceable in tests."""

    now: Callable[[], datetime.datetime] = lambda: datetime.datetime.now(datetime.timezone.utc)
    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep


def watch(
    kubectl: Kubectl, name: str, timeout_s: int, poll_s: float, clock: Clock, out: TextIO
) -> tuple[str, str | None]:
    """Polls the application until a terminal phase or the timeout; returns (phase, driver pod).
    The phase is ``Timeout`` when the deadline passes first."""
    deadline = clock.monotonic() + timeout_s
    follower: LogFollower | None = None
    pod: str | None = None
    last_phase = ""
    try:
        while True:
            phase = kubectl.phase(name) or "Pending"
            if phase != last_phase:
                out.write(f"==> {name}: {phase}\n")
                out.flush()
                last_phase = phase
            if pod is None and phase not in TERMINAL_PHASES:
                pod = kubectl.driver_pod(name)
                if pod is not None:
                    out.write(f"==> following {pod}\n")
                    follower = LogFollower(kubectl.follow_command(pod), out, "    | ")
            if phase in TERMINAL_PHASES:
                return phase, pod
            if clock.monotonic() >= deadline:
                return "Timeout", pod
            clock.sleep(poll_s)
    finally:
        if follower is not None:
            follower.stop()


def run_stage(
    kubectl: Kubectl,
    stage: str,
    manifest: Mapping,
    settings: Mapping[str, str],
    timeout_s: int,
    retries: int,
    clock: Clock,
    out: TextIO,
    poll_s: float,
    overrides: Sequence[tuple[str, str | None]] = (),
) -> StageOutcome:
    started = clock.monotonic()
    base = manifest.get("metadata", {}).get("name", f"c360-{stage}")
    attempt = 0
    name: str | None = None
    phase = "NotStarted"
    while attempt <= retries:
        attempt += 1
        name = unique_name(base, clock.now(), secrets.token_hex(2))
        out.write(f"==> {stage}: applying SparkApplication {name} (attempt {attempt} of {retries + 1})\n")
        kubectl.apply(build_application(manifest, name, settings, overrides))
        try:
            phase, pod = watch(kubectl, name, timeout_s, poll_s, clock, out)
        except KeyboardInterrupt:
            out.write(
                f"\n==> interrupted: {name} keeps running in the cluster; to stop it: kubectl delete"
                f" sparkapplication {name} --namespace {kubectl.namespace}\n"
            )
            out.flush()
            raise
        if phase == "Succeeded":
            break
        out.write(f"==> {stage}: {name} ended {phase}\n")
        out.write(kubectl.diagnostics(name, pod) + "\n")
        if phase == "Timeout":
            out.write(f"==> {stage}: no result within {timeout_s}s; deleting {name}\n")
            kubectl.delete(name)
    return StageOutcome(stage, name, phase, attempt, clock.monotonic() - started)


def run_stages(
    stages: list[str],
    namespace: str,
    manifests_dir: Path,
    timeout_s: int,
    retries: int,
    kubectl: str = "kubectl",
    out: TextIO = sys.stdout,
    overrides: Mapping[str, Sequence[tuple[str, str | None]]] | None = None,
    poll_s: float | None = None,
    clock: Clock | None = None,
    dry_run: bool = False,
) -> int:
    """Runs ``stages`` in order as SparkApplications in ``namespace``; prints a summary table.

    ``overrides`` maps a stage to ``(option, value)`` pairs that replace or add job arguments
    (value None: a flag). ``dry_run`` prints each application instead of applying it (kubectl
    still reads the cluster: it parses the manifests with the cluster's kinds).
    Returns 0 when every stage succeeded, 1 when one failed or timed out (the later ones are not
    run), 2 for an unknown stage, a missing manifest or an override of a stage not run, 3 when
    kubectl or the cluster is unusable (the SparkApplication kind missing included).
    """
    clock = clock or Clock()
    poll_s = POLL_SECONDS if poll_s is None else poll_s
    overrides = overrides or {}
    unknown = [stage for stage in stages if stage not in STAGE_MANIFESTS]
    if unknown:
        out.write(f"k8s: unknown stage(s) {', '.join(unknown)}; known: {', '.join(STAGE_MANIFESTS)}\n")
        return RESULT_USAGE
    not_run = [stage for stage in overrides if overrides[stage] and stage not in stages]
    if not_run:
        out.write(
            f"k8s: --set for {', '.join(not_run)}, which this run does not include"
            f" (stages: {', '.join(stages)})\n"
        )
        return RESULT_USAGE
    paths = {stage: manifests_dir / STAGE_MANIFESTS[stage] for stage in stages}
    missing = [str(path) for path in paths.values() if not path.is_file()]
    if missing:
        out.write(f"k8s: missing manifest(s): {', '.join(missing)}\n")
        return RESULT_USAGE
    client = Kubectl(kubectl, namespace)
    outcomes: list[StageOutcome] = []
    result = RESULT_SUCCESS
    try:
        problem = client.spark_kind_problem()
        if problem:
            out.write(f"k8s: {problem}\n")
            return RESULT_UNAVAILABLE
        settings = client.settings()
        if not settings:
            out.write(
                f"k8s: no ConfigMap {SETTINGS_CONFIG_MAP} in {namespace}: using the manifests'"
                " bucket names (run scripts/deploy.sh first)\n"
            )
        if dry_run:
            for stage in stages:
                manifest = client.manifest(paths[stage])
                base = manifest.get("metadata", {}).get("name", f"c360-{stage}")
                name = unique_name(base, clock.now(), secrets.token_hex(2))
                application = build_application(manifest, name, settings, overrides.get(stage, ()))
                out.write(f"==> {stage}: would apply (kubectl apply -f - --namespace {namespace}):\n")
                out.write(json.dumps(application, indent=2) + "\n")
            out.write("==> dry run: nothing was applied\n")
            return RESULT_SUCCESS
        for stage in stages:
            if result != RESULT_SUCCESS:
                outcomes.append(StageOutcome(stage, None, "Skipped", 0, 0.0))
                continue
            manifest = client.manifest(paths[stage])
            outcome = run_stage(
                client, stage, manifest, settings, timeout_s, retries, clock, out, poll_s,
                overrides.get(stage, ()),
            )  # fmt: skip
            outcomes.append(outcome)
            if not outcome.succeeded:
                result = RESULT_FAILED
    except KubectlError as e:
        out.write(f"k8s: {e}\n")
        result = RESULT_UNAVAILABLE
    out.write("\n" + summary_table(outcomes) + "\n")
    if result == RESULT_FAILED:
        failed = next(o for o in outcomes if not o.succeeded and o.phase != "Skipped")
        out.write(
            f"\nStage {failed.stage} ended {failed.phase}. Inspect it with: kubectl describe"
            f" sparkapplication {failed.application} --namespace {namespace}\n"
        )
    return result


def parse_override(text: str) -> tuple[str, str, str | None]:
    """``stage:--option=value`` -> (stage, option, value); ``stage:--flag`` -> (stage, flag, None)."""
    stage, separator, rest = text.partition(":")
    option, equals, value = rest.partition("=")
    if not separator or stage not in STAGE_MANIFESTS or not option.startswith("--") or option == "--":
        raise argparse.ArgumentTypeError(
            f"'{text}' is not STAGE:--option=value or STAGE:--flag with STAGE one of "
            f"{', '.join(STAGE_MANIFESTS)}"
        )
    return stage, option, value if equals else None


def whole_number(minimum: int) -> Callable[[str], int]:
    """An argparse type: an integer, at least ``minimum``."""

    def convert(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            value = minimum - 1
        if value < minimum:
            raise argparse.ArgumentTypeError(
                f"'{text}' is not accepted; expected a whole number >= {minimum}"
            )
        return value

    return convert


def add_run_options(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """The options of a run on Kubernetes: this script's, and run_pipeline.py's for --target k8s."""
    parser.add_argument(
        "--namespace",
        default=os.environ.get(NAMESPACE_VARIABLE) or DEFAULT_NAMESPACE,
        help=f"Namespace of the deployment, as for deploy.sh (default: ${NAMESPACE_VARIABLE} or "
        f"{DEFAULT_NAMESPACE}).",
    )
    parser.add_argument(
        "--timeout",
        type=whole_number(1),
        default=DEFAULT_TIMEOUT_S,
        metavar="SECONDS",
        help="Longest wait for one attempt of a stage; then it is deleted and counts as "
        "failed (default: %(default)s, 6 h).",
    )
    parser.add_argument(
        "--retries",
        type=whole_number(0),
        default=0,
        metavar="N",
        help="Extra attempts of a stage that failed or timed out, each under a new name "
        "(default: %(default)s).",
    )
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        type=parse_override,
        default=[],
        metavar="STAGE:--OPTION[=VALUE]",
        help="Replace or add one argument of a stage's job, e.g. bronze:--target-bytes=100GB "
        "or gold:--full-rebuild (repeatable).",
    )
    parser.add_argument(
        "--manifests",
        type=Path,
        default=MANIFESTS_DIR,
        metavar="DIR",
        help="Folder of the SparkApplication manifests (default: k8s/spark).",
    )
    parser.add_argument("--kubectl", default="kubectl", help="kubectl executable (default: %(default)s).")


def overrides_by_stage(
    parsed: Sequence[tuple[str, str, str | None]],
) -> dict[str, list[tuple[str, str | None]]]:
    """The ``--set`` values grouped by stage, in the order given."""
    overrides: dict[str, list[tuple[str, str | None]]] = {}
    for stage, option, value in parsed:
        overrides.setdefault(stage, []).append((option, value))
    return overrides


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stages", nargs="+", choices=list(STAGE_MANIFESTS), help="stages to run, in order")
    add_run_options(parser)
    parser.add_argument("--dry-run", action="store_true", help="print the applications, apply nothing")
    args = parser.parse_args(argv)
    try:
        return run_stages(
            args.stages, args.namespace, args.manifests, args.timeout, args.retries, args.kubectl,
            sys.stdout, overrides_by_stage(args.overrides), dry_run=args.dry_run,
        )  # fmt: skip
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
