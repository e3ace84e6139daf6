"""Progress and error lines on standard error (standard output carries results only)."""

from __future__ import annotations

import sys

PROGRAM = "run_pipeline.py"


def log(message: str) -> None:
    print(f"[run_pipeline] {message}", file=sys.stderr, flush=True)


def error(message: str, program: str = PROGRAM) -> None:
    print(f"{program}: error: {message}", file=sys.stderr, flush=True)
