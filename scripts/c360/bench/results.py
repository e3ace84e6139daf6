"""The stack benchmark's rounds and what is printed from them: medians, ratios, step tables."""

from __future__ import annotations

import dataclasses
import math
import statistics
from pathlib import Path
from typing import Callable, Mapping, Sequence

from c360.bench.stack_sql import GOLD_TABLE_STEPS


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def ratio(trino_seconds: float, spark_seconds: float) -> float:
    """Trino seconds / Spark seconds: 1.0 or more means Spark is at least as fast."""
    if spark_seconds <= 0 or math.isnan(spark_seconds) or math.isnan(trino_seconds):
        return math.nan
    return trino_seconds / spark_seconds


def ratio_range(trino: Sequence[float], spark: Sequence[float]) -> tuple[float, float]:
    """The lowest and highest per-round ratio."""
    ratios = [ratio(t, s) for t, s in zip(trino, spark)]
    return (min(ratios), max(ratios)) if ratios else (math.nan, math.nan)


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text(encoding="utf-8").split()[:3])
    except OSError:
        return "?"


@dataclasses.dataclass
class StackRound:
    gold_job_s: float = math.nan
    gold_wall_s: float = math.nan
    gold_steps: dict[str, float] = dataclasses.field(default_factory=dict)
    trino_gold_s: float = math.nan
    trino_gold_steps: dict[str, float] = dataclasses.field(default_factory=dict)
    spark_write_s: float = math.nan
    spark_write_wall_s: float = math.nan
    spark_write_warm_up_s: float = math.nan
    trino_write_s: float = math.nan
    # CPU seconds (c360.bench.cpu): Spark's processes during its measure, Trino's server during its.
    gold_cpu_s: float = math.nan
    trino_gold_cpu_s: float = math.nan
    spark_write_cpu_s: float = math.nan
    trino_write_cpu_s: float = math.nan


MEASURES: tuple[tuple[str, Callable[[StackRound], float], Callable[[StackRound], float]], ...] = (
    ("gold: the job's duration_ms / Trino's 6 CTAS", lambda r: r.gold_job_s,
     lambda r: r.trino_gold_s),
    ("gold: spark-submit wall time / Trino's 6 CTAS", lambda r: r.gold_wall_s,
     lambda r: r.trino_gold_s),
    ("gold: the job's table steps (reconcile, ranges, commit_daily, commit_customers) / Trino's"
     " 6 CTAS",
     lambda r: sum(r.gold_steps.get(step, math.nan) for step in GOLD_TABLE_STEPS),
     lambda r: r.trino_gold_s),
    ("silver write of two dates: the overwrite (Spark after a warm-up query) / DELETE and INSERT",
     lambda r: r.spark_write_s, lambda r: r.trino_write_s),
    ("silver write: spark-submit wall time / DELETE and INSERT", lambda r: r.spark_write_wall_s,
     lambda r: r.trino_write_s),
    ("gold, CPU s: the spark-submit's driver, workers and executors / Trino's server in the 6 CTAS",
     lambda r: r.gold_cpu_s, lambda r: r.trino_gold_cpu_s),
    ("silver write, CPU s: the spark-submit's processes (warm-up included) / Trino's server",
     lambda r: r.spark_write_cpu_s, lambda r: r.trino_write_cpu_s),
)


def result_lines(rounds: Sequence[StackRound]) -> list[str]:
    """The results table: medians per engine, the ratio of the medians and the per-round range."""
    lines = [
        "| measure | Spark median (s) | Trino median (s) | Trino / Spark | per-round ratios |",
        "|---|---:|---:|---:|---|",
    ]
    for name, spark_of, trino_of in MEASURES:
        spark = [spark_of(r) for r in rounds]
        trino = [trino_of(r) for r in rounds]
        low, high = ratio_range(trino, spark)
        lines.append(
            f"| {name} | {median(spark):.1f} | {median(trino):.1f} | "
            f"{ratio(median(trino), median(spark)):.2f}x | {low:.2f}-{high:.2f} |")
    return lines


def step_lines(rounds: Sequence[StackRound], steps_of: Callable[[StackRound], Mapping[str, float]],
               title: str) -> list[str]:
    """Median seconds per step over the rounds, in the order the first round reports them."""
    names: list[str] = []
    for r in rounds:
        for name in steps_of(r):
            if name not in names:
                names.append(name)
    lines = [f"| {title} | median (s) |", "|---|---:|"]
    for name in names:
        lines.append(f"| {name} | {median([steps_of(r).get(name, 0.0) for r in rounds]):.1f} |")
    return lines
