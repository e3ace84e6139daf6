"""Unit tests of c360/targets/stack.py and ``run_pipeline.py --target stack``.

No servers: a fake state folder stands in for scripts/local-stack.sh's and a socket that listens
stands in for a server that answers. The real stack is exercised by the integration test
(stack-tests, StackPipelineIT).
Run from the repository root: python3 -m unittest discover -s scripts/tests -p 'test_targets_stack.py' -v
"""

import contextlib
import io
import json
import os
import socket
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from helpers import run_main, write_stack

from c360 import build, launch, stages
from c360.commands import run
from c360.jobs import BRONZE, GOLD, SILVER
from c360.stages import StageOutcome
from c360.summary import render
from c360.targets import stack


class SettingsTest(unittest.TestCase):
    def setUp(self):
        self.folder = Path(self.enterContext(tempfile.TemporaryDirectory()))

    def test_parse_settings(self):
        text = "# comment\n\nA=1\nB = two=2 \nnot a setting\n"
        self.assertEqual(stack.parse_settings(text), {"A": "1", "B": "two=2"})

    def test_state_dir_defaults_to_the_repository(self):
        self.assertEqual(stack.state_dir({}, Path("/repo")), Path("/repo/.local-stack"))
        self.assertEqual(
            stack.state_dir({"C360_STACK_DIR": str(self.folder)}, Path("/repo")), self.folder)

    def test_load(self):
        write_stack(self.folder)
        settings = stack.load({"C360_STACK_DIR": str(self.folder)}, Path("/repo"))
        self.assertEqual(settings.bronze, "s3a://c360-bronze/bronze")
        self.assertEqual(settings.warehouse, "s3a://c360-warehouse/lakehouse")
        self.assertTrue(settings.metastore_uri.startswith("thrift://127.0.0.1:"))
        self.assertEqual(settings.properties_file, self.folder / "conf" / "spark-stack.conf")

    def test_a_stack_never_started_says_how_to_start_it(self):
        with self.assertRaises(stack.StackUnavailable) as caught:
            stack.load({"C360_STACK_DIR": str(self.folder)}, Path("/repo"))
        self.assertIn(f"{self.folder}/stack.env is missing", str(caught.exception))
        self.assertIn("scripts/local-stack.sh up", str(caught.exception))

    def test_settings_of_an_older_script_are_named(self):
        write_stack(self.folder, HMS_URI=None, TRINO_URL=None)
        with self.assertRaises(stack.StackUnavailable) as caught:
            stack.load({"C360_STACK_DIR": str(self.folder)}, Path("/repo"))
        self.assertIn("lacks HMS_URI, TRINO_URL", str(caught.exception))

    def test_a_missing_properties_file(self):
        write_stack(self.folder)
        (self.folder / "conf" / "spark-stack.conf").unlink()
        with self.assertRaises(stack.StackUnavailable) as caught:
            stack.load({"C360_STACK_DIR": str(self.folder)}, Path("/repo"))
        self.assertIn("spark-stack.conf (the S3 settings of the Spark jobs) is missing", str(caught.exception))

    def test_require_services_names_the_servers_that_do_not_answer(self):
        with socket.socket() as listening:
            listening.bind(("127.0.0.1", 0))
            listening.listen()
            port = listening.getsockname()[1]
            write_stack(self.folder, ports={"metastore": port})
            settings = stack.load({"C360_STACK_DIR": str(self.folder)}, Path("/repo"))
            stack.require_services(settings, ["metastore"])  # answers: no error
            with self.assertRaises(stack.StackUnavailable) as caught:
                stack.require_services(settings, ["metastore", "s3", "spark-master"])
        message = str(caught.exception)
        self.assertNotIn("metastore", message)
        self.assertIn("does not answer: s3 (http://127.0.0.1:", message)
        self.assertIn("spark-master (spark://127.0.0.1:", message)
        self.assertIn("scripts/local-stack.sh status", message)

    def test_s3_object_url(self):
        write_stack(self.folder, S3_ENDPOINT="http://127.0.0.1:19000/")
        settings = stack.load({"C360_STACK_DIR": str(self.folder)}, Path("/repo"))
        self.assertEqual(
            stack.s3_object_url(settings, "s3a://c360-bronze/bronze/_manifests/a b.json"),
            "http://127.0.0.1:19000/c360-bronze/bronze/_manifests/a%20b.json")
        with self.assertRaises(ValueError):
            stack.s3_object_url(settings, "/local/path")


