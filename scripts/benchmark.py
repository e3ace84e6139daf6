#!/usr/bin/env python3
"""The benchmark command of docs/BENCHMARKS.md: each stage against its peers, same machine, same run.

Bronze (``--stage bronze``, the default): the generator alone (Spark's noop sink), the interactions
table to Parquet, the whole bronze job, and DuckDB writing an equivalent table (same rows, columns,
types, null shares and date partitions) with the same number of threads, with ratios.

Silver (``--stage silver``): the silver job on 31 days of bronze into an empty warehouse, the
incremental case (one new day on top of 30), and DuckDB doing the SQL-expressible part of the same
cleansing, validation and deduplication on the same Parquet, with ratios and where silver's time
goes.

Gold (``--stage gold``): the gold job (full rebuild) on silver built from the benchmark's bronze, and
DuckDB computing the same five gold tables with SQL over the same silver rows exported to Parquet,
with ratios, where gold's time goes and a row-by-row comparison of the two results (a difference
beyond rounding fails the run).

Stack (``--stage stack``): Spark against Trino on the servers of ``scripts/local-stack.sh`` (started
when they are not running, and then stopped again). Untimed set-up: bronze and silver spark-submitted
to the stack (``--interactions`` over ``--days``; ``--skip-setup`` keeps the silver tables already
there). Then, per round: gold as the gold job with ``--full-rebuild`` spark-submitted to the stack's
master (the job's own ``duration_ms`` and the spark-submit's wall time) against the same five gold
tables as Trino CTAS into ``lakehouse.bench_trino`` from the same silver tables (gold-trino.sql, the
translation of gold-duckdb.sql), and silver's MERGE into a copy of ``silver.interactions`` without
its last day (source: that day plus re-delivered rows of the day before, a fifth of them changed) by
Spark (io.c360.bench.StackMergeBenchmark, spark-submitted, the statement timed in the driver) against
the same MERGE by Trino, the target rebuilt before each. Ratios are Trino seconds / Spark seconds
(1.0 or more: Spark is at least as fast). Checked: the Trino gold tables against the job's, row by
row through Trino (beyond rounding fails the run), and both MERGE results against the expected
table (row count and Trino's checksum of every column).

Standard library only.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import math
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Mapping, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run_pipeline  # noqa: E402  (the sibling script: Java flags, classpath, environment)
import stack_target  # noqa: E402  (the stack's settings, servers and Trino client)

BENCH_MODULE = "benchmarks"
BENCH_JAR = f"{BENCH_MODULE}/target/{BENCH_MODULE}-{run_pipeline.VERSION}.jar"
BENCH_CLASSPATH = f"{BENCH_MODULE}/target/benchmark.classpath"
BENCH_MAIN_CLASS = "io.c360.bench.bronze.BronzeBenchmark"
SILVER_MAIN_CLASS = "io.c360.bench.silver.SilverBenchmark"
GOLD_MAIN_CLASS = "io.c360.bench.gold.GoldBenchmark"
LAYOUT_MAIN_CLASS = "io.c360.bench.bronze.ParquetLayoutBenchmark"

# Per stage: interactions and driver heap when not given. Silver's volume keeps a run of three
# rounds (each a full run, an incremental run and DuckDB) under ten minutes on 2 cores (7.4 minutes
# in the documented run); its heap is the one run_pipeline.py gives the job.
# Gold's volume keeps one round (the gold job and DuckDB) to about a minute on 2 cores, and the whole
# run (bronze and silver set-up, warm-up, three rounds, two comparisons) to a few minutes.
# The stack's volume keeps a whole run (set-up, three rounds of gold and MERGE on both engines,
# the checks) to about 20 minutes on 2 cores shared by two one-core Spark workers and Trino (22
# minutes in the documented run, at load average 10-14; the Spark jobs' fixed costs dominate); its
# days cover the 30 days the stack's earlier runs wrote, so silver holds this run's rows.
DEFAULT_INTERACTIONS = {
    "bronze": 10_000_000, "silver": 1_000_000, "gold": 2_000_000, "stack": 200_000}
DEFAULT_DRIVER_MEMORY = {"bronze": "1g", "silver": "2g", "gold": "2g", "stack": "2g"}
MAIN_CLASSES = {"bronze": BENCH_MAIN_CLASS, "silver": SILVER_MAIN_CLASS, "gold": GOLD_MAIN_CLASS}
# Each benchmark empties its work folder first: silver and gold have their own, so that runs of
# different stages on the same checkout do not delete each other's data.
DEFAULT_WORK_DIRS = {
    "bronze": "target/benchmark", "silver": "target/benchmark-silver",
    "gold": "target/benchmark-gold", "stack": "target/benchmark-stack"}
STAGES = ("bronze", "silver", "gold", "stack")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Benchmark a stage against DuckDB on this machine (docs/BENCHMARKS.md).",
        allow_abbrev=False,
    )
    parser.add_argument(
        "--stage", choices=STAGES, default="bronze",
        help="bronze: generating and writing the raw data; silver: cleansing, validation,"
        " deduplication and the incremental case; gold: the gold tables from silver;"
        " stack: gold and silver's MERGE by Spark against Trino on scripts/local-stack.sh's"
        " servers (default: %(default)s)")
    parser.add_argument(
        "--interactions", type=run_pipeline.whole_number(1), default=None,
        help="interaction rows to generate (default: 10000000 for bronze, 1000000 for silver"
        " (spread over --days + 1 dates), 2000000 for gold, 200000 for stack)")
    parser.add_argument(
        "--days", type=run_pipeline.whole_number(1), default=30,
        help="event dates the rows spread over; for silver, the days before the new day"
        " (default: %(default)s)")
    parser.add_argument(
        "--cores", type=run_pipeline.whole_number(1), default=2,
        help="Spark local[N] and DuckDB threads (default: %(default)s; stack: not used, the"
        " stack has two one-core workers)")
    parser.add_argument(
        "--driver-memory", type=run_pipeline.memory_size, default=None,
        help="fixed JVM heap for Spark's driver and DuckDB's host JVM (default: 1g for bronze,"
        " 2g for silver, gold and stack, as run_pipeline.py runs the jobs)")
    parser.add_argument(
        "--work-dir", default=None,
        help="scratch folder for the outputs, emptied first (default: target/benchmark;"
        " target/benchmark-silver for silver, target/benchmark-gold for gold,"
        " target/benchmark-stack for stack: the jobs' working folder there)")
    parser.add_argument(
        "--repeats", type=run_pipeline.whole_number(1), default=3,
        help="rounds of all runs; medians and ratio ranges are printed last (default: %(default)s)")
    parser.add_argument(
        "--parquet-layouts", action="store_true",
        help="instead: the Parquet layout comparison behind bronze's writer settings, on"
        " --interactions rows of one date (3000000 is the documented size); bronze only")
    parser.add_argument(
        "--skip-setup", action="store_true",
        help="stack only: no bronze and silver set-up; benchmark on the silver tables already on"
        " the stack (--interactions and --days are then not used)")
    parser.add_argument(
        "--skip-build", action="store_true", help="do not run Maven before the benchmark")
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parses the options and fills the per-stage defaults; refuses what does not fit the stage."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.parquet_layouts and args.stage != "bronze":
        parser.error("--parquet-layouts compares bronze's Parquet writers; it needs --stage bronze")
    if args.skip_setup and args.stage != "stack":
        parser.error("--skip-setup keeps the stack's silver tables; it needs --stage stack")
    if args.interactions is None:
        args.interactions = DEFAULT_INTERACTIONS[args.stage]
    if args.driver_memory is None:
        args.driver_memory = DEFAULT_DRIVER_MEMORY[args.stage]
    if args.work_dir is None:
        args.work_dir = DEFAULT_WORK_DIRS[args.stage]
    return args


def benchmark_command(
    *, java: str, root: Path, classpath: Sequence[str], args: argparse.Namespace
) -> list[str]:
    """One JVM: the benchmark main with the fixed heap and the Java 17 flags Spark needs."""
    jvm = [
        java,
        *run_pipeline.JAVA17_FLAGS,
        f"-Dlog4j2.configurationFile={root / run_pipeline.LOG4J_CONFIG}",
        f"-Xmx{args.driver_memory}",
        "-cp",
        os.pathsep.join([str(root / BENCH_JAR), *classpath]),
    ]
    work_dir = str(Path(args.work_dir).resolve())
    if args.parquet_layouts:
        return jvm + [
            LAYOUT_MAIN_CLASS, str(args.interactions), work_dir, str(args.cores), str(args.repeats)]
    return jvm + [
        MAIN_CLASSES[args.stage],
        str(args.interactions),
        str(args.days),
        work_dir,
        str(args.cores),
        str(args.repeats),
    ]

# ---------------------------------------------------------------------------------------------
# --stage stack: Spark against Trino on scripts/local-stack.sh's servers

LOCAL_STACK = "scripts/local-stack.sh"
STACK_SERVICES = ("s3", "metastore", "spark-master", "trino")
MERGE_MAIN_CLASS = "io.c360.bench.stack.StackMergeBenchmark"
MERGE_EVENT = "c360.bench_merge"
# Run before the timed MERGE in the same Spark application, on another table: Trino is a warm,
# long-running server, a spark-submitted application starts cold (executors, clients, JIT).
MERGE_WARM_UP = "SELECT count(*), sum(record_hash) FROM {catalog}.silver.interactions"
# The gold job's steps that compute and write the five tables (docs/BENCHMARKS.md, gold).
GOLD_TABLE_STEPS = ("reconcile", "commit_daily", "commit_customers")
GOLD_TRINO_SQL = "benchmarks/src/main/resources/io/c360/bench/gold/gold-trino.sql"
SILVER_SCHEMA = "silver"
SPARK_GOLD_SCHEMA = "gold"
TRINO_GOLD_SCHEMA = "bench_trino"
MERGE_SCHEMA = "bench_merge"
MERGE_TARGET = "interactions_target"
MERGE_SOURCE = "interactions_source"
MERGE_KEY = "interaction_id"
MERGE_DATE = "event_date"
MERGE_HASH = "record_hash"
# Of the day before the last, the rows whose interaction_id % 5 is 0 come again with a changed
# record hash (updated), those with 1 come again unchanged (matched, left alone).
CHANGED_SHARE = 0
UNCHANGED_SHARE = 1
SHARE_MODULUS = 5
GOLD_TABLES = (
    "daily_kpis", "revenue_by_channel", "customer_engagement", "churn_risk", "segment_engagement")
CHANNELS = ("web", "mobile_app", "store", "call_center", "email", "social")

# Per gold table: the key columns and the compared columns, with the decimals a value is rounded to
# (None: must be equal). The checks of GoldBenchmark (the DuckDB comparison).
GOLD_CHECKS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, int | None], ...]]] = {
    "daily_kpis": (("event_date",), (
        ("active_customers", None), ("new_customers", None), ("sessions", None),
        ("orders", None), ("revenue_usd", None), ("avg_order_value_usd", 2), ("buyers", None),
        ("conversion_rate", 4), ("returned_orders", None), ("return_rate", 4),
        ("support_contacts", None), ("nps_responses", None), ("nps", 1))),
    "revenue_by_channel": (("event_date", "channel"), (
        ("orders", None), ("revenue_usd", None), ("revenue_share", 4))),
    "customer_engagement": (("customer_id",), (
        ("value_segment", None), ("as_of_date", None), ("last_active_date", None),
        ("days_since_last_active", None), ("active_days_30d", None), ("sessions_30d", None),
        ("minutes_30d", 1), ("channels_90d", None), ("email_engagements_30d", None),
        ("recency_score", 4), ("frequency_score", 4), ("session_score", 4), ("time_score", 4),
        ("breadth_score", 4), ("email_score", 4), ("engagement_score", 1),
        ("engagement_level", None))),
    "churn_risk": (("customer_id",), (
        ("days_since_last_active", None), ("events_last_14d", None),
        ("events_prior_14d_avg", 2), ("support_contacts_90d", None), ("avg_nps_90d", 2),
        ("return_rate_90d", 4), ("inactivity_risk", 4), ("frequency_decline_risk", 4),
        ("support_risk", 4), ("nps_risk", 4), ("returns_risk", 4), ("churn_risk_score", 4),
        ("risk_band", None), ("main_drivers", None))),
    "segment_engagement": (("value_segment",), (
        ("customers", None), ("avg_engagement_score", 1), ("high_engagement_share", 4),
        ("low_engagement_share", 4), ("avg_churn_risk", 4))),
}


def sql_statements(text: str) -> list[str]:
    """The statements of a SQL resource: each ends with a line ending in ';' (not a comment);
    comment-only lines before a statement are dropped. As GoldBenchmark splits gold-duckdb.sql."""
    statements: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("--")):
            continue
        current.append(line)
        if stripped.endswith(";") and not stripped.startswith("--"):
            statement = "\n".join(current).strip()
            statements.append(statement[:-1].rstrip())
            current = []
    if any(line.strip() and not line.strip().startswith("--") for line in current):
        raise ValueError("the SQL ends with a statement without ';'")
    return statements


def fill_placeholders(statement: str, values: Mapping[str, str]) -> str:
    """Replaces each ``${name}`` by ``values[name]``; a placeholder without a value is an error."""
    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"no value for the placeholder ${{{name}}}")
        return values[name]

    return re.sub(r"\$\{(\w+)\}", replace, statement)


def trino_placeholders(catalog: str) -> dict[str, str]:
    """The values of gold-trino.sql's placeholders."""
    channels = ", ".join(f"'{channel}'" for channel in CHANNELS)
    return {
        "silver": f"{catalog}.{SILVER_SCHEMA}",
        "out": f"{catalog}.{TRINO_GOLD_SCHEMA}",
        "channels": f"ARRAY[{channels}]",
    }


