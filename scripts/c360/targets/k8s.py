"""The k8s target: each stage a Stackable SparkApplication in the namespace deploy.sh deployed to.

First it checks that the cluster serves the SparkApplication kind (Stackable's spark-k8s-operator).
Then for each stage, in order: read the stage's manifest (k8s/spark/<job>.yaml) through kubectl,
give it a unique name per run and the settings deploy.sh recorded (bucket names, bronze volume,
metastore URI, in the ConfigMap c360-deployment), apply it, poll ``status.phase`` until Succeeded
or Failed, follow the driver's log meanwhile, retry a failed attempt when asked, and print a
summary table. The first stage that does not succeed stops the run with a non-zero result.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import os
import secrets
import sys
import time
from pathlib import Path
from typing import Callable, Mapping, Sequence, TextIO

from c360 import jobs
from c360.arguments import stage_override, whole_number
from c360.console import error, log
from c360.errors import ExitCode, Interrupted, UsageError
from c360.options import RunOptions
from c360.targets.k8s_plan import k8s_plan
from c360.targets.k8s_application import StageOutcome, build_application, summary_table, unique_name
from c360.targets.kubectl import SETTINGS_CONFIG_MAP, Kubectl, KubectlError, LogFollower

# Stage -> manifest under k8s/spark/. The maintenance job ships in the lakehouse-ops jar.
STAGE_MANIFESTS = {
    "bronze": "bronze-ingest.yaml",
    "silver": "silver-build.yaml",
    "gold": "gold-finalize.yaml",
    "maintenance": "table-maintenance.yaml",
}
MANIFESTS_DIR = jobs.REPO_ROOT / "k8s" / "spark"
# deploy.sh's default namespace and the variable both read it from.
NAMESPACE_VARIABLE = "C360_NAMESPACE"
DEFAULT_NAMESPACE = "c360"
DEFAULT_TIMEOUT_S = 6 * 3600
# Seconds between two looks at an application's phase (tests lower it).
POLL_SECONDS = 10.0
TERMINAL_PHASES = ("Succeeded", "Failed")
# A stage that did not succeed: its job's own exit code is in its driver log, not known here.
STAGE_FAILED = ExitCode.INTERNAL_ERROR

parse_override = stage_override(tuple(STAGE_MANIFESTS))
USAGE_HINT = "Run with --help for the accepted options."


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
        return ExitCode.USAGE
    not_run = [stage for stage in overrides if overrides[stage] and stage not in stages]
    if not_run:
        out.write(
            f"k8s: --set for {', '.join(not_run)}, which this run does not include"
            f" (stages: {', '.join(stages)})\n"
        )
        return ExitCode.USAGE
    paths = {stage: manifests_dir / STAGE_MANIFESTS[stage] for stage in stages}
    missing = [str(path) for path in paths.values() if not path.is_file()]
    if missing:
        out.write(f"k8s: missing manifest(s): {', '.join(missing)}\n")
        return ExitCode.USAGE
    client = Kubectl(kubectl, namespace)
    outcomes: list[StageOutcome] = []
    result = ExitCode.SUCCESS
    try:
        problem = client.spark_kind_problem()
        if problem:
            out.write(f"k8s: {problem}\n")
            return ExitCode.EXTERNAL_UNAVAILABLE
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
            return ExitCode.SUCCESS
        for stage in stages:
            if result != ExitCode.SUCCESS:
                outcomes.append(StageOutcome(stage, None, "Skipped", 0, 0.0))
                continue
            manifest = client.manifest(paths[stage])
            outcome = run_stage(
                client, stage, manifest, settings, timeout_s, retries, clock, out, poll_s,
                overrides.get(stage, ()),
            )  # fmt: skip
            outcomes.append(outcome)
            if not outcome.succeeded:
                result = STAGE_FAILED
    except KubectlError as e:
        out.write(f"k8s: {e}\n")
        result = ExitCode.EXTERNAL_UNAVAILABLE
    out.write("\n" + summary_table(outcomes) + "\n")
    if result == STAGE_FAILED:
        failed = next(o for o in outcomes if not o.succeeded and o.phase != "Skipped")
        out.write(
            f"\nStage {failed.stage} ended {failed.phase}. Inspect it with: kubectl describe"
            f" sparkapplication {failed.application} --namespace {namespace}\n"
        )
    return result


def add_run_options(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """The options of a run on Kubernetes (the k8s group of ``run``'s options)."""
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


def run(options: RunOptions) -> int:
    """--target k8s: runs the stages as SparkApplications in the namespace and returns
    :func:`run_stages`' exit code.

    :raises UsageError: options that do not apply to the stages run on k8s
    :raises Interrupted: Ctrl-C; a running SparkApplication keeps running in the cluster
    """
    stages, overrides, problems = k8s_plan(options)
    if problems:
        raise UsageError(*problems, hint=USAGE_HINT)
    k8s = options.k8s
    what = "printing" if options.spark.dry_run else "running"
    log(
        f"target k8s: {what} {', '.join(stages)} as SparkApplications in namespace "
        f"{k8s.namespace} (timeout {k8s.timeout} s per attempt, {k8s.retries} retries)"
    )
    try:
        result = run_stages(
            stages, k8s.namespace, k8s.manifests, k8s.timeout, k8s.retries, k8s.kubectl,
            sys.stdout, overrides, dry_run=options.spark.dry_run,
        )  # fmt: skip
    except KeyboardInterrupt:
        raise Interrupted(
            "interrupted; a running SparkApplication keeps running in the cluster (see above)"
        ) from None
    if result == STAGE_FAILED:
        error("a stage did not succeed; see its driver log, diagnostics and the summary above")
    elif result != ExitCode.SUCCESS:
        error(f"the k8s run could not start (exit code {result}); see the message above")
    return result