class SparkSubmitTest(unittest.TestCase):
    def setUp(self):
        self.folder = Path(self.enterContext(tempfile.TemporaryDirectory()))

    def distribution(self, with_hadoop_aws):
        home = self.folder / "spark-3.5.7-bin-hadoop3"
        (home / "bin").mkdir(parents=True)
        (home / "jars").mkdir()
        (home / "bin" / "spark-submit").write_text("#!/bin/sh\n")
        if with_hadoop_aws:
            (home / "jars" / "hadoop-aws-3.3.4.jar").write_text("")
        return home

    def command(self, home):
        return stack.spark_submit_command(
            spark_home=home, jar=Path("/repo/job.jar"), main_class="io.c360.Main",
            master="spark://127.0.0.1:17077", properties_file=Path("/s/conf/spark-stack.conf"),
            driver_memory="2g", driver_java_options="-Dlog4j2.configurationFile=/repo/log4j2.properties",
            spark_confs=[("spark.sql.shuffle.partitions", "8")], job_args=["--target", "stack"],
        )

    def test_only_a_spark_distribution_counts(self):
        self.assertIsNone(stack.spark_distribution({}))
        self.assertIsNone(stack.spark_distribution({"SPARK_HOME": str(self.folder)}))
        home = self.distribution(with_hadoop_aws=False)
        self.assertEqual(stack.spark_distribution({"SPARK_HOME": str(home)}), home)

    def test_vanilla_spark_gets_hadoop_aws_as_a_package(self):
        home = self.distribution(with_hadoop_aws=False)
        self.assertEqual(self.command(home), [
            f"{home}/bin/spark-submit", "--master", "spark://127.0.0.1:17077", "--deploy-mode", "client",
            "--class", "io.c360.Main", "--properties-file", "/s/conf/spark-stack.conf",
            "--driver-memory", "2g",
            "--driver-java-options", "-Dlog4j2.configurationFile=/repo/log4j2.properties",
            "--packages", "org.apache.hadoop:hadoop-aws:3.3.4",
            "--conf", "spark.sql.shuffle.partitions=8", "/repo/job.jar", "--target", "stack",
        ])

    def test_a_distribution_with_s3a_needs_no_package(self):
        self.assertNotIn("--packages", self.command(self.distribution(with_hadoop_aws=True)))