def created_table(statement: str) -> str:
    """The table a ``CREATE TABLE x AS`` statement writes (its last name part), for the step table."""
    match = re.search(r"CREATE\s+TABLE\s+([\w.${}]+)", statement, re.IGNORECASE)
    return match.group(1).rsplit(".", 1)[-1] if match else statement.split()[0].lower()


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


def _quote(engine: str, name: str) -> str:
    return f"`{name}`" if engine == "spark" else f'"{name}"'


def merge_sql(
    engine: str, target: str, source: str, columns: Sequence[str], dates: Sequence[str]
) -> str:
    """Silver's MERGE (SilverWriter.mergeByDates without the delete flag) on ``engine``: matched
    on the business key and the batch's dates, a matched row rewritten only when its record hash
    changed, new rows inserted; explicit column lists (Trino has no ``UPDATE SET *``)."""
    if engine not in ("spark", "trino"):
        raise ValueError(f"unknown engine {engine}")

    def q(name: str) -> str:
        return _quote(engine, name)

    in_dates = ", ".join(f"DATE '{date}'" for date in dates)
    # Trino's SET names target columns unqualified; Spark takes them qualified (as silver does).
    target_column = (lambda c: f"t.{q(c)}") if engine == "spark" else q
    assignments = ", ".join(f"{target_column(c)} = s.{q(c)}" for c in columns)
    names = ", ".join(q(c) for c in columns)
    values = ", ".join(f"s.{q(c)}" for c in columns)
    return (
        f"MERGE INTO {target} t USING {source} s "
        f"ON t.{q(MERGE_KEY)} = s.{q(MERGE_KEY)} AND t.{q(MERGE_DATE)} IN ({in_dates}) "
        f"WHEN MATCHED AND t.{q(MERGE_HASH)} <> s.{q(MERGE_HASH)} THEN UPDATE SET {assignments} "
        f"WHEN NOT MATCHED THEN INSERT ({names}) VALUES ({values})"
    )


