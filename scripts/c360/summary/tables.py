"""The summary's per-stage sections: what each stage wrote, from its manifest and run report."""

from __future__ import annotations

from typing import Mapping, Sequence

from c360.errors import ExitCode
from c360.formatting import as_mapping, as_number, format_count
from c360.lakehouse import CATALOG
from c360.stages import StageOutcome

TOP_DEFECT_KINDS = 3


def defect_totals(defects: object) -> tuple[int, list[tuple[str, int]]]:
    """(total, kinds by count descending then name) of a {kind: count} map."""
    kinds = [
        (str(kind), int(count))
        for kind, count in as_mapping(defects).items()
        if as_number(count) is not None and count > 0
    ]
    kinds.sort(key=lambda item: (-item[1], item[0]))
    return sum(count for _, count in kinds), kinds


def table_lines(outcome: StageOutcome) -> list[str]:
    """Rows written and defects injected per table of one stage, from its manifest."""
    tables = as_mapping(as_mapping(outcome.manifest).get("tables"))
    if not tables:
        return count_lines(outcome)
    width = max(len(str(name)) for name in tables)
    lines = [
        f"Tables ({outcome.stage})",
        f"  {'table':<{width}}  {'rows':>12}  {'defects':>16}  top defect kinds",
    ]
    for name, table in tables.items():
        table = as_mapping(table)
        rows = table.get("rows")
        total, kinds = defect_totals(table.get("defects"))
        defects = "?"
        if "defects" in table:
            defects = f"{total:,}"
            if as_number(rows):
                defects += f" ({100.0 * total / rows:.1f}%)"
        top = ", ".join(f"{kind} {count:,}" for kind, count in kinds[:TOP_DEFECT_KINDS])
        if len(kinds) > TOP_DEFECT_KINDS:
            top += f", +{len(kinds) - TOP_DEFECT_KINDS} more kinds"
        line = f"  {str(name):<{width}}  {format_count(rows):>12}  {defects:>16}  {top or '-'}"
        lines.append(line.rstrip())
    return lines


def count_lines(outcome: StageOutcome) -> list[str]:
    """The run report's counts, for a stage whose manifest is missing."""
    counts = as_mapping(as_mapping(outcome.report).get("counts"))
    if not counts:
        return []
    width = max(len(str(name)) for name in counts)
    lines = [f"Counts ({outcome.stage}, from the run report; no manifest found)"]
    lines += [f"  {str(name):<{width}}  {format_count(value):>12}" for name, value in counts.items()]
    return lines


def silver_table_counts(report: object) -> dict[str, dict[str, float]]:
    """The silver job's counts per bronze table: 'customers.rule.x' -> {'customers': {'rule.x'}}.

    Counts without a table prefix (input_rows, output_rows, ...) are left out.
    """
    tables: dict[str, dict[str, float]] = {}
    for key, value in as_mapping(as_mapping(report).get("counts")).items():
        table, dot, name = str(key).partition(".")
        if dot and table and name and as_number(value) is not None:
            tables.setdefault(table, {})[name] = value
    return tables


def prefixed_counts(counts: Mapping[str, float], prefix: str) -> list[tuple[str, int]]:
    """The non-zero counts named ``prefix + id``, as (id, count), by count descending then id."""
    found = [
        (name[len(prefix):], int(value))
        for name, value in counts.items()
        if name.startswith(prefix) and value > 0
    ]
    found.sort(key=lambda item: (-item[1], item[0]))
    return found


def describe_dates(dates: object) -> str:
    """'30 bronze date(s), 2026-01-01..2026-01-30' from the job's 'dates' detail."""
    if not isinstance(dates, list):
        return "bronze dates not reported"
    if not dates:
        return "no bronze date to process"
    span = str(dates[0]) if len(dates) == 1 else f"{dates[0]}..{dates[-1]}"
    return f"{len(dates)} bronze date(s), {span}"


def share(part: object, whole: object) -> str:
    """' (1.2%)', or '' when either number is missing or the whole is zero."""
    if as_number(part) is None or not as_number(whole):
        return ""
    return f" ({100.0 * part / whole:.1f}%)"


