"""Every Java module, main class, jar and resource path the commands run: the one place to change
when a class or module moves."""

from __future__ import annotations

import dataclasses
from pathlib import Path

# The repository: jars, build inputs and resources are relative to it.
REPO_ROOT = Path(__file__).resolve().parent.parent.parent

VERSION = "0.1.0-SNAPSHOT"


@dataclasses.dataclass(frozen=True)
class JobModule:
    """A Maven module that builds one shaded job jar, and the main class the pipeline runs in it."""

    name: str
    main_class: str
    # A change under any of these (relative to the repository root) makes the jar stale.
    build_inputs: tuple[str, ...]

    @property
    def jar(self) -> str:
        return f"{self.name}/target/{self.name}-{VERSION}.jar"

    @property
    def runtime_classpath(self) -> str:
        """Written by the Maven build: one line, the `provided` jars (Spark, Hadoop, AWS SDK)."""
        return f"{self.name}/target/spark-runtime.classpath"


def module_build_inputs(module: str) -> tuple[str, ...]:
    """What a job jar is built from: the parent POM, common (shaded into it) and the module."""
    return (
        "pom.xml", "common/pom.xml", "common/src/main", f"{module}/pom.xml", f"{module}/src/main"
    )


BRONZE_MODULE = "bronze-ingest"
SILVER_MODULE = "silver-build"
GOLD_MODULE = "gold-finalize"
OPS_MODULE = "lakehouse-ops"
BUILD_INPUTS = {
    name: module_build_inputs(name)
    for name in (BRONZE_MODULE, SILVER_MODULE, GOLD_MODULE, OPS_MODULE)
}
BRONZE = JobModule(BRONZE_MODULE, "io.c360.bronze.BronzeIngestMain", BUILD_INPUTS[BRONZE_MODULE])
SILVER = JobModule(SILVER_MODULE, "io.c360.silver.SilverBuildMain", BUILD_INPUTS[SILVER_MODULE])
GOLD = JobModule(GOLD_MODULE, "io.c360.gold.GoldFinalizeMain", BUILD_INPUTS[GOLD_MODULE])
# lakehouse-ops: what works on every layer's tables rather than building one. The maintenance
# job (every silver, gold and audit table) and the read-only query class share its jar.
OPS = JobModule(
    OPS_MODULE, "io.c360.ops.maintenance.TableMaintenanceMain", BUILD_INPUTS[OPS_MODULE]
)
MAINTENANCE_MODULE = OPS
MAINTENANCE_MAIN_CLASS = OPS.main_class
QUERY_MODULE = OPS
QUERY_MAIN_CLASS = "io.c360.ops.query.QueryMain"

# The benchmarks: a thin jar on the classpath its own build writes.
BENCH_MODULE = "benchmarks"
BENCH_JAR = f"{BENCH_MODULE}/target/{BENCH_MODULE}-{VERSION}.jar"
BENCH_CLASSPATH = f"{BENCH_MODULE}/target/benchmark.classpath"
BENCH_BRONZE_MAIN_CLASS = "io.c360.bench.bronze.BronzeBenchmark"
BENCH_LAYOUT_MAIN_CLASS = "io.c360.bench.bronze.ParquetLayoutBenchmark"
BENCH_SILVER_MAIN_CLASS = "io.c360.bench.silver.SilverBenchmark"
BENCH_GOLD_MAIN_CLASS = "io.c360.bench.gold.GoldBenchmark"
BENCH_WRITE_MAIN_CLASS = "io.c360.bench.stack.StackWriteBenchmark"
# The stack benchmark's module for its Spark write: the gold jar brings common and Iceberg.
BENCH_WRITE_MODULE = GOLD
# Trino's side of the stack benchmark's gold (the translation of gold-duckdb.sql).
GOLD_TRINO_SQL = "benchmarks/src/main/resources/io/c360/bench/gold/gold-trino.sql"

# Apache DataFusion Comet, opt-in (--comet; docs/TUNING.md): the jar Maven resolved for common's
# tests, one path a line, and the Spark setting that turns Comet's settings on in SparkSessions
# (common/.../session/CometSettings.java).
COMET_MODULE = "common"
COMET_CLASSPATH = f"{COMET_MODULE}/target/comet.classpath"
COMET_SWITCH = "spark.c360.comet.enabled"