def changed_hash_columns(columns: Sequence[str]) -> str:
    """The select list of a changed re-delivery: every column, the record hash bit-inverted."""
    return ", ".join(
        f'bitwise_not("{c}") AS "{c}"' if c == MERGE_HASH else f'"{c}"' for c in columns)


def merge_source_sql(catalog: str, columns: Sequence[str], last: str, previous: str) -> str:
    """Trino CTAS of the MERGE's source: the last day (new rows), and of the day before a fifth
    of its rows changed and a fifth unchanged (re-delivered)."""
    silver = f"{catalog}.{SILVER_SCHEMA}.interactions"
    names = ", ".join(f'"{c}"' for c in columns)
    return (
        f"CREATE TABLE {catalog}.{MERGE_SCHEMA}.{MERGE_SOURCE} AS "
        f"SELECT {names} FROM {silver} WHERE {MERGE_DATE} = DATE '{last}' "
        f"UNION ALL SELECT {changed_hash_columns(columns)} FROM {silver} "
        f"WHERE {MERGE_DATE} = DATE '{previous}' "
        f"AND {MERGE_KEY} % {SHARE_MODULUS} = {CHANGED_SHARE} "
        f"UNION ALL SELECT {names} FROM {silver} WHERE {MERGE_DATE} = DATE '{previous}' "
        f"AND {MERGE_KEY} % {SHARE_MODULUS} = {UNCHANGED_SHARE}"
    )


