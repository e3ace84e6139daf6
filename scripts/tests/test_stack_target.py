"""Unit tests of the stack target (scripts/stack_target.py and run_pipeline.py --target stack).

No servers: a fake state folder stands in for scripts/local-stack.sh's, a socket that listens
stands in for a server that answers, and a small HTTP server speaks Trino's client protocol.
The real stack is exercised by the integration test (stack-tests, StackPipelineIT).
Run from the repository root: python3 -m unittest discover -s scripts/tests -p 'test_stack*.py' -v
"""

import contextlib
import http.server
import io
import json
import os
import socket
import sys
import tempfile
import threading
import unittest
from pathlib import Path
from unittest import mock

SCRIPTS_DIR = Path(__file__).resolve().parent.parent
if str(SCRIPTS_DIR) not in sys.path:
    sys.path.insert(0, str(SCRIPTS_DIR))

import run_pipeline  # noqa: E402  (needs the path above)
import stack_target  # noqa: E402
from run_pipeline import BRONZE, SILVER  # noqa: E402


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_stack(folder, ports=None, **overrides):
    """A state folder as local-stack.sh leaves it; ports of servers nobody listens on by default."""
    ports = ports or {}
    folder = Path(folder)
    (folder / "conf").mkdir(parents=True, exist_ok=True)
    properties = folder / "conf" / "spark-stack.conf"
    properties.write_text("spark.hadoop.fs.s3a.endpoint=http://127.0.0.1:1\n")
    values = {
        "C360_STACK_DIR": str(folder),
        "HMS_URI": f"thrift://127.0.0.1:{ports.get('metastore', free_port())}",
        "S3_ENDPOINT": f"http://127.0.0.1:{ports.get('s3', free_port())}",
        "S3_REGION": "us-east-1",
        "BRONZE_LOCATION": "s3a://c360-bronze/bronze",
        "WAREHOUSE_LOCATION": "s3a://c360-warehouse/lakehouse",
        "SPARK_MASTER_URL": f"spark://127.0.0.1:{ports.get('spark-master', free_port())}",
        "SPARK_PROPERTIES_FILE": str(properties),
        "CURL_S3_CONFIG": str(folder / "conf" / "curl-s3.conf"),
        "TRINO_URL": f"http://127.0.0.1:{ports.get('trino', free_port())}",
        "TRINO_CATALOG": "lakehouse",
    }
    values.update(overrides)
    lines = ["# The local stack (scripts/local-stack.sh)"]
    lines += [f"{key}={value}" for key, value in values.items() if value is not None]
    (folder / "stack.env").write_text("\n".join(lines) + "\n")
    return folder


def run_main(*argv, environ=None):
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr), \
            mock.patch.dict(os.environ, environ or {}):
        code = run_pipeline.main(list(argv))
    return code, stdout.getvalue(), stderr.getvalue()


