"""Unit tests of --comet (Apache DataFusion Comet, opt-in): the job and benchmark commands with and
without it, and the refusals (c360/launch.py, c360/commands/run.py, c360/commands/benchmark.py)."""

from __future__ import annotations

import contextlib
import io
import tempfile
import unittest
from pathlib import Path

from helpers import local, options

from c360 import build, jobs, launch, stages
from c360.commands import benchmark, run
from c360.errors import UsageError
from c360.jobs import SILVER
from c360.targets import local as local_target

COMET_JAR = "/m2/comet-spark-spark3.5_2.12-0.12.0.jar"


def silver_command(root: Path, *argv: str) -> list[str]:
    (root / SILVER.runtime_classpath).parent.mkdir(parents=True, exist_ok=True)
    (root / SILVER.runtime_classpath).write_text("/m2/spark.jar\n")
    args = options("--stage", "silver", *argv)
    return launch.job_command(
        args.spark, root, "java", SILVER, SILVER.main_class,
        stages.silver_job_args(args, local("/d")), local_target.lakehouse(args.spark.master, Path("/d")),
    )


def confs(command: list[str]) -> dict[str, str]:
    return dict(
        command[index + 1].split("=", 1)
        for index, word in enumerate(command) if word == "--conf"
    )


class JobCommandTest(unittest.TestCase):
    def setUp(self) -> None:
        self.folder = tempfile.TemporaryDirectory()
        self.root = Path(self.folder.name)

    def tearDown(self) -> None:
        self.folder.cleanup()

    def write_comet_classpath(self, text: str = COMET_JAR + "\n") -> None:
        path = self.root / jobs.COMET_CLASSPATH
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    def test_without_comet_nothing_of_comet_is_on_the_command(self) -> None:
        self.write_comet_classpath()
        command = silver_command(self.root)
        self.assertNotIn(COMET_JAR, " ".join(command))
        self.assertNotIn(jobs.COMET_SWITCH, confs(command))

    def test_comet_puts_the_jar_between_the_job_jar_and_spark_and_sets_the_switch(self) -> None:
        self.write_comet_classpath()
        command = silver_command(self.root, "--comet")
        jar = f"{self.root}/silver-build/target/silver-build-0.1.0-SNAPSHOT.jar"
        self.assertEqual(command[command.index("-cp") + 1], f"{jar}:{COMET_JAR}:/m2/spark.jar")
        settings = confs(command)
        self.assertEqual(settings[jobs.COMET_SWITCH], "true")
        self.assertEqual(settings["spark.driver.extraClassPath"], COMET_JAR)
        self.assertEqual(settings["spark.executor.extraClassPath"], COMET_JAR)

    def test_a_users_spark_conf_comes_after_comets_and_wins(self) -> None:
        self.write_comet_classpath()
        command = silver_command(
            self.root, "--comet", "--spark-conf", "spark.executor.extraClassPath=/other.jar")
        values = [
            command[index + 1] for index, word in enumerate(command)
            if word == "--conf" and command[index + 1].startswith("spark.executor.extraClassPath=")
        ]
        self.assertEqual(values[-1], "spark.executor.extraClassPath=/other.jar")

    def test_a_missing_comet_classpath_is_a_usage_error_naming_the_file(self) -> None:
        with self.assertRaises(UsageError) as caught:
            silver_command(self.root, "--comet")
        self.assertEqual(caught.exception.exit_code, 2)
        self.assertIn("common/target/comet.classpath is missing", str(caught.exception))

    def test_an_empty_comet_classpath_is_refused_too(self) -> None:
        self.write_comet_classpath("\n")
        with self.assertRaises(UsageError) as caught:
            silver_command(self.root, "--comet")
        self.assertIn("names no jar", str(caught.exception))

    def test_a_dry_run_names_the_file_instead(self) -> None:
        command = silver_command(self.root, "--comet", "--dry-run")
        self.assertIn("<contents of common/target/comet.classpath", command[command.index("-cp") + 1])


class BuildTest(unittest.TestCase):
    def test_a_missing_comet_classpath_builds_common(self) -> None:
        with tempfile.TemporaryDirectory() as folder, \
                contextlib.redirect_stdout(io.StringIO()) as out:
            build.ensure_comet_classpath(
                Path(folder), jobs.COMET_CLASSPATH, jobs.COMET_MODULE, False, True)
        self.assertIn("package -pl common -am", out.getvalue())
        self.assertIn("common/target/comet.classpath is missing", out.getvalue())

    def test_a_present_comet_classpath_builds_nothing(self) -> None:
        with tempfile.TemporaryDirectory() as folder, \
                contextlib.redirect_stdout(io.StringIO()) as out:
            path = Path(folder) / jobs.COMET_CLASSPATH
            path.parent.mkdir(parents=True)
            path.write_text(COMET_JAR + "\n")
            build.ensure_comet_classpath(
                Path(folder), jobs.COMET_CLASSPATH, jobs.COMET_MODULE, False, True)
        self.assertEqual(out.getvalue(), "")


class RunOptionTest(unittest.TestCase):
    def test_comet_is_off_by_default(self) -> None:
        self.assertFalse(options().spark.comet)
        self.assertTrue(options("--comet").spark.comet)

    def test_comet_is_refused_on_k8s_before_anything_runs(self) -> None:
        with self.assertRaises(UsageError) as caught:
            run.execute(options("--target", "k8s", "--comet"))
        self.assertIn("--comet", str(caught.exception))
        self.assertIn("DEPLOYMENT.md", str(caught.exception))


class BenchmarkTest(unittest.TestCase):
    def test_comet_is_off_by_default(self) -> None:
        args = benchmark.parse(["--stage", "gold"])
        command = benchmark.benchmark_command(
            java="java", root=Path("/repo"), classpath=["/m2/spark.jar"], options=args)
        self.assertFalse(args.comet)
        self.assertFalse(any(jobs.COMET_SWITCH in word for word in command))

    def test_comet_sets_the_switch_as_a_system_property_and_adds_the_jar(self) -> None:
        for stage in ("silver", "gold"):
            with self.subTest(stage=stage):
                args = benchmark.parse(["--stage", stage, "--comet"])
                command = benchmark.benchmark_command(
                    java="java", root=Path("/repo"), classpath=["/m2/spark.jar"], options=args,
                    comet_jars=[COMET_JAR])
                self.assertIn(f"-D{jobs.COMET_SWITCH}=true", command)
                # A JVM option: before the main class.
                self.assertLess(
                    command.index(f"-D{jobs.COMET_SWITCH}=true"), command.index("-cp"))
                self.assertEqual(
                    command[command.index("-cp") + 1],
                    f"/repo/benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:{COMET_JAR}:/m2/spark.jar")

    def test_comet_is_refused_for_bronze_stack_and_parquet_layouts(self) -> None:
        for argv in (["--comet"], ["--stage", "stack", "--comet"],
                     ["--stage", "bronze", "--parquet-layouts", "--comet"]):
            with self.subTest(argv=argv), contextlib.redirect_stderr(io.StringIO()) as err:
                with self.assertRaises(SystemExit) as raised:
                    benchmark.parse(argv)
                self.assertEqual(raised.exception.code, 2)
                self.assertIn("--comet", err.getvalue())


if __name__ == "__main__":
    unittest.main()
