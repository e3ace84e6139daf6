"""The command line: ``run`` (the default), ``query`` and ``benchmark``, as argparse subcommands.

Each command's Namespace becomes its frozen options (:mod:`c360.options`) and its ``execute``
returns the exit code; a :class:`~c360.errors.CommandError` raised anywhere below is reported here,
once, and becomes the exit code it carries.
"""

from __future__ import annotations

import argparse
import sys
from types import ModuleType
from typing import Sequence

from c360.commands import benchmark, query, run
from c360.console import error
from c360.errors import CommandError, ExitCode

COMMANDS: dict[str, ModuleType] = {"run": run, "query": query, "benchmark": benchmark}
# The command an entry point runs when its command line names none; the entry point's own name is
# that command's program name in usage and help.
DEFAULT_COMMANDS = {"run_pipeline.py": "run", "benchmark.py": "benchmark"}
PIPELINE_PROGRAM = "run_pipeline.py"


def command_parsers(prog: str) -> dict[str, argparse.ArgumentParser]:
    """The parser of each command, as subparsers of ``prog``'s."""
    parser = argparse.ArgumentParser(prog=prog, allow_abbrev=False)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    default = DEFAULT_COMMANDS.get(prog)
    for name, command in COMMANDS.items():
        subparser = subparsers.add_parser(
            name,
            prog=prog if name == default else f"{prog} {name}",
            help=command.SUMMARY,
            **command.PARSER_SETTINGS,
        )
        command.add_arguments(subparser)
    return subparsers.choices


def main(argv: Sequence[str] | None = None, prog: str = PIPELINE_PROGRAM) -> int:
    """Runs the command ``argv`` names (``run`` when its first word names none); returns the exit
    code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    name = argv[0] if argv and argv[0] in COMMANDS else DEFAULT_COMMANDS.get(prog, "run")
    arguments = argv[1:] if argv and argv[0] == name else argv
    command = COMMANDS[name]
    # Each command's parser parses its own arguments, so that its errors show its own usage.
    parser = command_parsers(prog)[name]
    try:
        options = command.options_from(parser.parse_args(arguments), parser)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else ExitCode.USAGE
    try:
        return command.execute(options)
    except CommandError as failure:
        for message in failure.messages:
            if command.ERROR_PREFIX is None:
                error(message)
            else:
                print(f"{command.ERROR_PREFIX}{message}", file=sys.stderr, flush=True)
        if failure.hint:
            print(failure.hint, file=sys.stderr)
        return failure.exit_code