class SettingsTest(unittest.TestCase):
    def setUp(self):
        self.folder = Path(self.enterContext(tempfile.TemporaryDirectory()))

    def test_parse_settings(self):
        text = "# comment\n\nA=1\nB = two=2 \nnot a setting\n"
        self.assertEqual(stack_target.parse_settings(text), {"A": "1", "B": "two=2"})

    def test_state_dir_defaults_to_the_repository(self):
        self.assertEqual(stack_target.state_dir({}, Path("/repo")), Path("/repo/.local-stack"))
        self.assertEqual(
            stack_target.state_dir({"C360_STACK_DIR": str(self.folder)}, Path("/repo")), self.folder)

    def test_load(self):
        write_stack(self.folder)
        settings = stack_target.load({"C360_STACK_DIR": str(self.folder)}, Path("/repo"))
        self.assertEqual(settings.bronze, "s3a://c360-bronze/bronze")
        self.assertEqual(settings.warehouse, "s3a://c360-warehouse/lakehouse")
        self.assertTrue(settings.metastore_uri.startswith("thrift://127.0.0.1:"))
        self.assertEqual(settings.properties_file, self.folder / "conf" / "spark-stack.conf")

    def test_a_stack_never_started_says_how_to_start_it(self):
        with self.assertRaises(stack_target.StackUnavailable) as caught:
            stack_target.load({"C360_STACK_DIR": str(self.folder)}, Path("/repo"))
        self.assertIn(f"{self.folder}/stack.env is missing", str(caught.exception))
        self.assertIn("scripts/local-stack.sh up", str(caught.exception))

    def test_settings_of_an_older_script_are_named(self):
        write_stack(self.folder, HMS_URI=None, TRINO_URL=None)
        with self.assertRaises(stack_target.StackUnavailable) as caught:
            stack_target.load({"C360_STACK_DIR": str(self.folder)}, Path("/repo"))
        self.assertIn("lacks HMS_URI, TRINO_URL", str(caught.exception))

    def test_a_missing_properties_file(self):
        write_stack(self.folder)
        (self.folder / "conf" / "spark-stack.conf").unlink()
        with self.assertRaises(stack_target.StackUnavailable) as caught:
            stack_target.load({"C360_STACK_DIR": str(self.folder)}, Path("/repo"))
        self.assertIn("spark-stack.conf (the S3 settings of the Spark jobs) is missing", str(caught.exception))

    def test_require_services_names_the_servers_that_do_not_answer(self):
        with socket.socket() as listening:
            listening.bind(("127.0.0.1", 0))
            listening.listen()
            port = listening.getsockname()[1]
            write_stack(self.folder, ports={"metastore": port})
            settings = stack_target.load({"C360_STACK_DIR": str(self.folder)}, Path("/repo"))
            stack_target.require_services(settings, ["metastore"])  # answers: no error
            with self.assertRaises(stack_target.StackUnavailable) as caught:
                stack_target.require_services(settings, ["metastore", "s3", "spark-master"])
        message = str(caught.exception)
        self.assertNotIn("metastore", message)
        self.assertIn("does not answer: s3 (http://127.0.0.1:", message)
        self.assertIn("spark-master (spark://127.0.0.1:", message)
        self.assertIn("scripts/local-stack.sh status", message)

    def test_s3_object_url(self):
        write_stack(self.folder, S3_ENDPOINT="http://127.0.0.1:19000/")
        settings = stack_target.load({"C360_STACK_DIR": str(self.folder)}, Path("/repo"))
        self.assertEqual(
            stack_target.s3_object_url(settings, "s3a://c360-bronze/bronze/_manifests/a b.json"),
            "http://127.0.0.1:19000/c360-bronze/bronze/_manifests/a%20b.json")
        with self.assertRaises(ValueError):
            stack_target.s3_object_url(settings, "/local/path")


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
        return stack_target.spark_submit_command(
            spark_home=home, jar=Path("/repo/job.jar"), main_class="io.c360.Main",
            master="spark://127.0.0.1:17077", properties_file=Path("/s/conf/spark-stack.conf"),
            driver_memory="2g", driver_java_options="-Dlog4j2.configurationFile=/repo/log4j2.properties",
            spark_confs=[("spark.sql.shuffle.partitions", "8")], job_args=["--target", "stack"],
        )

    def test_only_a_spark_distribution_counts(self):
        self.assertIsNone(stack_target.spark_distribution({}))
        self.assertIsNone(stack_target.spark_distribution({"SPARK_HOME": str(self.folder)}))
        home = self.distribution(with_hadoop_aws=False)
        self.assertEqual(stack_target.spark_distribution({"SPARK_HOME": str(home)}), home)

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


class TrinoHandler(http.server.BaseHTTPRequestHandler):
    """Trino's client protocol in miniature: POST /v1/statement, then pages at nextUri."""

    pages = {}
    requests = []

    def log_message(self, *args):
        pass

    def reply(self, payload):
        body = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        sql = self.rfile.read(length).decode()
        type(self).requests.append(("POST", self.path, sql, self.headers["X-Trino-Catalog"],
                                    self.headers["X-Trino-User"]))
        self.reply(type(self).pages[sql][0])

    def do_GET(self):
        type(self).requests.append(("GET", self.path))
        sql, index = self.path.rsplit("/", 2)[-2:]
        self.reply(type(self).pages[sql.replace("_", " ")][int(index)])

    def do_DELETE(self):
        type(self).requests.append(("DELETE", self.path))
        self.send_response(204)
        self.end_headers()


