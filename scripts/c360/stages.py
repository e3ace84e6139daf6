"""The pipeline's stages, each a spec (job module, main class, job arguments, inputs to check, what
to read back), and the one runner that runs any of them."""

from __future__ import annotations

import dataclasses
import shlex
from pathlib import Path
from typing import Callable, Iterable, Mapping

from c360 import jobs, launch
from c360.arguments import format_date_range
from c360.console import log
from c360.errors import ExitCode
from c360.jobs import JobModule
from c360.lakehouse import Lakehouse
from c360.options import RunOptions
from c360.targets import local, stack

# The pipeline, in order (--stage full); maintenance is its own, explicit stage.
PIPELINE = ("bronze", "silver", "gold")
STAGES = ("bronze", "silver", "gold", "maintenance")
IMPLEMENTED_STAGES = STAGES
# Where a local gold run writes its HTML report, under --data-dir (unless --report says).
DEFAULT_REPORT = "reports/gold-report.html"
MAINTENANCE_OPTIONS = (
    "--snapshot-retention-hours", "--retain-last", "--orphan-retention-hours", "--target-file-size-mb"
)


@dataclasses.dataclass(frozen=True)
class StageOutcome:
    stage: str
    exit_code: int
    wall_ms: int
    report: Mapping | None = None
    manifest: Mapping | None = None
    manifest_path: str | None = None


def bronze_job_args(options: RunOptions, lakehouse: Lakehouse) -> list[str]:
    """The bronze job's own arguments (after the jar on the SparkSubmit command line)."""
    job_args = [
        "--output", lakehouse.bronze,
        "--seed", str(options.seed),
        "--interactions", str(options.interactions),
    ]
    if options.customers is not None:
        job_args += ["--customers", str(options.customers)]
    job_args += [
        "--start-date", options.start_date.isoformat(),
        "--days", str(options.days),
        "--defect-rate", repr(options.defect_rate),
        *lakehouse.catalog_args(),
    ]
    return job_args


def silver_job_args(options: RunOptions, lakehouse: Lakehouse) -> list[str]:
    """The silver job's own arguments; its optional settings only when given, so that its
    defaults stay in one place (the job)."""
    job_args = ["--bronze", lakehouse.bronze, *lakehouse.catalog_args()]
    if options.dates is not None:
        job_args += ["--dates", format_date_range(options.dates)]
    if options.max_reject_rate is not None:
        job_args += ["--max-reject-rate", repr(options.max_reject_rate)]
    if options.as_of is not None:
        job_args += ["--as-of", options.as_of.isoformat()]
    return job_args


def gold_job_args(options: RunOptions, lakehouse: Lakehouse, report: Path) -> list[str]:
    """The gold job's own arguments; its optional settings only when given."""
    job_args = [*lakehouse.catalog_args(), "--report", str(report)]
    if options.dates is not None:
        job_args += ["--dates", format_date_range(options.dates)]
    if options.as_of is not None:
        job_args += ["--as-of", options.as_of.isoformat()]
    if options.full_rebuild:
        job_args.append("--full-rebuild")
    return job_args


def maintenance_job_args(options: RunOptions, lakehouse: Lakehouse) -> list[str]:
    """The maintenance job's own arguments; its retention settings only when given."""
    job_args = lakehouse.catalog_args()
    for option in MAINTENANCE_OPTIONS:
        value = getattr(options, option.lstrip("-").replace("-", "_"))
        if value is not None:
            job_args += [option, str(value)]
    return job_args


def report_path(options: RunOptions, data_dir: Path) -> Path:
    if options.report:
        return Path(options.report).expanduser().resolve()
    return data_dir / DEFAULT_REPORT


def describe_bronze(options: RunOptions, lakehouse: Lakehouse) -> str:
    return (
        f"{options.interactions:,} interactions over {options.days} day(s) from "
        f"{options.start_date}, defect rate {options.defect_rate}, to {lakehouse.bronze}"
    )


def describe_silver(options: RunOptions, lakehouse: Lakehouse) -> str:
    dates = format_date_range(options.dates) if options.dates else "new and changed"
    rate = options.max_reject_rate if options.max_reject_rate is not None else "the job's default"
    return f"bronze dates {dates}, max reject rate {rate}"


def describe_gold(options: RunOptions, lakehouse: Lakehouse) -> str:
    if options.full_rebuild:
        return "every date (full rebuild)"
    return format_date_range(options.dates) if options.dates else "the dates silver changed"


