"""``benchmark --stage stack``: Spark against Trino on the servers of scripts/local-stack.sh.

Untimed set-up: bronze and silver run on the stack. Then, per round: gold as the gold job against
the same five tables as Trino CTAS, and silver's write of a batch's dates by Spark (the overwrite by
filter silver-build commits) against Trino's DELETE and INSERT of the same dates; then the checks
(the Trino gold tables against the job's, both writes' results against the expected table).
"""

from __future__ import annotations

import datetime
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Mapping, Sequence

from c360 import jobs, launch
from c360.bench.cpu import CpuMeter
from c360.bench.results import StackRound, load_average, result_lines, step_lines
from c360.bench.stack_sql import (
    GOLD_CHECKS,
    GOLD_TABLES,
    SILVER_SCHEMA,
    SPARK_GOLD_SCHEMA,
    TRINO_GOLD_SCHEMA,
    WRITE_DATE,
    WRITE_EVENT,
    WRITE_SCHEMA,
    WRITE_SOURCE,
    WRITE_TARGET,
    WRITE_WARM_UP,
    checksum_sql,
    comparison_sql,
    created_table,
    evaluate_comparison,
    expected_write_sql,
    fill_placeholders,
    sql_statements,
    trino_placeholders,
    trino_write_sql,
    verdict_lines,
    write_source_sql,
    write_target_sql,
)
from c360.commands import run
from c360.console import error
from c360.errors import CommandError, InternalError, Unavailable, UsageError
from c360.formatting import as_mapping, as_number
from c360.options import BenchmarkOptions
from c360.stages import STAGE_SPECS, run_stage
from c360.targets import stack, trino

LOCAL_STACK = "scripts/local-stack.sh"
STACK_SERVICES = ("s3", "metastore", "spark-master", "trino")


def run_pipeline(argv: Sequence[str]) -> int:
    """``run_pipeline.py ARGV``'s exit code (the set-up's bronze and silver runs)."""
    from c360.main import main  # imported here: c360.main imports the command that imports this

    return main(["run", *argv])


def report_errors(failure: CommandError) -> None:
    for message in failure.messages:
        error(message)


def parse_status(text: str) -> dict[str, str]:
    """``local-stack.sh status``: each service's state (running, stale, stopped)."""
    states = {}
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[1] in ("running", "stale", "stopped"):
            states[fields[0]] = fields[1]
    return states


def parse_pids(text: str) -> dict[str, int]:
    """``local-stack.sh status``: the pid of each running service."""
    pids = {}
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3 and fields[1] == "running" and fields[2].isdigit():
            pids[fields[0]] = int(fields[2])
    return pids


def not_running(states: Mapping[str, str]) -> list[str]:
    return [service for service, state in states.items() if state != "running"]


def parse_write_report(lines: Sequence[str]) -> dict | None:
    """The JSON line StackWriteBenchmark prints (``event`` = c360.bench_write)."""
    for line in reversed(lines):
        text = line.strip()
        if text.startswith("{") and WRITE_EVENT in text:
            try:
                value = json.loads(text)
            except json.JSONDecodeError:
                continue
            if isinstance(value, dict) and value.get("event") == WRITE_EVENT:
                return value
    return None