class TrinoTest(unittest.TestCase):
    def setUp(self):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), TrinoHandler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.addCleanup(self.server.server_close)
        self.addCleanup(self.server.shutdown)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        TrinoHandler.requests = []
        columns = [{"name": "event_date"}, {"name": "orders"}, {"name": "drivers"}]
        TrinoHandler.pages = {
            "SELECT rows": [
                {"nextUri": f"{self.url}/v1/statement/queued/SELECT_rows/1"},
                {"columns": columns, "data": [["2026-01-01", 3, ["low_nps"]], ["2026-01-02", None, []]],
                 "nextUri": f"{self.url}/v1/statement/executing/SELECT_rows/2"},
                {"columns": columns, "data": [["2026-01-03", 5, ["a", "b"]]]},
            ],
            "SELECT bad": [
                {"nextUri": f"{self.url}/v1/statement/queued/SELECT_bad/1"},
                {"error": {"message": "line 1:8: Column 'x' cannot be resolved", "errorType": "USER_ERROR"}},
            ],
        }

    def test_rows_are_collected_across_pages(self):
        result = stack_target.trino_query(self.url, "lakehouse", "SELECT rows", limit=100)
        self.assertEqual(result.columns, ["event_date", "orders", "drivers"])
        self.assertEqual(len(result.rows), 3)
        self.assertFalse(result.truncated)
        self.assertEqual(TrinoHandler.requests[0], ("POST", "/v1/statement", "SELECT rows", "lakehouse", "c360"))

    def test_the_limit_cancels_the_rest(self):
        result = stack_target.trino_query(self.url, "lakehouse", "SELECT rows", limit=1)
        self.assertEqual(result.rows, [["2026-01-01", 3, ["low_nps"]]])
        self.assertTrue(result.truncated)
        self.assertEqual(TrinoHandler.requests[-1][0], "DELETE")

    def test_a_user_error(self):
        with self.assertRaises(stack_target.TrinoQueryError) as caught:
            stack_target.trino_query(self.url, "lakehouse", "SELECT bad", limit=10)
        self.assertTrue(caught.exception.user_error)
        self.assertIn("Column 'x' cannot be resolved", str(caught.exception))

    def test_trino_down(self):
        with self.assertRaises(stack_target.StackUnavailable) as caught:
            stack_target.trino_query(f"http://127.0.0.1:{free_port()}", "lakehouse", "SELECT 1", 10)
        self.assertIn("does not answer", str(caught.exception))

    def test_formats(self):
        result = stack_target.QueryResult(
            ["day", "orders", "drivers"], [["2026-01-01", 3, ["low_nps"]], ["2026-01-02", None, []]], True)
        self.assertEqual(stack_target.format_table(result), "\n".join([
            "+----------+------+-----------+",
            "|day       |orders|drivers    |",
            "+----------+------+-----------+",
            "|2026-01-01|3     |[\"low_nps\"]|",
            "|2026-01-02|null  |[]         |",
            "+----------+------+-----------+",
            "only showing top 2 rows",
        ]) + "\n")
        self.assertEqual(stack_target.format_csv(result),
                         'day,orders,drivers\n2026-01-01,3,"[""low_nps""]"\n2026-01-02,,[]\n')

    def test_query_command_on_the_stack(self):
        with tempfile.TemporaryDirectory() as folder:
            write_stack(folder, TRINO_URL=self.url)
            environ = {"C360_STACK_DIR": folder}
            code, stdout, stderr = run_main("query", "SELECT rows", "--target", "stack", "--format", "csv",
                                            environ=environ)
            self.assertEqual(code, 0, stderr)
            self.assertEqual(stdout.splitlines()[0], "event_date,orders,drivers")
            self.assertEqual(len(stdout.splitlines()), 4)
            code, stdout, stderr = run_main("query", "SELECT bad", "--target", "stack", environ=environ)
            self.assertEqual((code, stdout), (2, ""))
            self.assertIn("Trino: line 1:8: Column 'x' cannot be resolved", stderr)
            code, _, stderr = run_main("query", "SELECT rows", "--target", "stack", "--master", "local[2]",
                                       environ=environ)
            self.assertEqual(code, 2)
            self.assertIn("argument --master: applies to --target local only", stderr)

    def test_query_without_a_stack(self):
        with tempfile.TemporaryDirectory() as folder:
            code, stdout, stderr = run_main("query", "SELECT 1", "--target", "stack",
                                            environ={"C360_STACK_DIR": folder})
        self.assertEqual((code, stdout), (3, ""))
        self.assertIn("scripts/local-stack.sh up", stderr)


