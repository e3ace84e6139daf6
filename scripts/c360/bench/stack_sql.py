"""The stack benchmark's SQL (Trino's gold, silver's write of a batch's dates on both engines, the
checks) and the verdicts of its comparisons: pure functions."""

from __future__ import annotations

import dataclasses
import re
from typing import Mapping, Sequence

WRITE_EVENT = "c360.bench_write"
# Run before the timed write in the same Spark application, on another table: Trino is a warm,
# long-running server, a spark-submitted application starts cold (executors, clients, JIT).
WRITE_WARM_UP = "SELECT count(*), sum(record_hash) FROM {catalog}.silver.interactions"
# The gold job's steps that compute and write the five tables (docs/BENCHMARKS.md, gold): the
# daily tables are computed in reconcile, the customer tables in ranges (the first actions on them).
GOLD_TABLE_STEPS = ("reconcile", "ranges", "commit_daily", "commit_customers")
SILVER_SCHEMA = "silver"
SPARK_GOLD_SCHEMA = "gold"
TRINO_GOLD_SCHEMA = "bench_trino"
WRITE_SCHEMA = "bench_write"
WRITE_TARGET = "interactions_target"
WRITE_SOURCE = "interactions_source"
WRITE_KEY = "interaction_id"
WRITE_DATE = "event_date"
WRITE_HASH = "record_hash"
# Of the day before the last, the rows whose interaction_id % 5 is 0 come again with a changed
# record hash; the other rows of the two dates come again unchanged.
CHANGED_SHARE = 0
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


def _names(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def _in_dates(dates: Sequence[str]) -> str:
    return ", ".join(f"DATE '{date}'" for date in dates)


def changed_row(columns: Sequence[str], previous: str) -> str:
    """The select list of silver's rows as the benchmark re-delivers them: every column, the record
    hash bit-inverted on a fifth of the day before the last (the changed rows)."""
    return ", ".join(
        f"CASE WHEN {WRITE_DATE} = DATE '{previous}' AND {WRITE_KEY} % {SHARE_MODULUS} = "
        f'{CHANGED_SHARE} THEN bitwise_not("{c}") ELSE "{c}" END AS "{c}"' if c == WRITE_HASH
        else f'"{c}"'
        for c in columns)


def write_source_sql(catalog: str, columns: Sequence[str], last: str, previous: str) -> str:
    """Trino CTAS of the write's source, the batch silver-build would write for the last two days:
    every row of both dates (a bronze date is delivered whole), a fifth of the day before with a
    changed record hash."""
    return (
        f"CREATE TABLE {catalog}.{WRITE_SCHEMA}.{WRITE_SOURCE} AS "
        f"SELECT {changed_row(columns, previous)} FROM {catalog}.{SILVER_SCHEMA}.interactions "
        f"WHERE {WRITE_DATE} IN ({_in_dates([previous, last])})"
    )


def trino_write_sql(
    target: str, source: str, columns: Sequence[str], dates: Sequence[str]
) -> list[str]:
    """Trino's way to replace whole dates of a table partitioned by date: a DELETE of the dates
    (whole partitions: Trino's Iceberg connector deletes their files in metadata), then an INSERT of
    the source's rows. Two commits, where Spark's overwrite by filter is one."""
    names = _names(columns)
    return [
        f"DELETE FROM {target} WHERE {WRITE_DATE} IN ({_in_dates(dates)})",
        f"INSERT INTO {target} ({names}) SELECT {names} FROM {source} "
        f"WHERE {WRITE_DATE} IN ({_in_dates(dates)})",
    ]


def write_target_sql(catalog: str, columns: Sequence[str], last: str) -> str:
    """Trino CTAS of the write's target: silver.interactions without its last day, partitioned
    like it by event date (Iceberg format 2, as Trino writes by default and silver's tables are)."""
    return (
        f"CREATE TABLE {catalog}.{WRITE_SCHEMA}.{WRITE_TARGET} "
        f"WITH (partitioning = ARRAY['{WRITE_DATE}']) AS "
        f"SELECT {_names(columns)} FROM {catalog}.{SILVER_SCHEMA}.interactions "
        f"WHERE {WRITE_DATE} < DATE '{last}'"
    )


def checksum_sql(table: str, columns: Sequence[str]) -> str:
    """Row count and Trino's order-independent checksum over every column of ``table``."""
    return f"SELECT count(*), to_hex(checksum(ROW({_names(columns)}))) FROM {table}"


def expected_write_sql(catalog: str, columns: Sequence[str], previous: str) -> str:
    """What the write must leave: silver.interactions with the changed rows' hashes inverted."""
    return (
        f"SELECT count(*), to_hex(checksum(ROW({_names(columns)}))) FROM "
        f"(SELECT {changed_row(columns, previous)} FROM {catalog}.{SILVER_SCHEMA}.interactions)")


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
