"""Where a run's data is and how its jobs reach it (the targets build it)."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from c360.targets.stack import StackSettings

# The one Iceberg catalog every job and query uses (io.c360.common.naming.Tables.CATALOG).
CATALOG = "lakehouse"


def end_date(start: datetime.date, days: int) -> datetime.date:
    return start + datetime.timedelta(days=days - 1)


@dataclasses.dataclass(frozen=True)
class Lakehouse:
    """Where a run's data is and how its jobs reach it: the local target's data folder, or the
    stack's buckets, metastore and Spark master."""

    target: str
    # The jobs' working folder (the driver runs here) and the home of the gold report.
    work_dir: Path
    bronze: str
    warehouse: str
    master: str
    metastore_uri: str | None = None
    stack: StackSettings | None = None

    def catalog_args(self) -> list[str]:
        """The arguments every job takes to find the Iceberg catalog."""
        catalog = ["--target", self.target, "--warehouse", self.warehouse]
        if self.metastore_uri:
            catalog += ["--metastore-uri", self.metastore_uri]
        return catalog

    def manifest_location(self, start: datetime.date, days: int) -> str:
        """Where the bronze job writes the manifest of a run (BronzeManifest.location)."""
        name = f"{start.isoformat()}_{end_date(start, days).isoformat()}.json"
        return f"{self.bronze}/_manifests/{name}"
