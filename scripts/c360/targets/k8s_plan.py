"""What a ``run --target k8s`` runs: the k8s stages of ``--stage``, the pipeline's job options
as argument overrides of the stages that take them, and the options that do not apply."""

from __future__ import annotations

import datetime
from typing import Iterable

from c360.arguments import format_date_range
from c360.options import RunOptions

# --stage -> the k8s stages it runs, in order; full is bronze, silver and gold, as on local.
K8S_STAGE_PLAN = {
    "bronze": ("bronze",),
    "silver": ("silver",),
    "gold": ("gold",),
    "maintenance": ("maintenance",),
    "full": ("bronze", "silver", "gold"),
}
# Pipeline options passed on to the job of each k8s stage that takes them, only when given (the
# manifest's or the job's default otherwise). Options run does not have are left out.
K8S_JOB_OPTIONS = {
    "bronze": ("--seed", "--customers", "--start-date", "--days", "--defect-rate"),
    "silver": ("--dates", "--max-reject-rate", "--as-of"),
    "gold": ("--dates", "--as-of", "--full-rebuild"),
    "maintenance": (
        "--snapshot-retention-hours", "--retain-last", "--orphan-retention-hours",
        "--target-file-size-mb",
    ),
}
# Options of the local target that mean nothing on Kubernetes, and what to do instead.
K8S_LOCAL_ONLY_OPTIONS = {
    "--data-dir": "the data lives in the S3 buckets that deploy.sh recorded",
    "--interactions": (
        "bronze's volume on k8s is --target-bytes: deploy.sh --target-bytes, or per run "
        "--set bronze:--target-bytes=100GB"
    ),
    "--master": "the Spark operator runs every job in cluster mode",
    "--driver-memory": "driver and executor sizes are in the manifests (k8s/spark/*.yaml)",
    "--spark-conf": "Spark settings are in the manifests' sparkConf (k8s/spark/*.yaml)",
    "--skip-build": "the jobs run the jars that deploy.sh uploaded",
    "--report": "a report file would stay in the driver pod; query the gold tables with Trino",
}
# Options of the k8s target only (c360.targets.k8s.add_run_options).
K8S_ONLY_OPTIONS = (
    "--namespace", "--timeout", "--retries", "--set", "--manifests", "--kubectl", "--log-dir",
)
K8S_OPTION_DESTS = {"--set": "overrides"}


def option_dest(option: str) -> str:
    return K8S_OPTION_DESTS.get(option, option.lstrip("-").replace("-", "_"))


def given_options(given: Iterable[str], options: Iterable[str]) -> list[str]:
    """The ``options`` whose destinations are among ``given`` (set to something other than their
    default), in the order of ``options``."""
    return [option for option in options if option_dest(option) in given]


def k8s_argument(value: object) -> str | None:
    """A pipeline option's value as the job's argument; None for a flag."""
    if value is True:
        return None
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(d, datetime.date) for d in value):
        return format_date_range(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def k8s_plan(
    options: RunOptions,
) -> tuple[list[str], dict[str, list[tuple[str, str | None]]], list[str]]:
    """(k8s stages, job argument overrides per stage, problems) of a --target k8s run.

    The pipeline's job options go to every stage run that takes them; ``--set`` overrides come
    after them, so they win.
    """
    stages = list(K8S_STAGE_PLAN[options.stage])
    problems = [
        f"argument {option}: applies to --target local only; on k8s {K8S_LOCAL_ONLY_OPTIONS[option]}"
        for option in given_options(options.given, K8S_LOCAL_ONLY_OPTIONS)
    ]
    overrides: dict[str, list[tuple[str, str | None]]] = {}
    job_options = dict.fromkeys(option for taken in K8S_JOB_OPTIONS.values() for option in taken)
    for option in given_options(options.given, job_options):
        takers = [stage for stage in stages if option in K8S_JOB_OPTIONS[stage]]
        if not takers:
            owners = [stage for stage, taken in K8S_JOB_OPTIONS.items() if option in taken]
            problems.append(
                f"argument {option}: applies to the {' and '.join(owners)} stage, which "
                f"--stage {options.stage} does not run"
            )
            continue
        value = k8s_argument(getattr(options, option_dest(option)))
        for stage in takers:
            overrides.setdefault(stage, []).append((option, value))
    for stage, option, value in options.k8s.overrides:
        if stage not in stages:
            problems.append(
                f"argument --set: '{stage}:{option}' applies to the {stage} stage, which "
                f"--stage {options.stage} does not run"
            )
            continue
        overrides.setdefault(stage, []).append((option, value))
    return stages, overrides, problems


def k8s_only_problems(given: Iterable[str]) -> list[str]:
    """The k8s options given with another target."""
    return [
        f"argument {option}: applies to --target k8s only"
        for option in given_options(given, K8S_ONLY_OPTIONS)
    ]