def merge_target_sql(catalog: str, columns: Sequence[str], last: str) -> str:
    """Trino CTAS of the MERGE's target: silver.interactions without its last day, partitioned
    like it by event date (Iceberg format 2, as Trino writes by default)."""
    names = ", ".join(f'"{c}"' for c in columns)
    return (
        f"CREATE TABLE {catalog}.{MERGE_SCHEMA}.{MERGE_TARGET} "
        f"WITH (partitioning = ARRAY['{MERGE_DATE}']) AS "
        f"SELECT {names} FROM {catalog}.{SILVER_SCHEMA}.interactions "
        f"WHERE {MERGE_DATE} < DATE '{last}'"
    )


def checksum_sql(table: str, columns: Sequence[str]) -> str:
    """Row count and Trino's order-independent checksum over every column of ``table``."""
    row = ", ".join(f'"{c}"' for c in columns)
    return f"SELECT count(*), to_hex(checksum(ROW({row}))) FROM {table}"


def expected_merge_sql(catalog: str, columns: Sequence[str], previous: str) -> str:
    """What the MERGE must leave: silver.interactions with the changed rows' hashes inverted."""
    row = ", ".join(
        f"CASE WHEN {MERGE_DATE} = DATE '{previous}' AND {MERGE_KEY} % {SHARE_MODULUS} = "
        f'{CHANGED_SHARE} THEN bitwise_not("{c}") ELSE "{c}" END' if c == MERGE_HASH else f'"{c}"'
        for c in columns)
    return (
        f"SELECT count(*), to_hex(checksum(ROW({row}))) "
        f"FROM {catalog}.{SILVER_SCHEMA}.interactions")


def comparison_sql(
    spark_table: str, trino_table: str, keys: Sequence[str],
    checks: Sequence[tuple[str, int | None]],
) -> str:
    """One query over the two tables joined on the keys: rows only on one side, rows on both, and
    per column the rows that differ within rounding (at most one unit of the column's last decimal)
    and beyond it. Exact columns (None) differ only beyond."""
    on = " AND ".join(f's."{k}" = t."{k}"' for k in keys)
    first = keys[0]
    both = f's."{first}" IS NOT NULL AND t."{first}" IS NOT NULL'
    parts = [
        f'count(*) FILTER (WHERE t."{first}" IS NULL) AS only_spark',
        f'count(*) FILTER (WHERE s."{first}" IS NULL) AS only_trino',
        f"count(*) FILTER (WHERE {both}) AS matched",
    ]
    for column, scale in checks:
        differs = f's."{column}" IS DISTINCT FROM t."{column}"'
        if scale is None:
            beyond = differs
            within = "false"
        else:
            tolerance = repr(10.0 ** -scale * 1.000001)
            beyond = (
                f'((s."{column}" IS NULL) <> (t."{column}" IS NULL) OR abs(CAST(s."{column}" AS '
                f'DOUBLE) - CAST(t."{column}" AS DOUBLE)) > {tolerance})')
            within = f"{differs} AND NOT coalesce({beyond}, false)"
        parts.append(f"count(*) FILTER (WHERE {both} AND ({within})) AS \"{column}:within\"")
        parts.append(f"count(*) FILTER (WHERE {both} AND ({beyond})) AS \"{column}:beyond\"")
    return (
        f"SELECT {', '.join(parts)} FROM {spark_table} s FULL OUTER JOIN {trino_table} t ON {on}")


