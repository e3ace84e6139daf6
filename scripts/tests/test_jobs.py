"""Unit tests of c360/jobs.py: the job modules, their jars and build inputs, and the benchmarks'."""

import unittest

import helpers  # noqa: F401  (the package on the path)

from c360 import jobs
from c360.jobs import BRONZE, SILVER


class JobModulesTest(unittest.TestCase):
    def test_modules(self):
        self.assertEqual(BRONZE.jar, "bronze-ingest/target/bronze-ingest-0.1.0-SNAPSHOT.jar")
        self.assertEqual(BRONZE.main_class, "io.c360.bronze.BronzeIngestMain")
        self.assertEqual(SILVER.jar, "silver-build/target/silver-build-0.1.0-SNAPSHOT.jar")
        self.assertEqual(SILVER.runtime_classpath, "silver-build/target/spark-runtime.classpath")
        self.assertEqual(SILVER.main_class, "io.c360.silver.SilverBuildMain")
        self.assertEqual(jobs.OPS.jar, "lakehouse-ops/target/lakehouse-ops-0.1.0-SNAPSHOT.jar")
        self.assertIs(jobs.MAINTENANCE_MODULE, jobs.OPS)
        self.assertIs(jobs.QUERY_MODULE, jobs.OPS)

    def test_build_inputs_per_module(self):
        # Each jar shades common: a change there makes both stale; a module's own change only its own.
        self.assertEqual(
            jobs.BUILD_INPUTS["silver-build"],
            ("pom.xml", "common/pom.xml", "common/src/main", "silver-build/pom.xml", "silver-build/src/main"),
        )
        self.assertEqual(BRONZE.build_inputs, jobs.BUILD_INPUTS["bronze-ingest"])
        self.assertIn("bronze-ingest/src/main", BRONZE.build_inputs)
        self.assertNotIn("bronze-ingest/src/main", SILVER.build_inputs)

    def test_every_named_file_is_in_the_repository(self):
        for path in (jobs.GOLD_TRINO_SQL, "benchmarks/pom.xml", *(f"{m.name}/pom.xml" for m in (BRONZE, SILVER, jobs.GOLD, jobs.OPS))):
            self.assertTrue((jobs.REPO_ROOT / path).is_file(), path)

    def test_every_main_class_is_a_java_source(self):
        classes = [BRONZE.main_class, SILVER.main_class, jobs.GOLD.main_class, jobs.MAINTENANCE_MAIN_CLASS,
                   jobs.QUERY_MAIN_CLASS, jobs.BENCH_BRONZE_MAIN_CLASS, jobs.BENCH_LAYOUT_MAIN_CLASS,
                   jobs.BENCH_SILVER_MAIN_CLASS, jobs.BENCH_GOLD_MAIN_CLASS, jobs.BENCH_WRITE_MAIN_CLASS]
        sources = {path.relative_to(jobs.REPO_ROOT).as_posix().split("/src/main/java/")[1].removesuffix(".java").replace("/", ".")
                   for path in jobs.REPO_ROOT.glob("*/src/main/java/**/*.java")}
        missing = [main_class for main_class in classes if main_class not in sources]
        self.assertEqual(missing, [], "main classes without a source under */src/main/java")


if __name__ == "__main__":
    unittest.main()