def silver_lines(outcome: StageOutcome) -> list[str]:
    """What silver did per bronze table (read, accepted, quarantined, duplicates, top rules),
    the repairs, the reconciliation and the features date, from its run report."""
    report = as_mapping(outcome.report)
    details = as_mapping(report.get("details"))
    tables = silver_table_counts(report)
    if not tables and not details:
        return []
    lines = [f"Tables (silver: {describe_dates(details.get('dates'))})"]
    if tables:
        width = max(len("table"), *(len(name) for name in tables))
        lines.append(
            f"  {'table':<{width}}  {'read':>12}  {'accepted':>12}  {'quarantined':>18}  "
            f"{'duplicates':>12}  top quarantine rules"
        )
        for name, counts in tables.items():
            rows = counts.get("rows")
            quarantined = format_count(counts.get("quarantined"))
            quarantined += share(counts.get("quarantined"), rows)
            rules = prefixed_counts(counts, "rule.")
            top = ", ".join(f"{rule} {count:,}" for rule, count in rules[:TOP_DEFECT_KINDS])
            if len(rules) > TOP_DEFECT_KINDS:
                top += f", +{len(rules) - TOP_DEFECT_KINDS} more rules"
            line = (
                f"  {name:<{width}}  {format_count(rows):>12}  "
                f"{format_count(counts.get('accepted')):>12}  {quarantined:>18}  "
                f"{format_count(counts.get('duplicates')):>12}  {top or '-'}"
            )
            lines.append(line.rstrip())
        repairs = [
            f"{name} {', '.join(f'{kind} {count:,}' for kind, count in kinds)}"
            for name, counts in tables.items()
            if (kinds := prefixed_counts(counts, "repaired."))
        ]
        if repairs:
            lines.append(f"  repaired (accepted after cleaning): {'; '.join(repairs)}")
    if details.get("result"):
        lines.append(f"  result: {details['result']}")
    prefix = "skipped_"
    skipped = sorted(
        (key[len(prefix):], value) for key, value in details.items() if key.startswith(prefix)
    )
    lines += [f"  skipped {date}: {reason}" for date, reason in skipped]
    if details.get("reconciliation"):
        lines.append(f"  reconciliation: {details['reconciliation']}")
    if details.get("features_as_of"):
        lines.append(f"  customer features as of: {details['features_as_of']}")
    return lines


def gold_lines(outcome: StageOutcome) -> list[str]:
    """What gold recomputed, its reconciliation, the as-of date and the report, from its report."""
    report = as_mapping(outcome.report)
    details = as_mapping(report.get("details"))
    counts = as_mapping(report.get("counts"))
    if not details:
        return []
    dates = details.get("dates")
    described = describe_dates(dates).replace("bronze date", "date")
    if isinstance(dates, list) and not dates:
        described = "no date changed in silver"
    lines = [f"Tables (gold: {described})"]
    written = [
        (str(key)[: -len(".rows")], value)
        for key, value in counts.items()
        if str(key).endswith(".rows") and as_number(value) is not None
    ]
    lines += [f"  {CATALOG}.gold.{name:<22} {format_count(value):>12} rows written" for name, value in written]
    cleared = details.get("dates_cleared")
    if isinstance(cleared, list) and cleared:
        lines.append(f"  cleared (no longer in silver): {', '.join(map(str, cleared))}")
    if details.get("reconciliation"):
        lines.append(f"  reconciliation: {details['reconciliation']}")
    if details.get("as_of"):
        lines.append(f"  engagement and churn risk as of: {details['as_of']}")
    if details.get("report"):
        lines.append(f"  report: {details['report']}    (open it in a browser; no network needed)")
    return lines


MAINTENANCE_COUNTS = (
    ("tables", "tables"),
    ("tables_skipped", "tables skipped"),
    ("data_files_before", "data files before"),
    ("data_files_after", "data files after"),
    ("files_rewritten", "files compacted"),
    ("manifests_rewritten", "manifests rewritten"),
    ("snapshots_expired", "snapshots expired"),
    ("orphan_files_removed", "orphan files removed"),
)


def maintenance_lines(outcome: StageOutcome) -> list[str]:
    counts = as_mapping(as_mapping(outcome.report).get("counts"))
    found = [(label, counts[key]) for key, label in MAINTENANCE_COUNTS if key in counts]
    if not found:
        return []
    return ["Tables (maintenance)"] + [f"  {label:<22} {format_count(value):>10}" for label, value in found]


def stage_table_lines(outcome: StageOutcome) -> list[str]:
    if outcome.stage == "silver":
        return silver_lines(outcome)
    if outcome.stage == "gold":
        return gold_lines(outcome)
    if outcome.stage == "maintenance":
        return maintenance_lines(outcome)
    return table_lines(outcome)


def written_manifests(outcomes: Sequence[StageOutcome]) -> list[str]:
    return [outcome.manifest_path for outcome in outcomes if outcome.manifest_path and outcome.manifest]


def succeeded(outcomes: Sequence[StageOutcome], stage: str) -> bool:
    return any(o.stage == stage and o.exit_code == ExitCode.SUCCESS for o in outcomes)