@dataclasses.dataclass(frozen=True)
class TableVerdict:
    table: str
    spark_rows: int
    trino_rows: int
    within: dict[str, int]
    beyond: dict[str, int]

    @property
    def ok(self) -> bool:
        return (self.spark_rows == self.trino_rows and self.spark_rows > 0
                and not any(self.beyond.values()))


def evaluate_comparison(table: str, columns: Sequence[str], row: Sequence[object]) -> TableVerdict:
    """The verdict of a comparison_sql result row (``columns`` are its column names)."""
    values = dict(zip(columns, (int(v) for v in row)))
    matched = values["matched"]
    within = {c.split(":")[0]: v for c, v in values.items() if c.endswith(":within")}
    beyond = {c.split(":")[0]: v for c, v in values.items() if c.endswith(":beyond")}
    # Rows on one side only are differences beyond rounding too.
    return TableVerdict(table, matched + values["only_spark"], matched + values["only_trino"],
                        within, beyond)


def verdict_lines(verdict: TableVerdict) -> list[str]:
    """Markdown rows of a table's comparison: the row counts, then each column that differs."""
    lines = [f"| {verdict.table} | (rows) | {verdict.spark_rows:,} / {verdict.trino_rows:,} | "
             f"{'ok' if verdict.spark_rows == verdict.trino_rows else 'DIFFERENT'} | | |"]
    for column in verdict.within:
        within, beyond = verdict.within[column], verdict.beyond.get(column, 0)
        if within or beyond:
            lines.append(f"| {verdict.table} | {column} | | | {within:,} | {beyond:,} |")
    return lines


def parse_status(text: str) -> dict[str, str]:
    """``local-stack.sh status``: each service's state (running, stale, stopped)."""
    states = {}
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[1] in ("running", "stale", "stopped"):
            states[fields[0]] = fields[1]
    return states


def not_running(states: Mapping[str, str]) -> list[str]:
    return [service for service, state in states.items() if state != "running"]


def parse_merge_report(lines: Sequence[str]) -> dict | None:
    """The JSON line StackMergeBenchmark prints (``event`` = c360.bench_merge)."""
    for line in reversed(lines):
        text = line.strip()
        if text.startswith("{") and MERGE_EVENT in text:
            try:
                value = json.loads(text)
            except json.JSONDecodeError:
                continue
            if isinstance(value, dict) and value.get("event") == MERGE_EVENT:
                return value
    return None


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
    spark_merge_s: float = math.nan
    spark_merge_wall_s: float = math.nan
    spark_merge_warm_up_s: float = math.nan
    trino_merge_s: float = math.nan


