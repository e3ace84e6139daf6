"""Unit tests of c360/launch.py: the job command, its classpath and environment, the run report
line, and the streamed output."""

import contextlib
import io
import json
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

from helpers import REPORT, SILVER_REPORT, SILVER_REPORT_LINE, local, options

from c360 import jobs, launch, stages
from c360.errors import UsageError
from c360.jobs import SILVER
from c360.targets import local as local_target


class CommandTest(unittest.TestCase):
    def test_silver_job_command(self):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            classpath = root / SILVER.runtime_classpath
            classpath.parent.mkdir(parents=True)
            classpath.write_text("/m2/spark.jar:/m2/iceberg.jar\n")
            args = options("--stage", "silver", "--master", "local[2]", "--spark-conf", "spark.ui.enabled=false")
            command = launch.job_command(
                args.spark, root, "/jdk/bin/java", SILVER, SILVER.main_class,
                stages.silver_job_args(args, local("/d")), local_target.lakehouse(args.spark.master, Path("/d")),
            )
        jar = f"{root}/silver-build/target/silver-build-0.1.0-SNAPSHOT.jar"
        self.assertEqual(command[:len(launch.JAVA17_FLAGS) + 1], ["/jdk/bin/java", *launch.JAVA17_FLAGS])
        self.assertIn(f"-Dlog4j2.configurationFile={root}/scripts/log4j2-local.properties", command)
        self.assertEqual(
            command[command.index("-cp"):],
            ["-cp", f"{jar}:/m2/spark.jar:/m2/iceberg.jar",
             "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]",
             "--class", "io.c360.silver.SilverBuildMain",
             "--conf", "spark.driver.memory=2g", "--conf", "spark.ui.enabled=false",
             jar, "--bronze", "/d/bronze", "--target", "local", "--warehouse", "/d/warehouse"],
        )

    def test_job_command_without_classpath(self):
        with tempfile.TemporaryDirectory() as folder:
            with self.assertRaises(UsageError) as caught:
                launch.job_command(options().spark, Path(folder), "java", SILVER, SILVER.main_class, [], local("/d"))
            dry = launch.job_command(options("--dry-run").spark, Path(folder), "java", SILVER, SILVER.main_class, [], local("/d"))
        self.assertEqual(caught.exception.exit_code, 2)
        self.assertIn("spark-runtime.classpath is missing", str(caught.exception))
        self.assertIn("<contents of silver-build/target/spark-runtime.classpath, written by the build>", dry[dry.index("-cp") + 1])

    def test_runtime_classpath(self):
        text = "/m2/a.jar:/m2/b.jar::/m2/c.jar\n"
        self.assertEqual(launch.parse_runtime_classpath(text), ["/m2/a.jar", "/m2/b.jar", "/m2/c.jar"])
        self.assertEqual(launch.parse_runtime_classpath("\n"), [])

    def test_local_job_command(self):
        command = launch.local_job_command(
            java="/jdk/bin/java",
            jar=Path("/repo/job.jar"),
            runtime_classpath=["/m2/spark.jar", "/m2/hadoop.jar"],
            main_class="io.c360.bronze.BronzeIngestMain",
            master="local[2]",
            driver_memory="3g",
            spark_confs=[("spark.sql.shuffle.partitions", "4"), ("spark.ui.enabled", "false")],
            log4j_config=Path("/repo/scripts/log4j2-local.properties"),
            job_args=["--output", "/d/bronze"],
        )
        self.assertEqual(command[0], "/jdk/bin/java")
        flags = command[1:command.index("-cp")]
        self.assertEqual(
            flags,
            [*launch.JAVA17_FLAGS, "-XX:-DontCompileHugeMethods",
             "-Dlog4j2.configurationFile=/repo/scripts/log4j2-local.properties", "-Xmx3g"],
        )
        self.assertIn("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", flags)
        self.assertEqual(
            command[command.index("-cp"):],
            ["-cp", "/repo/job.jar:/m2/spark.jar:/m2/hadoop.jar",
             "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]",
             "--class", "io.c360.bronze.BronzeIngestMain",
             "--conf", "spark.driver.memory=3g",
             "--conf", "spark.sql.shuffle.partitions=4", "--conf", "spark.ui.enabled=false",
             "/repo/job.jar", "--output", "/d/bronze"],
        )

    def test_java17_flags(self):
        self.assertEqual(len(launch.JAVA17_FLAGS), 16)
        self.assertEqual(launch.JAVA17_FLAGS[0], "-XX:+IgnoreUnrecognizedVMOptions")
        self.assertEqual(launch.JAVA17_FLAGS[-1], "-Djdk.reflect.useDirectMethodHandle=false")

    def test_local_job_environment_binds_to_loopback_unless_set(self):
        environment = launch.local_job_environment({"PATH": "/bin"})
        self.assertEqual(environment, {"PATH": "/bin", "SPARK_LOCAL_IP": "127.0.0.1"})
        chosen = launch.local_job_environment({"SPARK_LOCAL_IP": "10.0.0.5"})
        self.assertEqual(chosen["SPARK_LOCAL_IP"], "10.0.0.5")

    def test_find_java_prefers_java_home(self):
        with tempfile.TemporaryDirectory() as home:
            java = Path(home) / "bin" / "java"
            java.parent.mkdir()
            java.write_text("")
            self.assertEqual(launch.find_java({"JAVA_HOME": home}), str(java))