class PipelineOnTheStackTest(unittest.TestCase):
    def setUp(self):
        self.folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.stack = write_stack(self.folder / "stack")
        self.environ = {"C360_STACK_DIR": str(self.stack), "SPARK_HOME": ""}
        self.root = self.folder / "repo"
        for module in (BRONZE, SILVER, GOLD):
            classpath = self.root / module.runtime_classpath
            classpath.parent.mkdir(parents=True, exist_ok=True)
            classpath.write_text("/m2/spark.jar\n")

    def test_no_stack_exits_3_before_anything_runs(self):
        with mock.patch.object(launch, "run_streaming") as run, \
                mock.patch.object(build, "ensure_built") as ensure_built:
            code, _, stderr = run_main("--target", "stack", "--skip-build",
                                       environ={"C360_STACK_DIR": str(self.folder / "none")})
        self.assertEqual(code, 3)
        self.assertIn("the local stack is not set up", stderr)
        run.assert_not_called()
        ensure_built.assert_not_called()

    def test_servers_down_exit_3_naming_them(self):
        with mock.patch.object(launch, "run_streaming") as run:
            code, _, stderr = run_main("--target", "stack", "--skip-build", environ=self.environ)
        self.assertEqual(code, 3)
        self.assertIn("the local stack does not answer: s3", stderr)
        self.assertIn("metastore (thrift://", stderr)
        self.assertIn("spark-master (spark://", stderr)
        run.assert_not_called()

    def test_a_local_master_needs_no_spark_master(self):
        self.assertEqual(stack.services_for("local[2]"), ["s3", "metastore"])
        self.assertEqual(stack.services_for("spark://h:7077"), ["s3", "metastore", "spark-master"])

    def test_bad_master_is_refused(self):
        code, _, stderr = run_main("--target", "stack", "--master", "yarn", environ=self.environ)
        self.assertEqual(code, 2)
        self.assertIn("argument --master: 'yarn' is not accepted with --target stack", stderr)

    def test_job_commands(self):
        settings = stack.load(self.environ, self.root)
        args = run.parse(["--target", "stack", "--stage", "gold"])
        lakehouse = stack.lakehouse(args.spark.master, self.folder / "work", settings)
        with mock.patch.dict(os.environ, self.environ):
            command = launch.job_command(
                args.spark, self.root, "java", GOLD, GOLD.main_class,
                stages.gold_job_args(args, lakehouse, Path("/r.html")), lakehouse)
        self.assertEqual(command[command.index("--master") + 1], settings.master_url)
        self.assertEqual(command[command.index("--properties-file") + 1], str(settings.properties_file))
        self.assertEqual(command[-8:], [
            "--target", "stack", "--warehouse", "s3a://c360-warehouse/lakehouse",
            "--metastore-uri", settings.metastore_uri, "--report", "/r.html"])
        self.assertEqual(stages.bronze_job_args(args, lakehouse)[:2], ["--output", "s3a://c360-bronze/bronze"])
        self.assertEqual(stages.silver_job_args(args, lakehouse)[:2], ["--bronze", "s3a://c360-bronze/bronze"])

    def test_bronze_reads_its_manifest_through_s3(self):
        settings = stack.load(self.environ, self.root)
        args = run.parse(
            ["--target", "stack", "--stage", "bronze", "--start-date", "2026-01-01", "--days", "3"])
        lakehouse = stack.lakehouse(args.spark.master, self.folder / "work", settings)
        manifest = {"tables": {}}
        with mock.patch.object(launch, "run_streaming", return_value=(0, {"counts": {}})), \
                mock.patch.object(stack, "read_object", return_value=json.dumps(manifest).encode()) as read, \
                mock.patch.dict(os.environ, self.environ), contextlib.redirect_stderr(io.StringIO()):
            outcome = stages.run_stage(stages.STAGE_SPECS["bronze"], args, self.root, lakehouse, "java")
        location = "s3a://c360-bronze/bronze/_manifests/2026-01-01_2026-01-03.json"
        read.assert_called_once_with(settings, location)
        self.assertEqual((outcome.manifest, outcome.manifest_path), (manifest, location))
        self.assertTrue((self.folder / "work").is_dir())

    def test_summary_points_at_the_stack(self):
        settings = stack.load(self.environ, self.root)
        args = run.parse(["--target", "stack"])
        lakehouse = stack.lakehouse(args.spark.master, self.folder / "work", settings)
        outcomes = [StageOutcome("silver", 0, 1000, {"counts": {}}),
                    StageOutcome("gold", 0, 1000, {"counts": {}})]
        text = render.render_summary(outcomes, [], [], lakehouse, "scripts/run_pipeline.py", 1000)
        self.assertIn("bronze     s3a://c360-bronze/bronze", text)
        self.assertIn("warehouse  s3a://c360-warehouse/lakehouse (Iceberg, catalog 'lakehouse' in the Hive "
                      "Metastore thrift://", text)
        self.assertIn("CROSS JOIN UNNEST(rule_ids)", text)  # Trino SQL, not Spark's explode
        self.assertNotIn("explode", text)
        self.assertIn("--target stack    # the ten customers most at risk", text)
        self.assertNotIn("--data-dir", text)


if __name__ == "__main__":
    unittest.main()
