"""The closing summary of a pipeline run: stages, tables, where the data is, what to try next."""

from __future__ import annotations

from typing import Sequence

from c360.errors import ExitCode, describe_exit_code
from c360.formatting import as_mapping, as_number, format_duration
from c360.lakehouse import CATALOG, Lakehouse
from c360.stages import StageOutcome
from c360.summary.next_steps import next_commands
from c360.summary.tables import stage_table_lines, succeeded, written_manifests


def stage_status(outcome: StageOutcome) -> str:
    return "SUCCEEDED" if outcome.exit_code == ExitCode.SUCCESS else "FAILED"


def stage_line(outcome: StageOutcome) -> str:
    """Status and duration of one stage (with its steps), and why it failed if it did."""
    report = as_mapping(outcome.report)
    duration = report.get("duration_ms")
    if as_number(duration) is None:
        duration = outcome.wall_ms
    line = f"  {outcome.stage:<8} {stage_status(outcome):<10} {format_duration(duration):>10}"
    steps = [
        f"{name} {format_duration(value)}"
        for name, value in as_mapping(report.get("durations_ms")).items()
        if as_number(value) is not None
    ]
    if steps:
        line += f"   ({', '.join(steps)})"
    if outcome.exit_code == ExitCode.SUCCESS:
        return line
    indent = " " * 13
    line += f"\n{indent}exit code {outcome.exit_code}: {describe_exit_code(outcome.exit_code)}"
    if report.get("error"):
        # Multi-line messages (the gate's and reconciliation's) keep the indentation.
        message = str(report["error"]).replace("\n", f"\n{indent}       ")
        line += f"\n{indent}error: {message}"
    if outcome.report is None:
        line += f"\n{indent}the job printed no run report (see its output above)"
    return line


# The lakehouse tables a run leaves, with what each holds.
SILVER_TABLES = (
    (f"{CATALOG}.silver.customers", "one row per customer: profile, features, value segment"),
    (f"{CATALOG}.silver.interactions", "accepted interactions, one row per interaction_id"),
    (f"{CATALOG}.silver.quarantine", "rejected rows, with the ids of the rules they broke"),
    (f"{CATALOG}.audit.silver_bronze_partitions", "the bronze partitions silver has processed"),
)
GOLD_TABLES = (
    (f"{CATALOG}.gold.daily_kpis", "one row per day: customers, sessions, orders, revenue, NPS"),
    (f"{CATALOG}.gold.revenue_by_channel", "one row per day and channel: revenue, orders, share"),
    (f"{CATALOG}.gold.customer_engagement", "one row per customer: engagement score, components"),
    (f"{CATALOG}.gold.segment_engagement", "one row per value segment: engagement and churn risk"),
    (f"{CATALOG}.gold.churn_risk", "one row per customer: churn-risk score, band, drivers"),
)
AUDIT_TABLE = (f"{CATALOG}.audit.job_runs", "one row per job run: status, counts, durations")


def warehouse_tables(outcomes: Sequence[StageOutcome]) -> list[tuple[str, str]]:
    """The tables worth a look after this run: silver's when it succeeded, the audit table
    when any job got far enough to report."""
    tables = list(SILVER_TABLES) if succeeded(outcomes, "silver") else []
    if succeeded(outcomes, "gold"):
        tables += GOLD_TABLES
    if any(outcome.report is not None for outcome in outcomes):
        tables.append(AUDIT_TABLE)
    return tables


def data_lines(outcomes: Sequence[StageOutcome], lakehouse: Lakehouse) -> list[str]:
    """Where the data of the run is."""
    lines = ["Data", f"  bronze     {lakehouse.bronze}"]
    for outcome in outcomes:
        for name, table in as_mapping(as_mapping(outcome.manifest).get("tables")).items():
            path = as_mapping(table).get("path")
            if isinstance(path, str):
                lines.append(f"    {str(name):<24} {path}")
    lines += [f"  manifest   {path}" for path in written_manifests(outcomes)]
    catalog = f"catalog '{CATALOG}'"
    if lakehouse.metastore_uri:
        catalog += f" in the Hive Metastore {lakehouse.metastore_uri}"
    lines.append(f"  warehouse  {lakehouse.warehouse} (Iceberg, {catalog})")
    tables = warehouse_tables(outcomes)
    if tables:
        width = max(len(name) for name, _ in tables)
        lines += [f"    {name:<{width}}  {what}" for name, what in tables]
    run_ids = [as_mapping(outcome.report).get("run_id") for outcome in outcomes]
    run_ids = [str(run_id) for run_id in run_ids if run_id]
    if run_ids:
        lines.append(f"  run id     {', '.join(run_ids)}")
    return lines


def render_summary(
    outcomes: Sequence[StageOutcome],
    skipped: Sequence[str],
    not_run: Sequence[str],
    lakehouse: Lakehouse,
    script: str,
    interactions: int,
) -> str:
    """The closing summary: stages, tables, where the data is, and what to try next."""
    lines = ["", "== Summary " + "=" * 60, "Stages"]
    lines += [stage_line(outcome) for outcome in outcomes]
    lines += [f"  {stage:<8} {'SKIPPED':<10} {'':>10}   (not implemented yet)" for stage in skipped]
    lines += [f"  {stage:<8} {'NOT RUN':<10} {'':>10}   (an earlier stage failed)" for stage in not_run]
    for outcome in outcomes:
        tables = stage_table_lines(outcome)
        if tables:
            lines += ["", *tables]
    lines += ["", *data_lines(outcomes, lakehouse)]
    lines += ["", "Next"]
    lines += [f"  {command}" for command in next_commands(outcomes, lakehouse, script, interactions)]
    return "\n".join(lines)
