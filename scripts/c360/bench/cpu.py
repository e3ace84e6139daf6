"""CPU seconds of the stack's processes, per engine, for the stack benchmark's CPU ratios.

Spark's side: the processes this benchmark starts and waits for (the spark-submitted drivers,
``resource.getrusage(RUSAGE_CHILDREN)``) and the Spark master and workers with the executors they
started and reaped (a process's ``cutime``/``cstime`` in ``/proc/PID/stat`` hold its reaped
children's, proc(5)). Trino's side: the Trino server process. The metastore, S3 and PostgreSQL
serve both engines and are counted on neither.
"""

from __future__ import annotations

import dataclasses
import os
import resource
from pathlib import Path
from typing import Iterable, Mapping

SPARK_SERVICES = ("spark-master", "spark-worker-1", "spark-worker-2")
TRINO_SERVICES = ("trino",)


def stat_cpu_seconds(stat: str, clock_ticks: int) -> float:
    """utime + stime + cutime + cstime of one ``/proc/PID/stat`` line, in seconds (proc(5): fields
    14 to 17; the command name in parentheses may hold spaces, so fields count after its ')')."""
    fields = stat[stat.rindex(")") + 2:].split()
    # fields[0] is field 3 (state): field n is fields[n - 3].
    return sum(int(fields[n - 3]) for n in (14, 15, 16, 17)) / clock_ticks


def process_cpu_seconds(pid: int) -> float:
    """A process's CPU seconds and its reaped children's; 0 when the process is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except OSError:
        return 0.0
    return stat_cpu_seconds(stat, os.sysconf("SC_CLK_TCK"))


def children_cpu_seconds() -> float:
    """CPU seconds of this process's children that have ended and been waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclasses.dataclass(frozen=True)
class CpuSample:
    spark: float
    trino: float

    def minus(self, earlier: "CpuSample") -> "CpuSample":
        return CpuSample(self.spark - earlier.spark, self.trino - earlier.trino)


class CpuMeter:
    """Samples both engines' CPU seconds; the difference of two samples is a measure's CPU."""

    def __init__(self, pids: Mapping[str, int]):
        self.spark_pids = _pids_of(pids, SPARK_SERVICES)
        self.trino_pids = _pids_of(pids, TRINO_SERVICES)

    def sample(self) -> CpuSample:
        spark = children_cpu_seconds() + sum(process_cpu_seconds(p) for p in self.spark_pids)
        return CpuSample(spark, sum(process_cpu_seconds(p) for p in self.trino_pids))


def _pids_of(pids: Mapping[str, int], services: Iterable[str]) -> list[int]:
    return [pids[service] for service in services if service in pids]