MEASURES: tuple[tuple[str, Callable[[StackRound], float], Callable[[StackRound], float]], ...] = (
    ("gold: the job's duration_ms / Trino's 6 CTAS", lambda r: r.gold_job_s,
     lambda r: r.trino_gold_s),
    ("gold: spark-submit wall time / Trino's 6 CTAS", lambda r: r.gold_wall_s,
     lambda r: r.trino_gold_s),
    ("gold: the job's table steps (reconcile, commit_daily, commit_customers) / Trino's 6 CTAS",
     lambda r: sum(r.gold_steps.get(step, math.nan) for step in GOLD_TABLE_STEPS),
     lambda r: r.trino_gold_s),
    ("silver MERGE: the statement (Spark after a warm-up query)", lambda r: r.spark_merge_s,
     lambda r: r.trino_merge_s),
    ("silver MERGE: spark-submit wall time / the statement", lambda r: r.spark_merge_wall_s,
     lambda r: r.trino_merge_s),
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


class StackBenchmark:
    """One run of --stage stack: the servers, the set-up, the rounds and the checks."""

    def __init__(self, args: argparse.Namespace, root: Path, settings: stack_target.StackSettings,
                 java: str):
        self.args = args
        self.root = root
        self.settings = settings
        self.java = java
        self.catalog = settings.trino_catalog
        self.work_dir = Path(args.work_dir).resolve()

    # -- Trino --------------------------------------------------------------------------------

    def trino(self, sql: str, limit: int = 1000) -> stack_target.QueryResult:
        return stack_target.trino_query(self.settings.trino_url, self.catalog, sql, limit,
                                        timeout=1800.0)

    def timed_trino(self, sql: str) -> float:
        started = time.monotonic()
        self.trino(sql)
        return time.monotonic() - started

    def drop_tables(self, schema: str, tables: Sequence[str]) -> None:
        for table in tables:
            self.trino(f"DROP TABLE IF EXISTS {self.catalog}.{schema}.{table}")

    # -- set-up -------------------------------------------------------------------------------

    def pipeline_args(self, stage: str, *extra: str) -> list[str]:
        return ["--target", "stack", "--stage", stage, "--data-dir", str(self.work_dir),
                "--driver-memory", self.args.driver_memory, "--skip-build", *extra]

    def set_up(self) -> bool:
        volume = ["--interactions", str(self.args.interactions), "--days", str(self.args.days)]
        for stage, extra in (("bronze", volume), ("silver", [])):
            print(f"==> set-up (untimed): {stage} on the stack", flush=True)
            code = run_pipeline.main(self.pipeline_args(stage, *extra))
            if code != 0:
                print(f"benchmark.py: the {stage} set-up failed (exit code {code})",
                      file=sys.stderr)
                return False
        return True

    # -- gold -----------------------------------------------------------------------------------

    def spark_gold(self, result: StackRound) -> bool:
        parser = run_pipeline.build_parser()
        pipeline_args = parser.parse_args(self.pipeline_args("gold", "--full-rebuild"))
        lakehouse = run_pipeline.make_lakehouse(pipeline_args, self.work_dir)
        if isinstance(lakehouse, int):
            return False
        outcome = run_pipeline.run_gold(pipeline_args, self.root, lakehouse, self.java)
        if isinstance(outcome, int) or outcome.exit_code != 0 or not outcome.report:
            print("benchmark.py: the Spark gold job failed", file=sys.stderr)
            return False
        result.gold_wall_s = outcome.wall_ms / 1000.0
        result.gold_job_s = float(outcome.report.get("duration_ms", math.nan)) / 1000.0
        steps = run_pipeline.as_mapping(outcome.report.get("durations_ms"))
        result.gold_steps = {name: float(ms) / 1000.0 for name, ms in steps.items()
                             if run_pipeline.as_number(ms) is not None}
        inside = sum(result.gold_steps.values())
        result.gold_steps["(job, outside the steps)"] = result.gold_job_s - inside
        result.gold_steps["(spark-submit, outside the job)"] = (
            result.gold_wall_s - result.gold_job_s)
        return True

    def trino_gold(self, result: StackRound, statements: Sequence[str]) -> None:
        self.trino(f"CREATE SCHEMA IF NOT EXISTS {self.catalog}.{TRINO_GOLD_SCHEMA}")
        self.drop_tables(TRINO_GOLD_SCHEMA, ("population", *GOLD_TABLES))
        steps: dict[str, float] = {}
        for statement in statements:
            seconds = self.timed_trino(statement)
            steps[f"CTAS {created_table(statement)}"] = seconds
        result.trino_gold_steps = steps
        result.trino_gold_s = sum(steps.values())

    def compare_gold(self) -> bool:
        print()
        print("Correctness: Trino's gold tables against the job's, through Trino (rows matched by"
              " key; 'within rounding': at most one unit of the column's last decimal)")
        print()
        print("| table | column | rows (Spark / Trino) | rows equal | within rounding |"
              " beyond rounding |")
        print("|---|---|---:|---|---:|---:|")
        ok = True
        for table in GOLD_TABLES:
            keys, checks = GOLD_CHECKS[table]
            sql = comparison_sql(f"{self.catalog}.{SPARK_GOLD_SCHEMA}.{table}",
                                 f"{self.catalog}.{TRINO_GOLD_SCHEMA}.{table}", keys, checks)
            answer = self.trino(sql)
            verdict = evaluate_comparison(table, answer.columns, answer.rows[0])
            for line in verdict_lines(verdict):
                print(line)
            ok &= verdict.ok
        print()
        print("Correctness: the two engines agree (within rounding) on every compared column."
              if ok else "Correctness: MISMATCH beyond rounding (rows above).")
        return ok

    # -- MERGE --------------------------------------------------------------------------------

    def merge_columns(self) -> list[str]:
        answer = self.trino(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = "
            f"'{SILVER_SCHEMA}' AND table_name = 'interactions' ORDER BY ordinal_position")
        return [row[0] for row in answer.rows]

    def reset_target(self, columns: Sequence[str], last: str) -> None:
        self.drop_tables(MERGE_SCHEMA, (MERGE_TARGET,))
        self.trino(merge_target_sql(self.catalog, columns, last))

    def merge_checksum(self, columns: Sequence[str]) -> tuple[int, str]:
        answer = self.trino(
            checksum_sql(f"{self.catalog}.{MERGE_SCHEMA}.{MERGE_TARGET}", columns))
        return int(answer.rows[0][0]), str(answer.rows[0][1])

    def spark_merge_command(self, statement: str) -> list[str]:
        gold = self.root / run_pipeline.GOLD.jar
        runtime = run_pipeline.parse_runtime_classpath(
            (self.root / run_pipeline.GOLD.runtime_classpath).read_text(encoding="utf-8"))
        return run_pipeline.local_job_command(
            java=self.java,
            jar=self.root / BENCH_JAR,
            # The gold job's shaded jar brings common and Iceberg (the benchmarks jar is thin).
            runtime_classpath=[str(gold), *runtime],
            main_class=MERGE_MAIN_CLASS,
            master=self.settings.master_url,
            driver_memory=self.args.driver_memory,
            spark_confs=[("spark.jars", str(gold))],
            log4j_config=self.root / run_pipeline.LOG4J_CONFIG,
            job_args=["--warehouse", self.settings.warehouse,
                      "--metastore-uri", self.settings.metastore_uri, "--sql", statement,
                      "--warm-up", MERGE_WARM_UP.format(catalog=self.catalog)],
            properties_file=self.settings.properties_file,
        )

    def spark_merge(self, result: StackRound, statement: str) -> bool:
        command = self.spark_merge_command(statement)
        started = time.monotonic()
        completed = subprocess.run(
            command, cwd=self.work_dir, env=run_pipeline.local_job_environment(os.environ),
            stdout=subprocess.PIPE, text=True, encoding="utf-8", errors="replace", check=False)
        result.spark_merge_wall_s = time.monotonic() - started
        report = parse_merge_report(completed.stdout.splitlines())
        if completed.returncode != 0 or report is None:
            print(completed.stdout, end="")
            print(f"benchmark.py: Spark's MERGE failed (exit code {completed.returncode})",
                  file=sys.stderr)
            return False
        result.spark_merge_s = float(report["merge_ms"]) / 1000.0
        result.spark_merge_warm_up_s = float(report.get("warm_up_ms", math.nan)) / 1000.0
        return True

    # -- the run --------------------------------------------------------------------------------

    def run(self) -> int:
        if not self.args.skip_setup and not self.set_up():
            return 1
        volume = self.trino(
            f"SELECT count(*), CAST(min({MERGE_DATE}) AS varchar), CAST(max({MERGE_DATE}) AS "
            f"varchar), count(DISTINCT {MERGE_DATE}) FROM {self.catalog}.{SILVER_SCHEMA}."
            "interactions").rows[0]
        customers = self.trino(
            f"SELECT count(*) FROM {self.catalog}.{SILVER_SCHEMA}.customers").rows[0][0]
        rows, first, last, days = int(volume[0]), volume[1], volume[2], int(volume[3])
        if rows == 0 or days < 2:
            print("benchmark.py: silver.interactions needs rows on two dates at least",
                  file=sys.stderr)
            return 1
        previous = (datetime.date.fromisoformat(last) - datetime.timedelta(days=1)).isoformat()
        print(f"==> silver on the stack: {rows:,} interactions over {days} dates ({first} to "
              f"{last}), {int(customers):,} customers", flush=True)

        text = (self.root / GOLD_TRINO_SQL).read_text(encoding="utf-8")
        placeholders = trino_placeholders(self.catalog)
        statements = [fill_placeholders(s, placeholders) for s in sql_statements(text)]

        columns = self.merge_columns()
        self.trino(f"CREATE SCHEMA IF NOT EXISTS {self.catalog}.{MERGE_SCHEMA}")
        self.drop_tables(MERGE_SCHEMA, (MERGE_SOURCE,))
        self.trino(merge_source_sql(self.catalog, columns, last, previous))
        source_rows = int(self.trino(
            f"SELECT count(*) FROM {self.catalog}.{MERGE_SCHEMA}.{MERGE_SOURCE}").rows[0][0])
        expected = self.trino(expected_merge_sql(self.catalog, columns, previous)).rows[0]
        expected_sum = (int(expected[0]), str(expected[1]))
        target = f"{self.catalog}.{MERGE_SCHEMA}.{MERGE_TARGET}"
        source = f"{self.catalog}.{MERGE_SCHEMA}.{MERGE_SOURCE}"
        dates = [previous, last]
        spark_statement = merge_sql("spark", target, source, columns, dates)
        trino_statement = merge_sql("trino", target, source, columns, dates)
        print(f"==> MERGE: target = silver.interactions before {last}; source {source_rows:,} rows"
              f" ({last}, and of {previous} a fifth changed and a fifth unchanged)", flush=True)

        rounds: list[StackRound] = []
        merges_ok = True
        for number in range(1, self.args.repeats + 1):
            result = StackRound()
            print(f"==> round {number}/{self.args.repeats}: Spark gold (load {load_average()})",
                  flush=True)
            if not self.spark_gold(result):
                return 1
            print(f"==> round {number}: Trino gold (load {load_average()})", flush=True)
            self.trino_gold(result, statements)
            print(f"==> round {number}: Spark MERGE (load {load_average()})", flush=True)
            self.reset_target(columns, last)
            if not self.spark_merge(result, spark_statement):
                return 1
            spark_sum = self.merge_checksum(columns)
            print(f"==> round {number}: Trino MERGE (load {load_average()})", flush=True)
            self.reset_target(columns, last)
            result.trino_merge_s = self.timed_trino(trino_statement)
            trino_sum = self.merge_checksum(columns)
            same = spark_sum == trino_sum == expected_sum
            merges_ok &= same
            print(f"    round {number}: gold job {result.gold_job_s:.1f} s (spark-submit "
                  f"{result.gold_wall_s:.1f} s), Trino gold {result.trino_gold_s:.1f} s; MERGE "
                  f"Spark {result.spark_merge_s:.1f} s (after a {result.spark_merge_warm_up_s:.1f}"
                  f" s warm-up; spark-submit {result.spark_merge_wall_s:.1f} s), Trino "
                  f"{result.trino_merge_s:.1f} s; "
                  f"MERGE results {'equal' if same else 'DIFFERENT'} (rows, checksum: Spark "
                  f"{spark_sum}, Trino {trino_sum}, expected {expected_sum})", flush=True)
            rounds.append(result)

        gold_ok = self.compare_gold()
        print()
        print(f"Results: {self.args.repeats} round(s); silver {rows:,} interactions over {days} "
              f"dates, {int(customers):,} customers; MERGE source {source_rows:,} rows; ratio ="
              " Trino s / Spark s (1.0 or more: Spark meets the target)")
        print()
        for line in result_lines(rounds):
            print(line)
        print()
        for line in step_lines(rounds, lambda r: r.gold_steps,
                               "Spark gold: where the time goes (job step)"):
            print(line)
        print()
        for line in step_lines(rounds, lambda r: r.trino_gold_steps, "Trino gold: statement"):
            print(line)
        print()
        print("MERGE results: " + (
            "equal to the expected table on both engines in every round" if merges_ok
            else "DIFFERENT (rounds above)"))
        print(f"load average at the end: {load_average()}")
        if not (gold_ok and merges_ok):
            print("benchmark.py: the engines' results differ (above)", file=sys.stderr)
            return 1
        return 0


def build_and_find_java(args: argparse.Namespace, root: Path) -> str | int:
    """Builds the benchmarks (and what they need) unless --skip-build; the java to run them with,
    or the exit code when the build fails (1) or there is no JDK (2)."""
    if not args.skip_build:
        build = ["mvn", "-B", "-q", "-DskipTests", "package", "-pl", BENCH_MODULE, "-am"]
        print("==> building: " + " ".join(build), flush=True)
        if subprocess.run(build, cwd=root, check=False).returncode != 0:
            print("benchmark.py: the Maven build failed", file=sys.stderr)
            return 1
    java = run_pipeline.find_java(os.environ)
    if java is None:
        print("benchmark.py: no java on the PATH or in JAVA_HOME; install a JDK 17", file=sys.stderr)
        return 2
    return java


def local_stack(root: Path, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(root / LOCAL_STACK), *command], cwd=root, check=False,
                          stdout=subprocess.PIPE, text=True)