class PipelineOnTheStackTest(unittest.TestCase):
    def setUp(self):
        self.folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.stack = write_stack(self.folder / "stack")
        self.environ = {"C360_STACK_DIR": str(self.stack), "SPARK_HOME": ""}
        self.root = self.folder / "repo"
        for module in (BRONZE, SILVER, run_pipeline.GOLD):
            classpath = self.root / module.runtime_classpath
            classpath.parent.mkdir(parents=True, exist_ok=True)
            classpath.write_text("/m2/spark.jar\n")

    def test_no_stack_exits_3_before_anything_runs(self):
        with mock.patch.object(run_pipeline, "run_streaming") as run, \
                mock.patch.object(run_pipeline, "ensure_built") as build:
            code, _, stderr = run_main("--target", "stack", "--skip-build",
                                       environ={"C360_STACK_DIR": str(self.folder / "none")})
        self.assertEqual(code, 3)
        self.assertIn("the local stack is not set up", stderr)
        run.assert_not_called()
        build.assert_not_called()

    def test_servers_down_exit_3_naming_them(self):
        with mock.patch.object(run_pipeline, "run_streaming") as run:
            code, _, stderr = run_main("--target", "stack", "--skip-build", environ=self.environ)
        self.assertEqual(code, 3)
        self.assertIn("the local stack does not answer: s3", stderr)
        self.assertIn("metastore (thrift://", stderr)
        self.assertIn("spark-master (spark://", stderr)
        run.assert_not_called()

    def test_a_local_master_needs_no_spark_master(self):
        self.assertEqual(run_pipeline.stack_services("local[2]"), ["s3", "metastore"])
        self.assertEqual(run_pipeline.stack_services("spark://h:7077"), ["s3", "metastore", "spark-master"])

    def test_bad_master_is_refused(self):
        code, _, stderr = run_main("--target", "stack", "--master", "yarn", environ=self.environ)
        self.assertEqual(code, 2)
        self.assertIn("argument --master: 'yarn' is not accepted with --target stack", stderr)

    def test_job_commands(self):
        settings = stack_target.load(self.environ, self.root)
        args = run_pipeline.build_parser().parse_args(["--target", "stack", "--stage", "gold"])
        lakehouse = run_pipeline.stack_lakehouse(args, self.folder / "work", settings)
        with mock.patch.dict(os.environ, self.environ):
            command = run_pipeline.job_command(
                args, self.root, "java", run_pipeline.GOLD, run_pipeline.GOLD.main_class,
                run_pipeline.gold_job_args(args, lakehouse, Path("/r.html")), lakehouse)
        self.assertEqual(command[command.index("--master") + 1], settings.master_url)
        self.assertEqual(command[command.index("--properties-file") + 1], str(settings.properties_file))
        self.assertEqual(command[-8:], [
            "--target", "stack", "--warehouse", "s3a://c360-warehouse/lakehouse",
            "--metastore-uri", settings.metastore_uri, "--report", "/r.html"])
        self.assertEqual(run_pipeline.bronze_job_args(args, lakehouse)[:2], ["--output", "s3a://c360-bronze/bronze"])
        self.assertEqual(run_pipeline.silver_job_args(args, lakehouse)[:2], ["--bronze", "s3a://c360-bronze/bronze"])

    def test_bronze_reads_its_manifest_through_s3(self):
        settings = stack_target.load(self.environ, self.root)
        args = run_pipeline.build_parser().parse_args(
            ["--target", "stack", "--stage", "bronze", "--start-date", "2026-01-01", "--days", "3"])
        lakehouse = run_pipeline.stack_lakehouse(args, self.folder / "work", settings)
        manifest = {"tables": {}}
        with mock.patch.object(run_pipeline, "run_streaming", return_value=(0, {"counts": {}})), \
                mock.patch.object(stack_target, "read_object", return_value=json.dumps(manifest).encode()) as read, \
                mock.patch.dict(os.environ, self.environ), contextlib.redirect_stderr(io.StringIO()):
            outcome = run_pipeline.run_bronze(args, self.root, lakehouse, "java")
        location = "s3a://c360-bronze/bronze/_manifests/2026-01-01_2026-01-03.json"
        read.assert_called_once_with(settings, location)
        self.assertEqual((outcome.manifest, outcome.manifest_path), (manifest, location))
        self.assertTrue((self.folder / "work").is_dir())

    def test_summary_points_at_the_stack(self):
        settings = stack_target.load(self.environ, self.root)
        args = run_pipeline.build_parser().parse_args(["--target", "stack"])
        lakehouse = run_pipeline.stack_lakehouse(args, self.folder / "work", settings)
        outcomes = [run_pipeline.StageOutcome("silver", 0, 1000, {"counts": {}}),
                    run_pipeline.StageOutcome("gold", 0, 1000, {"counts": {}})]
        text = run_pipeline.render_summary(outcomes, [], [], lakehouse, "scripts/run_pipeline.py", 1000)
        self.assertIn("bronze     s3a://c360-bronze/bronze", text)
        self.assertIn("warehouse  s3a://c360-warehouse/lakehouse (Iceberg, catalog 'lakehouse' in the Hive "
                      "Metastore thrift://", text)
        self.assertIn("CROSS JOIN UNNEST(rule_ids)", text)  # Trino SQL, not Spark's explode
        self.assertNotIn("explode", text)
        self.assertIn("--target stack    # the ten customers most at risk", text)
        self.assertNotIn("--data-dir", text)


if __name__ == "__main__":
    unittest.main()
