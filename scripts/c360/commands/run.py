"""``run``: the pipeline's stages in order on one target, stopping at the first failure with the
job's exit code, and a summary of what each stage did.

Local target: each stage's job jar runs in one JVM through Spark's SparkSubmit class, on the
Spark runtime classpath that the Maven build resolves (no Spark installation needed); what is
missing or stale is built first. Stack target: each job is spark-submitted to the servers of
``scripts/local-stack.sh up`` (:mod:`c360.targets.stack`). Kubernetes target: each stage is a
Stackable SparkApplication (:mod:`c360.targets.k8s`). A gold run also writes a self-contained HTML
report of the gold tables and prints its path.
"""

from __future__ import annotations

import argparse
import datetime
import os
from pathlib import Path
from typing import Sequence

from c360 import build, jobs, launch, options as options_module
from c360.arguments import (
    EXIT_CODES_EPILOG,
    add_data_dir_option,
    add_spark_and_build_options,
    date_range,
    fraction,
    iso_date,
    master_problem,
    whole_number,
)
from c360.console import error, log
from c360.errors import ExitCode, Interrupted, UsageError, describe_exit_code, process_exit_code
from c360.lakehouse import Lakehouse
from c360.options import RunOptions
from c360.stages import DEFAULT_REPORT, STAGE_SPECS, StageOutcome, modules_of, plan_stages, run_stage
from c360.summary.render import render_summary
from c360.targets import TARGETS, k8s, local, stack
from c360.targets.k8s_plan import k8s_only_problems

IMPLEMENTED_TARGETS = TARGETS
# Options of the silver stage only.
SILVER_OPTIONS = ("--dates", "--max-reject-rate", "--as-of")
USAGE = (
    "%(prog)s [--stage STAGE] [options]    run the pipeline (see below)\n"
    "       %(prog)s query SQL [options]         query the lakehouse (query --help)"
)
USAGE_HINT = "Run with --help for the accepted options."
ERROR_PREFIX = None  # errors read "run_pipeline.py: error: ..."
SUMMARY = "run the pipeline (the default command)"
PARSER_SETTINGS = dict(
    usage=USAGE,
    allow_abbrev=False,
    description=(
        "Run the Customer 360 lakehouse pipeline (bronze -> silver -> gold). "
        "Builds the job jars when needed, runs each stage, stops at the first failure "
        "with the job's exit code, and prints a summary. "
        "Targets: local (default), stack (scripts/local-stack.sh up first) and k8s. "
        "To look at the tables: run_pipeline.py query --help."
    ),
    epilog=EXIT_CODES_EPILOG,
)


