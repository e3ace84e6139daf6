"""The local target: the lakehouse in a data folder, every job in one JVM on this machine."""

from __future__ import annotations

import json
from pathlib import Path

from c360.errors import UsageError
from c360.lakehouse import Lakehouse

DEFAULT_MASTER = "local[*]"


def lakehouse(master: str | None, data_dir: Path) -> Lakehouse:
    return Lakehouse(
        target="local",
        work_dir=data_dir,
        bronze=str(data_dir / "bronze"),
        warehouse=str(data_dir / "warehouse"),
        master=master or DEFAULT_MASTER,
    )


def data_dir_problems(given: str, data_dir: Path) -> list[str]:
    if data_dir.exists() and not data_dir.is_dir():
        return [f"argument --data-dir: '{given}' is a file; expected a folder (new or existing)"]
    return []


def read_manifest(path: Path) -> dict | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    return value if isinstance(value, dict) else None


def require_bronze(lakehouse: Lakehouse, stage: str) -> None:
    """Locally, that bronze ran before (the stack's jobs check their inputs themselves)."""
    if lakehouse.stack is None and not Path(lakehouse.bronze).is_dir():
        raise UsageError(
            f"there is no bronze data in {lakehouse.bronze}; run --stage bronze (or full) first, "
            "with the same --data-dir"
        )


def require_silver(lakehouse: Lakehouse, stage: str) -> None:
    """Locally, that silver ran before (the stack's jobs say so themselves: its tables are in the
    metastore)."""
    if lakehouse.stack is None and not (Path(lakehouse.warehouse) / "silver").is_dir():
        raise UsageError(
            f"there are no silver tables in {lakehouse.warehouse}; run --stage silver (or "
            f"full) first, with the same --data-dir, before --stage {stage}"
        )