class ReportLineTest(unittest.TestCase):
    def test_finds_the_report_among_other_output(self):
        lines = [
            "Generating 30 days\n",
            '{"event":"other","run_id":"x"}\n',
            json.dumps(REPORT, separators=(",", ":")) + "\n",
            "bye\n",
        ]
        self.assertEqual(launch.extract_report(lines), REPORT)

    def test_no_report(self):
        self.assertIsNone(launch.extract_report(["hello\n", "{not json c360.job_run\n", "[1, 2]\n"]))
        self.assertIsNone(launch.parse_report_line('{"event":"c360.job_run"'))

    def test_last_report_wins(self):
        first = dict(REPORT, run_id="first")
        second = dict(REPORT, run_id="second")
        self.assertEqual(launch.extract_report([json.dumps(first), json.dumps(second)])["run_id"], "second")


class SilverReportLineTest(unittest.TestCase):
    def test_the_report_line_is_found_among_the_summary_block(self):
        lines = [
            "silver-build: 3 bronze date(s) 2026-01-01..2026-01-30\n",
            "  table                        read     accepted  quarantined   duplicates\n",
            "  reconciliation: read = accepted + quarantined + duplicates; ...\n",
            SILVER_REPORT_LINE + "\n",
        ]
        self.assertEqual(launch.extract_report(lines), SILVER_REPORT)


class RunStreamingTest(unittest.TestCase):
    """The real thing: a Python child process stands in for the job."""

    def run_fake_job(self, body):
        script = textwrap.dedent(body)
        stdout = io.StringIO()
        with tempfile.TemporaryDirectory() as folder, contextlib.redirect_stdout(stdout):
            code, report = launch.run_streaming([sys.executable, "-c", script], cwd=Path(folder))
        return code, report, stdout.getvalue()

    def test_echoes_output_captures_the_report_and_keeps_the_exit_code(self):
        code, report, echoed = self.run_fake_job(
            """
            import json, sys
            print("step 1 of 2")
            print(json.dumps({"event": "c360.job_run", "status": "FAILED", "exit_code": 4}))
            print("after")
            sys.exit(4)
            """
        )
        self.assertEqual(code, 4)
        self.assertEqual(report, {"event": "c360.job_run", "status": "FAILED", "exit_code": 4})
        self.assertEqual(echoed, "step 1 of 2\nafter\n")

    def test_job_without_report(self):
        code, report, echoed = self.run_fake_job("print('crash'); raise SystemExit(1)")
        self.assertEqual((code, report, echoed), (1, None, "crash\n"))


class JavaFlagsTest(unittest.TestCase):
    def test_scripts_pass_the_same_java17_flags_as_the_maven_build(self) -> None:
        pom = (jobs.REPO_ROOT / "pom.xml").read_text(encoding="utf-8")
        start = pom.index("<spark.java17.opens>") + len("<spark.java17.opens>")
        flags = pom[start:pom.index("</spark.java17.opens>")].split()
        self.assertEqual(list(launch.JAVA17_FLAGS), flags)


if __name__ == "__main__":
    unittest.main()
