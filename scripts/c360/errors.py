"""Exit codes, and the exceptions that carry them up to :func:`c360.main.main`."""

from __future__ import annotations

import enum
import signal
from typing import Sequence


class ExitCode(enum.IntEnum):
    """The exit codes of every job (common/src/main/java/io/c360/common/cli/ExitCode.java); the
    commands exit with the same codes."""

    SUCCESS = 0
    INTERNAL_ERROR = 1
    USAGE = 2
    EXTERNAL_UNAVAILABLE = 3
    DATA_QUALITY = 4


# Interrupted with Ctrl-C: 128 + SIGINT, as a shell reports it.
INTERRUPTED = 130

EXIT_CODE_MEANINGS = {
    ExitCode.SUCCESS: "success",
    ExitCode.INTERNAL_ERROR: (
        "internal error (a bug or an unexpected failure; see the stack trace above)"
    ),
    ExitCode.USAGE: "bad usage or configuration (nothing was read or written)",
    ExitCode.EXTERNAL_UNAVAILABLE: (
        "an external system (S3, the metastore, a file system) could not be reached"
    ),
    ExitCode.DATA_QUALITY: "a data-quality gate failed (nothing was committed)",
}


def describe_exit_code(code: int) -> str:
    if code in EXIT_CODE_MEANINGS:
        return EXIT_CODE_MEANINGS[code]
    if code < 0:
        return f"killed by signal {signal_name(-code)}"
    if code > 128:
        return (
            f"unexpected exit code (128 + {code - 128}: "
            f"probably killed by signal {signal_name(code - 128)})"
        )
    return "unexpected exit code"


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return str(number)


def process_exit_code(code: int) -> int:
    """A child's exit code as ours: killed by signal N (negative) becomes 128 + N."""
    return 128 - code if code < 0 else code


class CommandError(Exception):
    """Stops a command: ``messages`` go to standard error (each as an error line), then ``hint``
    when given, and the command exits with ``exit_code``."""

    exit_code: int = ExitCode.INTERNAL_ERROR

    def __init__(self, *messages: str, hint: str | None = None) -> None:
        super().__init__("; ".join(messages))
        self.messages: Sequence[str] = messages
        self.hint = hint


class InternalError(CommandError):
    """A step failed unexpectedly (a build, a benchmark check)."""

    exit_code = ExitCode.INTERNAL_ERROR


class UsageError(CommandError):
    """Bad options or configuration; nothing was run."""

    exit_code = ExitCode.USAGE


class Unavailable(CommandError):
    """An external system (the local stack, Trino, kubectl) cannot be reached."""

    exit_code = ExitCode.EXTERNAL_UNAVAILABLE


class Interrupted(CommandError):
    """Ctrl-C; the message says what was interrupted and what keeps running."""

    exit_code = INTERRUPTED