def no_inputs(lakehouse: Lakehouse, stage: str) -> None:
    """Bronze generates its data: it needs nothing."""


@dataclasses.dataclass(frozen=True)
class StageSpec:
    """One stage: the job it runs and what the runner does around it."""

    name: str
    module: JobModule
    main_class: str
    job_args: Callable[[RunOptions, Lakehouse], list[str]]
    # What the progress line says about the run (the master is added).
    describe: Callable[[RunOptions, Lakehouse], str]
    # Raises UsageError when an earlier stage's output is missing.
    require_inputs: Callable[[Lakehouse, str], None] = no_inputs
    # Whether the job writes a bronze manifest to read back for the summary.
    reads_manifest: bool = False


STAGE_SPECS = {
    "bronze": StageSpec(
        "bronze", jobs.BRONZE, jobs.BRONZE.main_class, bronze_job_args, describe_bronze,
        reads_manifest=True,
    ),
    "silver": StageSpec(
        "silver", jobs.SILVER, jobs.SILVER.main_class, silver_job_args, describe_silver,
        require_inputs=local.require_bronze,
    ),
    "gold": StageSpec(
        "gold", jobs.GOLD, jobs.GOLD.main_class,
        lambda options, lakehouse: gold_job_args(
            options, lakehouse, report_path(options, lakehouse.work_dir)
        ),
        describe_gold,
        require_inputs=local.require_silver,
    ),
    "maintenance": StageSpec(
        "maintenance", jobs.MAINTENANCE_MODULE, jobs.MAINTENANCE_MAIN_CLASS, maintenance_job_args,
        lambda options, lakehouse: "every silver, gold and audit table",
        require_inputs=local.require_silver,
    ),
}


def plan_stages(stage: str) -> tuple[list[str], list[str], str | None]:
    """Returns (stages to run, stages skipped because they do not exist yet, problem)."""
    if stage == "full":
        run = [name for name in PIPELINE if name in IMPLEMENTED_STAGES]
        skipped = [name for name in PIPELINE if name not in IMPLEMENTED_STAGES]
        return run, skipped, None
    if stage not in IMPLEMENTED_STAGES:
        return [], [], (
            f"argument --stage: '{stage}' is not implemented yet; "
            f"available now: {', '.join(IMPLEMENTED_STAGES)}, and full"
        )
    return [stage], [], None


def modules_of(stages: Iterable[str]) -> list[JobModule]:
    """The job modules the given stages run, once each, in reactor order."""
    wanted = set(stages)
    modules: list[JobModule] = []
    for name, spec in STAGE_SPECS.items():
        if name in wanted and spec.module not in modules:
            modules.append(spec.module)
    return modules


def read_bronze_manifest(lakehouse: Lakehouse, location: str) -> dict | None:
    """The manifest the bronze job wrote: a local file, or an S3 object read through the S3 API."""
    if lakehouse.stack is None:
        return local.read_manifest(Path(location))
    return stack.read_json_object(lakehouse.stack, location)


def run_stage(
    spec: StageSpec, options: RunOptions, root: Path, lakehouse: Lakehouse, java: str
) -> StageOutcome | None:
    """Runs one stage's job and returns its outcome; a dry run prints the command instead and
    returns None.

    :raises UsageError: the stage cannot start (runtime classpath or input data missing)
    """
    command = launch.job_command(
        options.spark, root, java, spec.module, spec.main_class,
        spec.job_args(options, lakehouse), lakehouse,
    )
    if options.spark.dry_run:
        print(shlex.join(command))
        return None
    spec.require_inputs(lakehouse, spec.name)
    log(f"stage {spec.name}: {spec.describe(options, lakehouse)}, master {lakehouse.master}")
    ran = launch.run_job(command, lakehouse)
    if not spec.reads_manifest:
        return StageOutcome(spec.name, ran.exit_code, ran.wall_ms, ran.report)
    manifest_path = lakehouse.manifest_location(options.start_date, options.days)
    manifest = None
    if ran.exit_code == ExitCode.SUCCESS:
        manifest = read_bronze_manifest(lakehouse, manifest_path)
        if manifest is None:
            log(f"warning: the bronze job succeeded but wrote no readable manifest at {manifest_path}")
    return StageOutcome(spec.name, ran.exit_code, ran.wall_ms, ran.report, manifest, manifest_path)