class StackBenchmark:
    """One run of --stage stack: the servers, the set-up, the rounds and the checks."""

    def __init__(self, options: BenchmarkOptions, root: Path, settings: stack.StackSettings,
                 java: str, cpu: CpuMeter):
        self.options = options
        self.root = root
        self.settings = settings
        self.java = java
        self.cpu = cpu
        self.catalog = settings.trino_catalog
        self.work_dir = Path(options.work_dir).resolve()


    def trino(self, sql: str, limit: int = 1000) -> trino.QueryResult:
        return trino.trino_query(self.settings.trino_url, self.catalog, sql, limit,
                                        timeout=1800.0)

    def timed_trino(self, sql: str) -> float:
        started = time.monotonic()
        self.trino(sql)
        return time.monotonic() - started

    def drop_tables(self, schema: str, tables: Sequence[str]) -> None:
        for table in tables:
            self.trino(f"DROP TABLE IF EXISTS {self.catalog}.{schema}.{table}")


    def pipeline_args(self, stage: str, *extra: str) -> list[str]:
        return ["--target", "stack", "--stage", stage, "--data-dir", str(self.work_dir),
                "--driver-memory", self.options.driver_memory, "--skip-build", *extra]

    def set_up(self) -> bool:
        volume = ["--interactions", str(self.options.interactions), "--days", str(self.options.days)]
        for stage, extra in (("bronze", volume), ("silver", [])):
            print(f"==> set-up (untimed): {stage} on the stack", flush=True)
            code = run_pipeline(self.pipeline_args(stage, *extra))
            if code != 0:
                print(f"benchmark.py: the {stage} set-up failed (exit code {code})",
                      file=sys.stderr)
                return False
        return True


    def spark_gold(self, result: StackRound) -> bool:
        options = run.parse(self.pipeline_args("gold", "--full-rebuild"))
        try:
            lakehouse = run.make_lakehouse(options, self.work_dir)
        except CommandError as failure:
            report_errors(failure)
            return False
        try:
            outcome = run_stage(STAGE_SPECS["gold"], options, self.root, lakehouse, self.java)
        except CommandError as failure:
            report_errors(failure)
            outcome = None
        if outcome is None or outcome.exit_code != 0 or not outcome.report:
            print("benchmark.py: the Spark gold job failed", file=sys.stderr)
            return False
        result.gold_wall_s = outcome.wall_ms / 1000.0
        result.gold_job_s = float(outcome.report.get("duration_ms", math.nan)) / 1000.0
        steps = as_mapping(outcome.report.get("durations_ms"))
        result.gold_steps = {name: float(ms) / 1000.0 for name, ms in steps.items()
                             if as_number(ms) is not None}
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


    def write_columns(self) -> list[str]:
        answer = self.trino(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = "
            f"'{SILVER_SCHEMA}' AND table_name = 'interactions' ORDER BY ordinal_position")
        return [row[0] for row in answer.rows]

    def reset_target(self, columns: Sequence[str], last: str) -> None:
        self.drop_tables(WRITE_SCHEMA, (WRITE_TARGET,))
        self.trino(write_target_sql(self.catalog, columns, last))

    def write_checksum(self, columns: Sequence[str]) -> tuple[int, str]:
        answer = self.trino(
            checksum_sql(f"{self.catalog}.{WRITE_SCHEMA}.{WRITE_TARGET}", columns))
        return int(answer.rows[0][0]), str(answer.rows[0][1])

    def spark_write_command(self, source: str, target: str, dates: Sequence[str]) -> list[str]:
        module = jobs.BENCH_WRITE_MODULE
        jar = self.root / module.jar
        return launch.local_job_command(
            java=self.java,
            jar=self.root / jobs.BENCH_JAR,
            # The gold job's shaded jar brings common and Iceberg (the benchmarks jar is thin).
            runtime_classpath=[str(jar), *launch.read_runtime_classpath(self.root, module)],
            main_class=jobs.BENCH_WRITE_MAIN_CLASS,
            master=self.settings.master_url,
            driver_memory=self.options.driver_memory,
            spark_confs=[("spark.jars", str(jar))],
            log4j_config=self.root / launch.LOG4J_CONFIG,
            job_args=["--warehouse", self.settings.warehouse,
                      "--metastore-uri", self.settings.metastore_uri, "--source", source,
                      "--target", target, "--dates", ",".join(dates),
                      "--warm-up", WRITE_WARM_UP.format(catalog=self.catalog)],
            properties_file=self.settings.properties_file,
        )

    def spark_write(self, result: StackRound, source: str, target: str,
                    dates: Sequence[str]) -> bool:
        command = self.spark_write_command(source, target, dates)
        started = time.monotonic()
        completed = subprocess.run(
            command, cwd=self.work_dir, env=launch.local_job_environment(os.environ),
            stdout=subprocess.PIPE, text=True, encoding="utf-8", errors="replace", check=False)
        result.spark_write_wall_s = time.monotonic() - started
        report = parse_write_report(completed.stdout.splitlines())
        if completed.returncode != 0 or report is None:
            print(completed.stdout, end="")
            print(f"benchmark.py: Spark's write failed (exit code {completed.returncode})",
                  file=sys.stderr)
            return False
        result.spark_write_s = float(report["write_ms"]) / 1000.0
        result.spark_write_warm_up_s = float(report.get("warm_up_ms", math.nan)) / 1000.0
        return True


    def run(self) -> int:
        if not self.options.skip_setup and not self.set_up():
            return 1
        volume = self.trino(
            f"SELECT count(*), CAST(min({WRITE_DATE}) AS varchar), CAST(max({WRITE_DATE}) AS "
            f"varchar), count(DISTINCT {WRITE_DATE}) FROM {self.catalog}.{SILVER_SCHEMA}."
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

        text = (self.root / jobs.GOLD_TRINO_SQL).read_text(encoding="utf-8")
        placeholders = trino_placeholders(self.catalog)
        statements = [fill_placeholders(s, placeholders) for s in sql_statements(text)]

        columns = self.write_columns()
        self.trino(f"CREATE SCHEMA IF NOT EXISTS {self.catalog}.{WRITE_SCHEMA}")
        self.drop_tables(WRITE_SCHEMA, (WRITE_SOURCE,))
        self.trino(write_source_sql(self.catalog, columns, last, previous))
        source_rows = int(self.trino(
            f"SELECT count(*) FROM {self.catalog}.{WRITE_SCHEMA}.{WRITE_SOURCE}").rows[0][0])
        expected = self.trino(expected_write_sql(self.catalog, columns, previous)).rows[0]
        expected_sum = (int(expected[0]), str(expected[1]))
        target = f"{self.catalog}.{WRITE_SCHEMA}.{WRITE_TARGET}"
        source = f"{self.catalog}.{WRITE_SCHEMA}.{WRITE_SOURCE}"
        dates = [previous, last]
        trino_statements = trino_write_sql(target, source, columns, dates)
        print(f"==> write: target = silver.interactions before {last}; source {source_rows:,} rows"
              f" ({previous} and {last}, a fifth of {previous} changed)", flush=True)

        rounds: list[StackRound] = []
        writes_ok = True
        for number in range(1, self.options.repeats + 1):
            result = StackRound()
            print(f"==> round {number}/{self.options.repeats}: Spark gold (load {load_average()})",
                  flush=True)
            before = self.cpu.sample()
            if not self.spark_gold(result):
                return 1
            result.gold_cpu_s = self.cpu.sample().minus(before).spark
            print(f"==> round {number}: Trino gold (load {load_average()})", flush=True)
            before = self.cpu.sample()
            self.trino_gold(result, statements)
            result.trino_gold_cpu_s = self.cpu.sample().minus(before).trino
            print(f"==> round {number}: Spark write (load {load_average()})", flush=True)
            self.reset_target(columns, last)
            before = self.cpu.sample()
            if not self.spark_write(result, source, target, dates):
                return 1
            result.spark_write_cpu_s = self.cpu.sample().minus(before).spark
            spark_sum = self.write_checksum(columns)
            print(f"==> round {number}: Trino write (load {load_average()})", flush=True)
            self.reset_target(columns, last)
            before = self.cpu.sample()
            result.trino_write_s = sum(self.timed_trino(sql) for sql in trino_statements)
            result.trino_write_cpu_s = self.cpu.sample().minus(before).trino
            trino_sum = self.write_checksum(columns)
            same = spark_sum == trino_sum == expected_sum
            writes_ok &= same
            print(f"    round {number}: gold job {result.gold_job_s:.1f} s (spark-submit "
                  f"{result.gold_wall_s:.1f} s), Trino gold {result.trino_gold_s:.1f} s; write "
                  f"Spark {result.spark_write_s:.1f} s (after a {result.spark_write_warm_up_s:.1f}"
                  f" s warm-up; spark-submit {result.spark_write_wall_s:.1f} s), Trino "
                  f"{result.trino_write_s:.1f} s; "
                  f"write results {'equal' if same else 'DIFFERENT'} (rows, checksum: Spark "
                  f"{spark_sum}, Trino {trino_sum}, expected {expected_sum})", flush=True)
            rounds.append(result)

        gold_ok = self.compare_gold()
        print()
        print(f"Results: {self.options.repeats} round(s); silver {rows:,} interactions over {days} "
              f"dates, {int(customers):,} customers; write source {source_rows:,} rows; ratio ="
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
        print("Write results: " + (
            "equal to the expected table on both engines in every round" if writes_ok
            else "DIFFERENT (rounds above)"))
        print(f"load average at the end: {load_average()}")
        if not (gold_ok and writes_ok):
            print("benchmark.py: the engines' results differ (above)", file=sys.stderr)
            return 1
        return 0


def local_stack(root: Path, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(root / LOCAL_STACK), *command], cwd=root, check=False,
                          stdout=subprocess.PIPE, text=True)


def run_stack(options: BenchmarkOptions, root: Path, java: str) -> int:
    """--stage stack: starts the stack when needed (and stops what it started), then runs.

    :raises UsageError: a jar or classpath the benchmark needs is missing
    :raises Unavailable: the stack cannot be started or does not answer
    :raises InternalError: Trino failed a statement
    """
    for needed in (jobs.BENCH_JAR, jobs.BENCH_WRITE_MODULE.jar,
                   jobs.BENCH_WRITE_MODULE.runtime_classpath):
        if not (root / needed).is_file():
            raise UsageError(f"{needed} is missing; run without --skip-build")
    print(f"==> load average at the start: {load_average()}", flush=True)
    started = not_running(parse_status(local_stack(root, "status").stdout))
    if started:
        print(f"==> starting the stack's stopped services: {' '.join(started)}", flush=True)
        if local_stack(root, "up", *started).returncode != 0:
            local_stack(root, "down", *started)
            raise Unavailable("scripts/local-stack.sh up failed; see its logs")
    try:
        settings = stack.load(os.environ, root)
        stack.require_services(settings, STACK_SERVICES)
        Path(options.work_dir).mkdir(parents=True, exist_ok=True)
        pids = parse_pids(local_stack(root, "status").stdout)
        try:
            return StackBenchmark(options, root, settings, java, CpuMeter(pids)).run()
        except (trino.TrinoQueryError, stack.StackUnavailable) as failure:
            raise InternalError(f"Trino: {failure}") from failure
    finally:
        if started:
            print(f"==> stopping what the benchmark started: {' '.join(started)}", flush=True)
            local_stack(root, "down", *started)