def build_parser(prog: str = "run_pipeline.py") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, **PARSER_SETTINGS)
    add_arguments(parser)
    return parser


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Every option of ``run``, in the groups its help shows."""
    parser.add_argument(
        "--stage",
        choices=("bronze", "silver", "gold", "maintenance", "full"),
        default="full",
        help=(
            "Stage to run; 'full' runs bronze, silver and gold in order; 'maintenance' compacts "
            "and cleans every table (default: %(default)s)."
        ),
    )
    parser.add_argument(
        "--target",
        choices=TARGETS,
        default="local",
        help=(
            "Where the jobs run: local (one JVM, local files), stack (spark-submit to the "
            "servers of scripts/local-stack.sh: S3, Hive Metastore, Spark standalone; "
            "docs/STACK.md), k8s (Stackable SparkApplications, see the k8s options below) "
            "(default: %(default)s)."
        ),
    )
    add_data_dir_option(parser)
    add_bronze_options(parser.add_argument_group("bronze stage (synthetic data)"))
    add_silver_and_gold_options(
        parser.add_argument_group("silver and gold stages (passed to the jobs only when given)")
    )
    add_gold_options(parser.add_argument_group("gold stage"))
    add_maintenance_options(
        parser.add_argument_group(
            "maintenance stage (passed to the job only when given; its defaults are safe)"
        )
    )
    k8s.add_run_options(
        parser.add_argument_group(
            "k8s target (each stage a SparkApplication; deploy.sh first, docs/DEPLOYMENT.md)"
        )
    )
    spark_and_build = parser.add_argument_group("Spark and build")
    add_spark_and_build_options(spark_and_build)
    spark_and_build.add_argument(
        "--comet",
        action="store_true",
        help=(
            "Run the jobs with Apache DataFusion Comet's native execution (local and stack "
            "targets; the jar comes from the Maven build; off by default; docs/TUNING.md)."
        ),
    )


def add_bronze_options(bronze: argparse._ArgumentGroup) -> None:
    bronze.add_argument(
        "--seed",
        type=whole_number(None),
        default=42,
        help="Seed of the synthetic data: same seed and options, same data (default: %(default)s).",
    )
    bronze.add_argument(
        "--customers",
        type=whole_number(1),
        default=None,
        help="Number of customers (default: chosen by the bronze job from --interactions).",
    )
    bronze.add_argument(
        "--interactions",
        type=whole_number(0),
        default=100_000,
        help="Number of interaction events to generate (default: %(default)s).",
    )
    bronze.add_argument(
        "--start-date",
        type=iso_date,
        default=datetime.date(2026, 1, 1),
        help="First day of generated events, YYYY-MM-DD (default: %(default)s).",
    )
    bronze.add_argument(
        "--days",
        type=whole_number(1),
        default=30,
        help="Number of days of events, starting at --start-date (default: %(default)s).",
    )
    bronze.add_argument(
        "--defect-rate",
        type=fraction,
        default=0.02,
        help="Share of rows made dirty on purpose, from 0 to 1 (default: %(default)s).",
    )


def add_silver_and_gold_options(silver: argparse._ArgumentGroup) -> None:
    silver.add_argument(
        "--dates",
        type=date_range,
        default=None,
        metavar="FIRST[..LAST]",
        help=(
            "Reprocess these dates, e.g. 2026-01-01..2026-01-07, whether processed or not: the "
            "bronze dates in silver, the daily tables in gold (default: what changed since the "
            "last run)."
        ),
    )
    silver.add_argument(
        "--max-reject-rate",
        type=fraction,
        default=None,
        metavar="RATE",
        help=(
            "Data-quality gate: the largest share of a bronze table's rows that may be "
            "quarantined; above it nothing is committed and the run exits 4 "
            "(default: the job's, 0.05)."
        ),
    )
    silver.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="DATE",
        help=(
            "Date the customer features (silver) and engagement and churn risk (gold) are "
            "computed for, YYYY-MM-DD (default: the latest event date in silver.interactions)."
        ),
    )


def add_gold_options(gold: argparse._ArgumentGroup) -> None:
    gold.add_argument(
        "--full-rebuild",
        action="store_true",
        help="Recompute every gold date, not only those silver changed.",
    )
    gold.add_argument(
        "--report",
        default=None,
        metavar="FILE",
        help=(
            "Where the local gold run writes its self-contained HTML report "
            f"(default: <data-dir>/{DEFAULT_REPORT})."
        ),
    )


def add_maintenance_options(maintenance: argparse._ArgumentGroup) -> None:
    maintenance.add_argument(
        "--snapshot-retention-hours", type=whole_number(0), default=None, metavar="HOURS",
        help="Keep snapshots younger than this (default: the job's, 168).")
    maintenance.add_argument(
        "--retain-last", type=whole_number(1), default=None, metavar="N",
        help="Keep at least this many snapshots per table (default: the job's, 5).")
    maintenance.add_argument(
        "--orphan-retention-hours", type=whole_number(24), default=None, metavar="HOURS",
        help="Delete unreferenced files only when older than this, at least 24 "
        "(default: the job's, 72).")
    maintenance.add_argument(
        "--target-file-size-mb", type=whole_number(1), default=None, metavar="MB",
        help="Compaction's target file size (default: the job's, 512).")


def options_from(namespace: argparse.Namespace, parser: argparse.ArgumentParser) -> RunOptions:
    return options_module.run_options(namespace, parser)


def parse(argv: Sequence[str], prog: str = "run_pipeline.py") -> RunOptions:
    """The options of a ``run`` command line (argparse exits on a bad one)."""
    parser = build_parser(prog)
    return options_from(parser.parse_args(list(argv)), parser)


def target_problem(target: str) -> str | None:
    if target in IMPLEMENTED_TARGETS:
        return None
    return (
        f"argument --target: '{target}' is not implemented yet; "
        f"available now: {', '.join(IMPLEMENTED_TARGETS)}"
    )


def check_options(options: RunOptions) -> list[str]:
    """Checks that need more than one option; returns one message per problem."""
    problems = [problem for problem in [master_problem(options.target, options.spark.master)] if problem]
    if options.stage == "bronze":
        for option in SILVER_OPTIONS:
            if getattr(options, option.lstrip("-").replace("-", "_"), None) is not None:
                problems.append(
                    f"argument {option}: applies to the silver stage, which --stage {options.stage} "
                    "does not run"
                )
    return problems


def make_lakehouse(options: RunOptions, data_dir: Path) -> Lakehouse:
    """The run's lakehouse; on the stack, only once its servers answer (a dry run needs only its
    settings).

    :raises StackUnavailable: the stack is not set up or does not answer
    """
    if options.target != "stack":
        return local.lakehouse(options.spark.master, data_dir)
    return stack.open_lakehouse(options.spark.master, data_dir, options.spark.dry_run, jobs.REPO_ROOT)


def display_script(root: Path, cwd: Path) -> str:
    script = root / "scripts" / "run_pipeline.py"
    try:
        return script.relative_to(cwd).as_posix()
    except ValueError:
        return str(script)


def execute(options: RunOptions) -> int:
    """Runs the stages; returns 0, or the exit code of the first stage that failed.

    :raises UsageError: bad options, no java, a missing jar or input
    :raises Unavailable: the stack does not answer
    :raises InternalError: the build failed
    :raises Interrupted: Ctrl-C during a stage
    """
    if options.target == "k8s":
        if options.spark.comet:
            raise UsageError(
                "argument --comet: applies to --target local and stack; on Kubernetes the "
                "SparkApplications take Comet from their own settings (docs/DEPLOYMENT.md)",
                hint=USAGE_HINT,
            )
        return k8s.run(options)
    problems = k8s_only_problems(options.given)
    if problems:
        raise UsageError(*problems, hint=USAGE_HINT)

    problems = [problem for problem in [target_problem(options.target)] if problem]
    stages, skipped, stage_problem = plan_stages(options.stage)
    if stage_problem:
        problems.append(stage_problem)
    problems += check_options(options)
    data_dir = Path(options.data_dir).expanduser().resolve()
    problems += local.data_dir_problems(options.data_dir, data_dir)
    if problems:
        raise UsageError(*problems, hint=USAGE_HINT)

    if skipped:
        log(
            f"--stage {options.stage}: running {', '.join(stages)}; "
            f"skipping {', '.join(skipped)} (not implemented yet)"
        )

    lakehouse = make_lakehouse(options, data_dir)
    java = launch.require_java(os.environ)
    root = jobs.REPO_ROOT
    build.ensure_built(root, modules_of(stages), options.spark.skip_build, options.spark.dry_run)
    if options.spark.comet:
        build.ensure_comet_classpath(
            root,
            jobs.COMET_CLASSPATH,
            jobs.COMET_MODULE,
            options.spark.skip_build,
            options.spark.dry_run,
        )

    outcomes: list[StageOutcome] = []
    script = display_script(root, Path.cwd())
    for index, stage in enumerate(stages):
        try:
            outcome = run_stage(STAGE_SPECS[stage], options, root, lakehouse, java)
        except KeyboardInterrupt:
            raise Interrupted(f"interrupted during stage {stage}") from None
        if outcome is None:
            continue
        outcomes.append(outcome)
        if outcome.exit_code != ExitCode.SUCCESS:
            error(
                f"stage {stage} failed with exit code {outcome.exit_code}: "
                f"{describe_exit_code(outcome.exit_code)}"
            )
            not_run = stages[index + 1:]
            print(render_summary(outcomes, skipped, not_run, lakehouse, script, options.interactions))
            return process_exit_code(outcome.exit_code)

    if outcomes:
        print(render_summary(outcomes, skipped, [], lakehouse, script, options.interactions))
    return ExitCode.SUCCESS
