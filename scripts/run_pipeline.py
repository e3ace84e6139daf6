#!/usr/bin/env python3
"""Runs the Customer 360 lakehouse pipeline, or one SQL query (``run_pipeline.py query``): the
entry point of the c360 package beside this script (scripts/c360/main.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from c360.main import main  # noqa: E402  (needs the path above)

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
