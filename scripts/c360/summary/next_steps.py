"""The summary's "Next" section: a fix to look for after a failure, else a look at the tables and a
bigger run."""

from __future__ import annotations

import math
import shlex
import signal
from typing import Sequence

from c360.arguments import DATE_PATTERN
from c360.errors import ExitCode
from c360.formatting import as_mapping, as_number
from c360.lakehouse import CATALOG, Lakehouse
from c360.stages import StageOutcome
from c360.summary.tables import silver_table_counts, succeeded, written_manifests
from c360.targets import stack

QUERY_COMMAND = "query"


# Shown after a successful silver run: a first look at the tables it wrote (Spark SQL; Trino SQL
# on the stack, where the queries go through Trino).
EXAMPLE_QUERIES = (
    (
        f"SELECT value_segment, count(*) AS customers FROM {CATALOG}.silver.customers "
        "GROUP BY value_segment ORDER BY customers DESC",
        "customers per value segment",
    ),
    (
        f"SELECT rule, count(*) AS quarantined FROM (SELECT explode(rule_ids) AS rule "
        f"FROM {CATALOG}.silver.quarantine) GROUP BY rule ORDER BY quarantined DESC",
        "quarantined rows per rule",
    ),
)


STACK_EXAMPLE_QUERIES = (
    EXAMPLE_QUERIES[0],
    (
        f"SELECT rule, count(*) AS quarantined FROM {CATALOG}.silver.quarantine "
        "CROSS JOIN UNNEST(rule_ids) AS r(rule) GROUP BY rule ORDER BY quarantined DESC",
        "quarantined rows per rule",
    ),
)


# Shown after a successful gold run (the same in Spark SQL and Trino SQL).
GOLD_EXAMPLE_QUERIES = (
    (
        f"SELECT customer_id, churn_risk_score, risk_band, main_drivers FROM {CATALOG}.gold.churn_risk "
        "ORDER BY churn_risk_score DESC LIMIT 10",
        "the ten customers most at risk, and why",
    ),
)


def query_command_line(script: str, sql: str, lakehouse: Lakehouse) -> str:
    quoted = " ".join(shlex.quote(part) for part in (script, QUERY_COMMAND, sql))
    if lakehouse.stack is not None:
        return f"python3 {quoted} --target stack"
    return f"python3 {quoted} --data-dir {shlex.quote(str(lakehouse.work_dir))}"


def where_option(lakehouse: Lakehouse) -> str:
    """The option that points a suggested pipeline command at the same lakehouse."""
    if lakehouse.stack is not None:
        return "--target stack"
    return f"--data-dir {shlex.quote(str(lakehouse.work_dir))}"


def suggested_reject_rate(report: object) -> float | None:
    """A --max-reject-rate that the quarantined shares of this report would pass (rounded up to
    the next hundredth), or None when the report has no shares."""
    shares = [
        counts["quarantined"] / counts["rows"]
        for counts in silver_table_counts(report).values()
        if as_number(counts.get("quarantined")) is not None and as_number(counts.get("rows"))
    ]
    if not shares:
        return None
    return min(1.0, math.floor(max(shares) * 100 + 1) / 100)


def silver_rerun_options(report: object) -> list[tuple[str, str]]:
    """The --dates and --as-of a silver run was given (from its report's parameters), to repeat
    them in a suggested command; the job reports its defaults in words, which are left out."""
    parameters = as_mapping(as_mapping(report).get("parameters"))
    options = []
    dates = parameters.get("dates")
    if isinstance(dates, str) and all(DATE_PATTERN.match(part) for part in dates.split("..")):
        options.append(("--dates", dates))
    as_of = parameters.get("as_of")
    if isinstance(as_of, str) and DATE_PATTERN.match(as_of):
        options.append(("--as-of", as_of))
    return options


