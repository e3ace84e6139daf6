#!/usr/bin/env python3
"""The benchmark command of docs/BENCHMARKS.md: the entry point of the c360 package beside this
script (``run_pipeline.py benchmark`` runs the same command)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from c360.main import main  # noqa: E402  (needs the path above)

if __name__ == "__main__":
    sys.exit(main(["benchmark", *sys.argv[1:]], prog="benchmark.py"))
