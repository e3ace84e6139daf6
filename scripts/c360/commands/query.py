"""``query``: one read-only statement on the lakehouse, the rows to standard output: Spark SQL on
the local lakehouse (the query class of the common module, shaded into every job jar), or Trino
SQL through Trino on the stack (``--target stack``).

Only the rows go to standard output (Maven's and Spark's messages go to standard error), so that
``--format csv > rows.csv`` gives a clean file.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Sequence

from c360 import build, jobs, launch, options as options_module
from c360.arguments import (
    EXIT_CODES_EPILOG,
    add_data_dir_option,
    add_spark_and_build_options,
    master_problem,
    whole_number,
)
from c360.console import error, log
from c360.errors import (
    ExitCode,
    InternalError,
    Interrupted,
    UsageError,
    describe_exit_code,
    process_exit_code,
)
from c360.lakehouse import CATALOG
from c360.options import QueryOptions
from c360.targets import TARGETS, local, stack, trino

QUERY_COMMAND = "query"
# Where `query` runs: Spark SQL locally, Trino on the stack (k8s: the trino CLI, DEPLOYMENT.md).
QUERY_TARGETS = ("local", "stack")
QUERY_FORMATS = ("table", "csv")
QUERY_MAX_LIMIT = 1_000_000
# First keywords of the statements `query` runs: it is for looking, not for changing tables.
READ_ONLY_KEYWORDS = (
    "SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "VALUES", "TABLE", "FROM"
)
# Query options that only the local target's Spark uses; Trino runs the stack's queries.
LOCAL_QUERY_OPTIONS = ("--data-dir", "--master", "--driver-memory", "--spark-conf", "--skip-build")
USAGE_HINT = f"Run with 'run_pipeline.py {QUERY_COMMAND} --help' for the accepted options."
SUMMARY = "query the lakehouse"
ERROR_PREFIX = None  # errors read "run_pipeline.py: error: ..."
PARSER_SETTINGS = dict(
    allow_abbrev=False,
    description=(
        "Run one read-only statement on the lakehouse and print the rows: Spark SQL on the "
        "local target, Trino SQL on the stack target. "
        f"Tables are in the Iceberg catalog '{CATALOG}', e.g. {CATALOG}.silver.customers, "
        f"{CATALOG}.silver.interactions, {CATALOG}.silver.quarantine, "
        f"{CATALOG}.audit.job_runs; SHOW TABLES IN {CATALOG}.silver lists them."
    ),
    epilog=EXIT_CODES_EPILOG + " A statement Spark rejects exits 2.",
)


def build_parser(prog: str = f"run_pipeline.py {QUERY_COMMAND}") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, **PARSER_SETTINGS)
    add_arguments(parser)
    return parser


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "sql",
        metavar="SQL",
        help=(
            "The statement, quoted as one argument, e.g. "
            f"\"SELECT * FROM {CATALOG}.silver.customers\"; it must start with "
            f"{', '.join(READ_ONLY_KEYWORDS)}."
        ),
    )
    add_data_dir_option(parser)
    parser.add_argument(
        "--format",
        choices=QUERY_FORMATS,
        default="table",
        help="table: aligned columns for reading; csv: a header line and the rows, for other "
        "tools (default: %(default)s).",
    )
    parser.add_argument(
        "--limit",
        type=whole_number(1, QUERY_MAX_LIMIT),
        default=100,
        metavar="N",
        help="Largest number of rows printed (default: %(default)s).",
    )
    parser.add_argument(
        "--target",
        choices=TARGETS,
        default="local",
        help=(
            "Where the lakehouse is: local (DATA_DIR/warehouse, Spark SQL) or stack (Trino of "
            "scripts/local-stack.sh; --data-dir and the Spark options do not apply) "
            "(default: %(default)s)."
        ),
    )
    add_spark_and_build_options(parser)


def options_from(namespace: argparse.Namespace, parser: argparse.ArgumentParser) -> QueryOptions:
    return options_module.query_options(namespace, parser)


def parse(argv: Sequence[str]) -> QueryOptions:
    """The options of a ``query`` command line (argparse exits on a bad one)."""
    parser = build_parser()
    return options_from(parser.parse_args(list(argv)), parser)


def query_target_problem(target: str) -> str | None:
    if target in QUERY_TARGETS:
        return None
    return (
        f"argument --target: '{target}' is not available for query: on Kubernetes the tables "
        "are read through the Trino that deploy.sh deploys, with the trino CLI over a "
        "port-forward (docs/DEPLOYMENT.md, step 4); "
        f"available: {', '.join(QUERY_TARGETS)}"
    )


def first_keyword(sql: str) -> str:
    """The first word of a statement, after comments, blanks and opening parentheses; upper case."""
    text = sql
    while True:
        text = text.lstrip().lstrip("(").lstrip()
        if text.startswith("--"):
            newline = text.find("\n")
            text = "" if newline < 0 else text[newline + 1:]
        elif text.startswith("/*"):
            close = text.find("*/")
            text = "" if close < 0 else text[close + 2:]
        else:
            break
    match = re.match(r"[A-Za-z]+", text)
    return match.group(0).upper() if match else ""


def sql_problem(sql: str) -> str | None:
    """Why ``query`` refuses a statement, or None: it must be present and read-only."""
    if not sql.strip():
        return (
            "argument SQL: the statement is empty; expected e.g. "
            f"\"SELECT * FROM {CATALOG}.silver.customers\""
        )
    keyword = first_keyword(sql)
    if keyword in READ_ONLY_KEYWORDS:
        return None
    shown = f"'{keyword}' statements are" if keyword else "this statement is"
    return (
        f"argument SQL: {shown} not run: query only reads; "
        f"expected a statement starting with {', '.join(READ_ONLY_KEYWORDS)}"
    )


def check_query_options(options: QueryOptions) -> list[str]:
    """Every problem of a query's options, one message each."""
    problems = [problem for problem in [query_target_problem(options.target)] if problem]
    problem = sql_problem(options.sql)
    if problem:
        problems.append(problem)
    problem = master_problem(options.target, options.spark.master)
    if problem:
        problems.append(problem)
    return problems


