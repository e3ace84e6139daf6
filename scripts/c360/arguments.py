"""Argument types and the options that several commands share (run, query, benchmark, k8s).

Each type converts one command-line value or raises :class:`argparse.ArgumentTypeError` with a
message naming what is accepted; argparse prefixes it with the option.
"""

from __future__ import annotations

import argparse
import datetime
import math
import re
from typing import Callable, Sequence

DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MEMORY_PATTERN = re.compile(r"^[1-9][0-9]*[mMgG]$")
SPARK_CONF_KEY_PATTERN = re.compile(r"^[A-Za-z0-9_.\-]+$")
# Spark settings that the commands set from their own options; --spark-conf must not fight them.
RESERVED_SPARK_CONF = {
    "spark.master": "--master",
    "spark.driver.memory": "--driver-memory",
}
EXIT_CODES_EPILOG = (
    "Exit codes: 0 success, 1 internal error, 2 bad usage or configuration, "
    "3 an external system unreachable, 4 a data-quality gate failed."
)


def whole_number(minimum: int | None, maximum: int | None = None) -> Callable[[str], int]:
    """An argparse type: an integer, at least ``minimum`` and at most ``maximum`` when given."""

    def convert(text: str) -> int:
        accepted = "a whole number"
        if minimum is not None and maximum is not None:
            accepted = f"a whole number from {minimum} to {maximum:,}"
        elif minimum is not None:
            accepted = f"a whole number >= {minimum}"
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"'{text}' is not accepted; expected {accepted}"
            ) from None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            raise argparse.ArgumentTypeError(f"'{text}' is not accepted; expected {accepted}")
        return value

    return convert


def fraction(text: str) -> float:
    """An argparse type: a number from 0 to 1 inclusive."""
    accepted = "a number from 0 to 1, e.g. 0.02"
    try:
        value = float(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not accepted; expected {accepted}") from None
    if math.isnan(value) or value < 0.0 or value > 1.0:
        raise argparse.ArgumentTypeError(f"'{text}' is not accepted; expected {accepted}")
    return value


def iso_date(text: str) -> datetime.date:
    """An argparse type: a calendar date written YYYY-MM-DD."""
    accepted = "a date written YYYY-MM-DD, e.g. 2026-01-01"
    if not DATE_PATTERN.match(text.strip()):
        raise argparse.ArgumentTypeError(f"'{text}' is not accepted; expected {accepted}")
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not accepted; it is not a calendar date (expected {accepted})"
        ) from None


def date_range(text: str) -> tuple[datetime.date, datetime.date]:
    """An argparse type: FIRST or FIRST..LAST, dates written YYYY-MM-DD, LAST not before FIRST."""
    accepted = "FIRST or FIRST..LAST, e.g. 2026-01-01..2026-01-07"
    parts = text.strip().split("..")
    if len(parts) > 2 or not all(DATE_PATTERN.match(part.strip()) for part in parts):
        raise argparse.ArgumentTypeError(f"'{text}' is not accepted; expected {accepted}")
    try:
        dates = [datetime.date.fromisoformat(part.strip()) for part in parts]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not accepted; it names a day that is not a calendar date"
        ) from None
    first, last = dates[0], dates[-1]
    if last < first:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not accepted; its last date is before its first"
        )
    return first, last


def format_date_range(dates: tuple[datetime.date, datetime.date]) -> str:
    """The inverse of :func:`date_range`: one date when FIRST is LAST."""
    first, last = dates
    return first.isoformat() if first == last else f"{first.isoformat()}..{last.isoformat()}"


def memory_size(text: str) -> str:
    """An argparse type: a JVM heap size with an m or g suffix."""
    if not MEMORY_PATTERN.match(text.strip()):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not accepted; expected a size with a unit, e.g. 512m or 4g"
        )
    return text.strip()


def spark_conf(text: str) -> tuple[str, str]:
    """An argparse type: one Spark setting written KEY=VALUE."""
    key, separator, value = text.partition("=")
    key = key.strip()
    if not separator or not key or not SPARK_CONF_KEY_PATTERN.match(key):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not accepted; expected KEY=VALUE, e.g. spark.sql.shuffle.partitions=8"
        )
    if key in RESERVED_SPARK_CONF:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not accepted; set {key} with {RESERVED_SPARK_CONF[key]} instead"
        )
    return key, value


def stage_override(stages: Sequence[str]) -> Callable[[str], tuple[str, str, str | None]]:
    """An argparse type: ``stage:--option=value`` -> (stage, option, value), ``stage:--flag`` ->
    (stage, flag, None), for one of ``stages``."""

    def convert(text: str) -> tuple[str, str, str | None]:
        stage, separator, rest = text.partition(":")
        option, equals, value = rest.partition("=")
        if not separator or stage not in stages or not option.startswith("--") or option == "--":
            raise argparse.ArgumentTypeError(
                f"'{text}' is not STAGE:--option=value or STAGE:--flag with STAGE one of "
                f"{', '.join(stages)}"
            )
        return stage, option, value if equals else None

    return convert


def add_data_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        default="./lakehouse-data",
        help=(
            "Folder of the lakehouse: bronze goes to DATA_DIR/bronze, the Iceberg warehouse "
            "is DATA_DIR/warehouse. On --target stack the data is in the stack's buckets and "
            "this folder only holds the gold report and the jobs' working files. Relative to "
            "the current directory (default: %(default)s)."
        ),
    )


def add_spark_and_build_options(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """Options every job JVM shares: Spark settings, build and dry run."""
    parser.add_argument(
        "--master",
        default=None,
        help=(
            "Spark master. --target local: local, local[N] or local[*] (default: local[*]); "
            "--target stack: the stack's standalone master (default), spark://HOST:PORT, or "
            "local[...] to run the jobs in one JVM against the stack's servers."
        ),
    )
    parser.add_argument(
        "--driver-memory",
        type=memory_size,
        default="2g",
        help="Heap of the driver JVM, which runs everything in local mode (default: %(default)s).",
    )
    parser.add_argument(
        "--spark-conf",
        type=spark_conf,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="A Spark setting passed to every job as --conf KEY=VALUE; repeatable.",
    )
    parser.add_argument(
        "--skip-build",
        action="store_true",
        help="Do not run Maven; use the jars already in */target (fails if they are missing).",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="Print the build and job commands that would run, and exit without running them.",
    )


LOCAL_MASTER_PATTERN = re.compile(r"^local(\[(\*|[1-9][0-9]*)(,[1-9][0-9]*)?\])?$")
STANDALONE_MASTER_PATTERN = re.compile(r"^spark://[^/:\s]+:[0-9]+$")


def master_problem(target: str, master: str | None) -> str | None:
    """Why ``--master`` does not fit ``--target``, or None."""
    if master is None:
        return None
    if target == "local" and not LOCAL_MASTER_PATTERN.match(master):
        return (
            f"argument --master: '{master}' is not accepted with --target local; "
            "expected local, local[N] or local[*]"
        )
    if target == "stack" and not (
        LOCAL_MASTER_PATTERN.match(master) or STANDALONE_MASTER_PATTERN.match(master)
    ):
        return (
            f"argument --master: '{master}' is not accepted with --target stack; expected "
            "spark://HOST:PORT (default: the stack's master) or local, local[N], local[*]"
        )
    return None
