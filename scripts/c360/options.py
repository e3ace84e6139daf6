"""The commands' options as typed, frozen values, built from argparse's Namespace here and only
here: nothing past these functions sees a Namespace."""

from __future__ import annotations

import argparse
import dataclasses
import datetime
from pathlib import Path

DateRange = tuple[datetime.date, datetime.date]


@dataclasses.dataclass(frozen=True)
class SparkOptions:
    """What every job JVM shares (run and query): Spark settings, build and dry run."""

    master: str | None = None
    driver_memory: str = "2g"
    spark_conf: tuple[tuple[str, str], ...] = ()
    skip_build: bool = False
    dry_run: bool = False
    # Apache DataFusion Comet on the jobs' classpath and switched on (run --comet).
    comet: bool = False


@dataclasses.dataclass(frozen=True)
class K8sOptions:
    """A run on Kubernetes: where, how long, how often, and the job argument overrides."""

    namespace: str
    timeout: int
    retries: int
    overrides: tuple[tuple[str, str, str | None], ...]
    manifests: Path
    kubectl: str
    log_dir: Path = Path("k8s-logs")


@dataclasses.dataclass(frozen=True)
class RunOptions:
    """``run``: the pipeline's stages, target and job options. ``given`` holds the destinations
    of the options set to something other than their default (flags: set)."""

    stage: str
    target: str
    data_dir: str
    seed: int
    customers: int | None
    interactions: int
    start_date: datetime.date
    days: int
    defect_rate: float
    dates: DateRange | None
    max_reject_rate: float | None
    as_of: datetime.date | None
    full_rebuild: bool
    report: str | None
    snapshot_retention_hours: int | None
    retain_last: int | None
    orphan_retention_hours: int | None
    target_file_size_mb: int | None
    spark: SparkOptions
    k8s: K8sOptions
    given: frozenset[str] = frozenset()


@dataclasses.dataclass(frozen=True)
class QueryOptions:
    """``query``: one statement, where it runs, and how the rows are printed."""

    sql: str
    data_dir: str
    output_format: str
    limit: int
    target: str
    spark: SparkOptions
    given: frozenset[str] = frozenset()


@dataclasses.dataclass(frozen=True)
class BenchmarkOptions:
    """``benchmark``: the stage, volume and rounds, with the per-stage defaults filled in."""

    stage: str
    interactions: int
    days: int
    cores: int
    driver_memory: str
    work_dir: str
    repeats: int
    parquet_layouts: bool
    skip_setup: bool
    skip_build: bool
    comet: bool = False


def given_destinations(namespace: argparse.Namespace, parser: argparse.ArgumentParser) -> frozenset[str]:
    """The destinations set to something other than their default (flags: set)."""
    return frozenset(
        dest for dest, value in vars(namespace).items()
        if value is not None and value is not False and value != []
        and value != parser.get_default(dest)
    )


def spark_options(namespace: argparse.Namespace) -> SparkOptions:
    return SparkOptions(
        master=namespace.master,
        driver_memory=namespace.driver_memory,
        spark_conf=tuple(namespace.spark_conf),
        skip_build=namespace.skip_build,
        dry_run=namespace.dry_run,
        comet=getattr(namespace, "comet", False),
    )


def k8s_options(namespace: argparse.Namespace) -> K8sOptions:
    return K8sOptions(
        namespace=namespace.namespace,
        timeout=namespace.timeout,
        retries=namespace.retries,
        overrides=tuple(namespace.overrides),
        manifests=namespace.manifests,
        kubectl=namespace.kubectl,
        log_dir=namespace.log_dir,
    )


def run_options(namespace: argparse.Namespace, parser: argparse.ArgumentParser) -> RunOptions:
    return RunOptions(
        stage=namespace.stage,
        target=namespace.target,
        data_dir=namespace.data_dir,
        seed=namespace.seed,
        customers=namespace.customers,
        interactions=namespace.interactions,
        start_date=namespace.start_date,
        days=namespace.days,
        defect_rate=namespace.defect_rate,
        dates=namespace.dates,
        max_reject_rate=namespace.max_reject_rate,
        as_of=namespace.as_of,
        full_rebuild=namespace.full_rebuild,
        report=namespace.report,
        snapshot_retention_hours=namespace.snapshot_retention_hours,
        retain_last=namespace.retain_last,
        orphan_retention_hours=namespace.orphan_retention_hours,
        target_file_size_mb=namespace.target_file_size_mb,
        spark=spark_options(namespace),
        k8s=k8s_options(namespace),
        given=given_destinations(namespace, parser),
    )


def query_options(namespace: argparse.Namespace, parser: argparse.ArgumentParser) -> QueryOptions:
    return QueryOptions(
        sql=namespace.sql,
        data_dir=namespace.data_dir,
        output_format=namespace.format,
        limit=namespace.limit,
        target=namespace.target,
        spark=spark_options(namespace),
        given=given_destinations(namespace, parser),
    )


def benchmark_options(
    namespace: argparse.Namespace,
    default_interactions: int,
    default_driver_memory: str,
    default_work_dir: str,
) -> BenchmarkOptions:
    """The benchmark's options; the given defaults fill what was not set (they depend on the
    stage)."""
    return BenchmarkOptions(
        stage=namespace.stage,
        interactions=(
            default_interactions if namespace.interactions is None else namespace.interactions
        ),
        days=namespace.days,
        cores=namespace.cores,
        driver_memory=(
            default_driver_memory if namespace.driver_memory is None else namespace.driver_memory
        ),
        work_dir=default_work_dir if namespace.work_dir is None else namespace.work_dir,
        repeats=namespace.repeats,
        parquet_layouts=namespace.parquet_layouts,
        skip_setup=namespace.skip_setup,
        skip_build=namespace.skip_build,
        comet=namespace.comet,
    )