def query_problems(options: QueryOptions) -> list[str]:
    problems = check_query_options(options)
    if options.target == "stack":
        problems += [
            f"argument {option}: applies to --target local only; on the stack Trino runs the "
            "query on the tables in the metastore"
            for option in LOCAL_QUERY_OPTIONS
            if option.lstrip("-").replace("-", "_") in options.given
        ]
    return problems


def query_job_args(warehouse_dir: Path, sql: str, output_format: str, limit: int) -> list[str]:
    """The arguments of the query class (jobs.QUERY_MAIN_CLASS); the statement last."""
    return [
        "--warehouse", str(warehouse_dir),
        "--format", output_format,
        "--limit", str(limit),
        "--sql", sql,
    ]


def query_on_stack(options: QueryOptions) -> int:
    """The statement through the stack's Trino (catalog lakehouse); the rows to standard output.

    :raises StackUnavailable: the stack or its Trino does not answer
    :raises UsageError: Trino rejected the statement
    :raises InternalError: Trino failed it
    """
    settings = stack.load(os.environ, jobs.REPO_ROOT)
    if options.spark.dry_run:
        print(f"POST {settings.trino_url}/v1/statement  (catalog {settings.trino_catalog}): {options.sql}")
        return ExitCode.SUCCESS
    log(
        f"query through Trino at {settings.trino_url} ({options.output_format}, at most "
        f"{options.limit:,} rows)"
    )
    try:
        result = trino.trino_query(
            settings.trino_url, settings.trino_catalog, options.sql, options.limit
        )
    except trino.TrinoQueryError as failure:
        error_class = UsageError if failure.user_error else InternalError
        raise error_class(f"Trino: {failure}") from failure
    except KeyboardInterrupt:
        raise Interrupted("interrupted during the query") from None
    formatted = (
        trino.format_table(result) if options.output_format == "table"
        else trino.format_csv(result)
    )
    sys.stdout.write(formatted)
    sys.stdout.flush()
    return ExitCode.SUCCESS


def execute(options: QueryOptions) -> int:
    """Runs the statement; returns 0, or the query class's exit code.

    :raises UsageError: bad options or statement, no lakehouse, no java
    """
    problems = query_problems(options)
    if options.target == "stack":
        if problems:
            raise UsageError(*problems, hint=USAGE_HINT)
        return query_on_stack(options)
    data_dir = Path(options.data_dir).expanduser().resolve()
    problems += local.data_dir_problems(options.data_dir, data_dir)
    warehouse_dir = data_dir / "warehouse"
    if not problems and not warehouse_dir.is_dir():
        message = (
            f"argument --data-dir: there is no lakehouse in {data_dir} ({warehouse_dir} is "
            "missing); run the pipeline first (run_pipeline.py --stage full --data-dir "
            f"{shlex.quote(options.data_dir)}), or point --data-dir at its folder"
        )
        if options.spark.dry_run:
            log(f"warning: {message}")
        else:
            problems.append(message)
    if problems:
        raise UsageError(*problems, hint=USAGE_HINT)

    java = launch.require_java(os.environ)
    root = jobs.REPO_ROOT
    # Maven's output goes to standard error (descriptor 2): standard output carries the rows only.
    build.ensure_built(
        root, [jobs.QUERY_MODULE], options.spark.skip_build, options.spark.dry_run, maven_output=2
    )
    command = launch.job_command(
        options.spark, root, java, jobs.QUERY_MODULE, jobs.QUERY_MAIN_CLASS,
        query_job_args(warehouse_dir, options.sql, options.output_format, options.limit),
        local.lakehouse(options.spark.master, data_dir),
    )
    if options.spark.dry_run:
        print(shlex.join(command))
        return ExitCode.SUCCESS
    log(f"query on {warehouse_dir} ({options.output_format}, at most {options.limit:,} rows)")
    try:
        result = subprocess.run(
            command, cwd=data_dir, env=launch.local_job_environment(os.environ), check=False
        )
    except KeyboardInterrupt:
        raise Interrupted("interrupted during the query") from None
    if result.returncode != ExitCode.SUCCESS:
        error(
            f"the query failed with exit code {result.returncode}: "
            f"{describe_exit_code(result.returncode)}"
        )
    return process_exit_code(result.returncode)