def main_stack(args: argparse.Namespace, root: Path) -> int:
    """--stage stack: starts the stack when needed (and stops what it started), then runs."""
    java = build_and_find_java(args, root)
    if isinstance(java, int):
        return java
    for needed in (BENCH_JAR, run_pipeline.GOLD.jar, run_pipeline.GOLD.runtime_classpath):
        if not (root / needed).is_file():
            print(f"benchmark.py: {needed} is missing; run without --skip-build", file=sys.stderr)
            return 2
    print(f"==> load average at the start: {load_average()}", flush=True)
    started = not_running(parse_status(local_stack(root, "status").stdout))
    if started:
        print(f"==> starting the stack's stopped services: {' '.join(started)}", flush=True)
        if local_stack(root, "up", *started).returncode != 0:
            print("benchmark.py: scripts/local-stack.sh up failed; see its logs", file=sys.stderr)
            local_stack(root, "down", *started)
            return 3
    try:
        try:
            settings = stack_target.load(os.environ, root)
            stack_target.require_services(settings, STACK_SERVICES)
        except stack_target.StackUnavailable as failure:
            print(f"benchmark.py: {failure}", file=sys.stderr)
            return 3
        Path(args.work_dir).mkdir(parents=True, exist_ok=True)
        return StackBenchmark(args, root, settings, java).run()
    except (stack_target.TrinoQueryError, stack_target.StackUnavailable) as failure:
        print(f"benchmark.py: Trino: {failure}", file=sys.stderr)
        return 1
    finally:
        if started:
            print(f"==> stopping what the benchmark started: {' '.join(started)}", flush=True)
            local_stack(root, "down", *started)



def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    root = run_pipeline.REPO_ROOT
    if args.stage == "stack":
        return main_stack(args, root)
    java = build_and_find_java(args, root)
    if isinstance(java, int):
        return java
    classpath_file = root / BENCH_CLASSPATH
    if not classpath_file.is_file():
        print(f"benchmark.py: {BENCH_CLASSPATH} is missing; run without --skip-build", file=sys.stderr)
        return 2
    classpath = run_pipeline.parse_runtime_classpath(classpath_file.read_text(encoding="utf-8"))
    command = benchmark_command(java=java, root=root, classpath=classpath, args=args)
    environment = run_pipeline.local_job_environment(os.environ)
    return subprocess.run(command, cwd=root, env=environment, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
