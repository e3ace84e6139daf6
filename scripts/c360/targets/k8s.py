"""The k8s target: each stage a Stackable SparkApplication in the namespace deploy.sh deployed to.

First it checks that the cluster serves the SparkApplication kind (Stackable's spark-k8s-operator).
Then for each stage, in order: read the stage's manifest (k8s/spark/<job>.yaml) through kubectl,
give it a unique name per run and the settings deploy.sh recorded (bucket names, bronze volume,
metastore URI, in the ConfigMap c360-deployment), apply it, and watch it (c360.targets.k8s_watch)
until its phase is Succeeded or Failed, its submit Job fails, one of its pods cannot start, or
the timeout; the driver's log is followed into a file meanwhile. A failed attempt is retried
when asked; a summary table ends the run. The first stage that does not succeed stops the run
with a non-zero result.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import secrets
import sys
from pathlib import Path
from typing import Mapping, Sequence, TextIO

from c360 import jobs
from c360.arguments import stage_override, whole_number
from c360.console import error, log
from c360.errors import ExitCode, Interrupted, UsageError
from c360.launch import extract_report
from c360.options import RunOptions
from c360.targets.k8s_application import StageOutcome, build_application, summary_table, unique_name
from c360.targets.k8s_plan import k8s_plan
from c360.targets.k8s_status import hints
from c360.targets.k8s_watch import Attempt, Clock, Watch
from c360.targets.kubectl import SETTINGS_CONFIG_MAP, Kubectl, KubectlError

__all__ = ["Clock", "run_stages", "run", "add_run_options"]

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
# Where the driver and submit logs are kept (one folder per application), relative to the
# current directory unless the variable names another.
LOG_DIR_VARIABLE = "C360_K8S_LOG_DIR"
DEFAULT_LOG_DIR = "k8s-logs"
# Seconds between two looks at an application's phase (tests lower it).
POLL_SECONDS = 10.0
# How long a pod may be blocked (image pull, volume mount, container config) before the attempt
# counts as failed: long enough for a secret-operator volume or a slow pull to come right.
STUCK_SECONDS = 300.0
# A stage whose driver failed without a run report, or that timed out.
STAGE_FAILED = ExitCode.INTERNAL_ERROR


@dataclasses.dataclass(frozen=True)
class Limits:
    """How long and how often one stage is tried, and where its logs are kept."""

    timeout_s: int
    retries: int
    poll_s: float
    stuck_s: float
    log_dir: Path


parse_override = stage_override(tuple(STAGE_MANIFESTS))
USAGE_HINT = "Run with --help for the accepted options."


def run_stage(
    kubectl: Kubectl,
    stage: str,
    manifest: Mapping,
    settings: Mapping[str, str],
    limits: Limits,
    clock: Clock,
    out: TextIO,
    overrides: Sequence[tuple[str, str | None]] = (),
) -> StageOutcome:
    started = clock.monotonic()
    base = manifest.get("metadata", {}).get("name", f"c360-{stage}")
    attempt_number = 0
    name: str | None = None
    attempt = Attempt("NotStarted")
    while attempt_number <= limits.retries:
        attempt_number += 1
        name = unique_name(base, clock.now(), secrets.token_hex(2))
        out.write(
            f"==> {stage}: applying SparkApplication {name} (attempt {attempt_number} of"
            f" {limits.retries + 1})\n"
        )
        kubectl.apply(build_application(manifest, name, settings, overrides))
        watch = Watch(
            kubectl, name, limits.timeout_s, limits.poll_s, limits.stuck_s, clock, out, limits.log_dir
        )
        try:
            attempt = watch.run()
        except KeyboardInterrupt:
            out.write(
                f"\n==> interrupted: {name} keeps running in the cluster; to stop it: kubectl delete"
                f" sparkapplication {name} --namespace {kubectl.namespace}\n"
            )
            out.flush()
            raise
        if attempt.phase == "Succeeded":
            break
        report_failure(kubectl, stage, name, attempt, out)
        if attempt.phase in ("Timeout", "Blocked"):
            out.write(f"==> {stage}: deleting {name}\n")
            kubectl.delete(name)
    code = ExitCode.SUCCESS if attempt.phase == "Succeeded" else failure_exit_code(attempt)
    return StageOutcome(stage, name, attempt.phase, attempt_number, clock.monotonic() - started, code)


def report_failure(kubectl: Kubectl, stage: str, name: str, attempt: Attempt, out: TextIO) -> None:
    """What shows why an attempt did not succeed: the application, the kept driver log's last
    lines (its pod is deleted by then), the submit Job's and pods' messages, and hints."""
    detail = f": {attempt.detail}" if attempt.detail else ""
    out.write(f"==> {stage}: {name} ended {attempt.phase}{detail}\n")
    out.write(kubectl.describe(name) + "\n")
    if attempt.driver_tail:
        out.write(
            f"==> last {len(attempt.driver_tail)} lines of the driver log (all of it:"
            f" {attempt.driver_log})\n"
        )
        out.write("".join(attempt.driver_tail))
    elif attempt.phase == "Failed":
        out.write("==> no driver log was kept: the driver ended before it could be followed\n")
    for line in attempt.evidence:
        out.write(line.rstrip("\n") + "\n")
    for hint in hints([attempt.detail, *attempt.evidence, *attempt.driver_tail]):
        out.write(f"hint: {hint}\n")
    out.flush()


def failure_exit_code(attempt: Attempt) -> int:
    """The exit code of a stage that did not succeed. A driver that failed: the job's own exit
    code from its run report line (c360.job_run) in the kept driver log, else 1. A submit that
    failed, a pod that could not start, or no result within the timeout (a cluster short of
    resources, a job slower than its limit): the environment (3), as exit 1 is for our bugs."""
    if attempt.phase in ("SubmitFailed", "Blocked", "Timeout"):
        return ExitCode.EXTERNAL_UNAVAILABLE
    if attempt.phase == "Failed" and attempt.driver_log is not None and attempt.driver_log.is_file():
        with attempt.driver_log.open(encoding="utf-8", errors="replace") as lines:
            report = extract_report(lines)
        code = report.get("exit_code") if report else None
        if isinstance(code, int) and code in {c.value for c in ExitCode} and code != ExitCode.SUCCESS:
            return code
    return STAGE_FAILED


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
    log_dir: Path | None = None,
    stuck_s: float | None = None,
    outcomes: list[StageOutcome] | None = None,
) -> int:
    """Runs ``stages`` in order as SparkApplications in ``namespace``; prints a summary table.

    ``overrides`` maps a stage to ``(option, value)`` pairs that replace or add job arguments
    (value None: a flag). ``dry_run`` prints each application instead of applying it (kubectl
    still reads the cluster: it parses the manifests with the cluster's kinds).
    The driver and submit logs are kept under ``log_dir/<application>/``; ``outcomes`` (when
    given) receives each stage's outcome.
    Returns 0 when every stage succeeded; when one did not (the later ones are not run): the
    job's own exit code from its run report when its driver failed (1 without one), 3 when its
    submit failed or a pod could not start for ``stuck_s`` seconds, 3 on a timeout too. 2 for an
    unknown stage, a missing manifest or an override of a stage not run, 3 when kubectl or the
    cluster is unusable (the SparkApplication kind missing included).
    """
    clock = clock or Clock()
    limits = Limits(
        timeout_s, retries, POLL_SECONDS if poll_s is None else poll_s,
        STUCK_SECONDS if stuck_s is None else stuck_s, log_dir or Path(DEFAULT_LOG_DIR),
    )  # fmt: skip
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
    outcomes = [] if outcomes is None else outcomes
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
                client, stage, manifest, settings, limits, clock, out, overrides.get(stage, ())
            )
            outcomes.append(outcome)
            if not outcome.succeeded:
                result = outcome.exit_code
    except KubectlError as e:
        out.write(f"k8s: {e}\n")
        result = ExitCode.EXTERNAL_UNAVAILABLE
    out.write("\n" + summary_table(outcomes) + "\n")
    failed = next((o for o in outcomes if not o.succeeded and o.phase != "Skipped"), None)
    if failed is not None:
        out.write(
            f"\nStage {failed.stage} ended {failed.phase} (exit code {failed.exit_code}). Its logs"
            f" are in {limits.log_dir / str(failed.application)}; inspect it with: kubectl describe"
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
    parser.add_argument(
        "--log-dir",
        type=Path,
        default=Path(os.environ.get(LOG_DIR_VARIABLE) or DEFAULT_LOG_DIR),
        metavar="DIR",
        help="Where each application's driver log (followed while the driver runs: the operator "
        "deletes the pod when it ends) and a failed submit's log are kept, in DIR/<application>/ "
        f"(default: ${LOG_DIR_VARIABLE} or ./{DEFAULT_LOG_DIR}).",
    )


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
    outcomes: list[StageOutcome] = []
    try:
        result = run_stages(
            stages, k8s.namespace, k8s.manifests, k8s.timeout, k8s.retries, k8s.kubectl,
            sys.stdout, overrides, dry_run=options.spark.dry_run, log_dir=k8s.log_dir,
            outcomes=outcomes,
        )  # fmt: skip
    except KeyboardInterrupt:
        raise Interrupted(
            "interrupted; a running SparkApplication keeps running in the cluster (see above)"
        ) from None
    if any(not o.succeeded and o.phase != "Skipped" for o in outcomes):
        error("a stage did not succeed; see its driver log, diagnostics and the summary above")
    elif result != ExitCode.SUCCESS:
        error(f"the k8s run could not start (exit code {result}); see the message above")
    return result