def killing_signal(exit_code: int) -> str | None:
    """The signal that killed a job, from its exit code: -N from Python's subprocess, 128 + N from
    a shell or a container runtime (spark-submit is a shell script; Kubernetes reports 137 for a
    SIGKILL). None when the job exited by itself."""
    if exit_code < 0:
        number = -exit_code
    elif 128 < exit_code < 128 + 65:
        number = exit_code - 128
    else:
        return None
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def gate_failed(outcome: StageOutcome) -> bool:
    """Whether a silver exit 4 is the reject-rate gate (reconciliation passed or was not run)."""
    reconciliation = as_mapping(as_mapping(outcome.report).get("details")).get("reconciliation")
    return outcome.exit_code == ExitCode.DATA_QUALITY and (
        reconciliation is None or str(reconciliation).startswith("ok")
    )


def next_commands(
    outcomes: Sequence[StageOutcome], lakehouse: Lakehouse, script: str, interactions: int
) -> list[str]:
    """What to try after this run: a fix to look for after a failure, else a look and a bigger run."""
    run = f"python3 {shlex.quote(script)}"
    failed = [outcome for outcome in outcomes if outcome.exit_code != ExitCode.SUCCESS]
    if failed:
        code = failed[0].exit_code
        if code == ExitCode.USAGE:
            return [f"{run} --help    # the accepted options"]
        if code == ExitCode.EXTERNAL_UNAVAILABLE and lakehouse.stack is not None:
            return ["scripts/local-stack.sh status    # which server is down; then: up"]
        if code == ExitCode.EXTERNAL_UNAVAILABLE:
            return [
                f"ls -ld {shlex.quote(str(lakehouse.work_dir))}    "
                "# is the data folder reachable and writable?"
            ]
        if code == ExitCode.DATA_QUALITY and failed[0].stage == "silver" and gate_failed(failed[0]):
            rate = suggested_reject_rate(failed[0].report)
            same = "".join(f" {option} {shlex.quote(value)}" for option, value in
                           silver_rerun_options(failed[0].report))
            return [
                "read the data-quality failure and the quarantine rules above (nothing was committed)",
                f"{run} --stage silver{same} --max-reject-rate {rate if rate is not None else 'RATE'} "
                f"{where_option(lakehouse)}    # only if this bronze is meant to be so dirty",
            ]
        if code == ExitCode.DATA_QUALITY:
            return ["read the data-quality failure in the job output above, then re-run the stage"]
        killed_by = killing_signal(code)
        if killed_by is not None:
            return [
                f"the {failed[0].stage} job was killed by {killed_by} (stopped from outside: out of "
                "memory, a kill, an evicted pod), so there is no error or stack trace to read; "
                "every job is idempotent, so re-running the same command is safe",
                f"{run} --stage {failed[0].stage} --dry-run    # the exact commands it runs",
            ]
        return [
            "read the error and stack trace above; once the cause is fixed, re-run the same command",
            f"{run} --stage {failed[0].stage} --dry-run    # the exact commands it runs",
        ]
    commands = [
        f"python3 -m json.tool {shlex.quote(path)}    # every defect count, per day"
        for path in written_manifests(outcomes)
    ]
    if lakehouse.stack is not None:
        commands = [
            f"curl -s -K {shlex.quote(lakehouse.stack['CURL_S3_CONFIG'])} "
            f"--aws-sigv4 aws:amz:{lakehouse.stack['S3_REGION']}:s3 "
            f"{stack.s3_object_url(lakehouse.stack, path)} | python3 -m json.tool"
            "    # every defect count, per day"
            for path in written_manifests(outcomes)
        ]
    examples = EXAMPLE_QUERIES if lakehouse.stack is None else STACK_EXAMPLE_QUERIES
    if succeeded(outcomes, "silver"):
        commands += [
            f"{query_command_line(script, sql, lakehouse)}    # {what}" for sql, what in examples
        ]
    if succeeded(outcomes, "gold"):
        commands += [
            f"{query_command_line(script, sql, lakehouse)}    # {what}"
            for sql, what in GOLD_EXAMPLE_QUERIES
        ]
    bigger = 10 * interactions if interactions else 100_000
    stage = "full" if succeeded(outcomes, "silver") else "bronze"
    commands.append(
        f"{run} --stage {stage} --interactions {bigger} {where_option(lakehouse)}"
        "    # a bigger run"
    )
    return commands
