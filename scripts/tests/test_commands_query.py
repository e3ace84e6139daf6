"""Unit tests of c360/commands/query.py (`run_pipeline.py query`): options, statement checks, the
command, and main().

No Java needed: a fake repository (jar and classpath files) and a fake `java` script stand in.
Run from the repository root: python3 -m unittest discover -s scripts/tests -p 'test_commands_query.py' -v
"""

import contextlib
import io
import os
import subprocess
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from helpers import run_main

from c360 import build, jobs, launch
from c360.commands import query
from c360.errors import InternalError
from c360.jobs import OPS
from c360.targets import local as local_target


def parse(*argv):
    """The Namespace of a ``query`` command line."""
    return query.build_parser().parse_args(list(argv))


def options(*argv):
    """The frozen options of a ``query`` command line."""
    return query.parse(list(argv))


class QueryOptionsTest(unittest.TestCase):
    def parse_error(self, *argv):
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr), self.assertRaises(SystemExit) as caught:
            query.build_parser().parse_args(list(argv))
        self.assertEqual(caught.exception.code, 2)
        return stderr.getvalue()

    def test_defaults(self):
        args = parse("SELECT 1")
        self.assertEqual(args.sql, "SELECT 1")
        self.assertEqual(args.data_dir, "./lakehouse-data")
        self.assertEqual(args.format, "table")
        self.assertEqual(args.limit, 100)
        self.assertEqual(args.target, "local")
        self.assertIsNone(args.master)  # local[*]
        self.assertEqual(args.driver_memory, "2g")
        self.assertEqual(args.spark_conf, [])
        self.assertFalse(args.skip_build)
        self.assertFalse(args.dry_run)

    def test_every_option(self):
        args = parse(
            "--data-dir", "/d", "--format", "csv", "--limit", "1000000", "--target", "local",
            "--master", "local[2]", "--driver-memory", "1g", "--spark-conf", "spark.a=1",
            "--skip-build", "--dry-run", "SHOW TABLES IN lakehouse.silver",
        )
        self.assertEqual(args.sql, "SHOW TABLES IN lakehouse.silver")
        self.assertEqual((args.data_dir, args.format, args.limit), ("/d", "csv", 1_000_000))
        self.assertEqual((args.master, args.driver_memory), ("local[2]", "1g"))
        self.assertEqual(args.spark_conf, [("spark.a", "1")])
        self.assertTrue(args.skip_build and args.dry_run)

    def test_every_option_has_help(self):
        for action in query.build_parser()._actions:
            self.assertTrue(action.help, f"{action.option_strings or action.dest} has no help")

    def test_rejected_values(self):
        self.assertIn("a whole number from 1 to 1,000,000", self.parse_error("SELECT 1", "--limit", "0"))
        self.assertIn("a whole number from 1 to 1,000,000", self.parse_error("SELECT 1", "--limit", "1000001"))
        self.assertIn("'json'", self.parse_error("SELECT 1", "--format", "json"))
        self.assertIn("'table', 'csv'", self.parse_error("SELECT 1", "--format", "json"))
        self.assertIn("the following arguments are required: SQL", self.parse_error())
        self.assertIn("unrecognized arguments: SELECT 2", self.parse_error("SELECT 1", "SELECT 2"))
        self.assertIn("unrecognized arguments: --form", self.parse_error("SELECT 1", "--form", "csv"))

    def test_k8s_goes_through_the_deployed_trino(self):
        self.assertIsNone(query.query_target_problem("local"))
        self.assertIsNone(query.query_target_problem("stack"))
        problem = query.query_target_problem("k8s")
        self.assertIn("argument --target: 'k8s' is not available for query", problem)
        self.assertIn("trino CLI", problem)
        self.assertIn("available: local, stack", problem)

    def test_master_must_be_local(self):
        problems = query.check_query_options(options("SELECT 1", "--master", "yarn"))
        self.assertEqual(len(problems), 1)
        self.assertIn("argument --master: 'yarn'", problems[0])
        self.assertEqual(query.check_query_options(options("SELECT 1")), [])


class StatementTest(unittest.TestCase):
    def test_first_keyword(self):
        cases = {
            "SELECT 1": "SELECT",
            "  select * from t": "SELECT",
            "\n\twith a as (select 1) select * from a": "WITH",
            "(SELECT 1) UNION (SELECT 2)": "SELECT",
            "-- counts\nSELECT 1": "SELECT",
            "/* a */ /* b */ DESCRIBE lakehouse.silver.customers": "DESCRIBE",
            "/* unclosed": "",
            "-- only a comment": "",
            "": "",
            "123": "",
            "drop table t": "DROP",
        }
        for sql, keyword in cases.items():
            self.assertEqual(query.first_keyword(sql), keyword, sql)

    def test_read_only_statements_are_accepted(self):
        for sql in (
            "SELECT * FROM lakehouse.silver.customers",
            "WITH t AS (SELECT 1) SELECT * FROM t",
            "SHOW TABLES IN lakehouse.silver",
            "DESCRIBE TABLE lakehouse.silver.interactions",
            "DESC lakehouse.audit.job_runs",
            "EXPLAIN SELECT 1",
            "VALUES (1), (2)",
            "TABLE lakehouse.silver.quarantine",
            "FROM lakehouse.silver.customers SELECT customer_id",
            "SELECT * FROM lakehouse.silver.customers.snapshots",
        ):
            self.assertIsNone(query.sql_problem(sql), sql)

    def test_writes_are_refused(self):
        for sql, keyword in (
            ("DROP TABLE lakehouse.silver.customers", "DROP"),
            ("delete from lakehouse.silver.customers", "DELETE"),
            ("INSERT INTO t VALUES (1)", "INSERT"),
            ("CALL lakehouse.system.rollback_to_snapshot('silver.customers', 1)", "CALL"),
            ("/* SELECT */ TRUNCATE TABLE t", "TRUNCATE"),
        ):
            problem = query.sql_problem(sql)
            self.assertIn(f"argument SQL: '{keyword}' statements are not run: query only reads", problem)
            self.assertIn("SELECT, WITH, SHOW, DESCRIBE", problem)

    def test_empty_statement(self):
        for sql in ("", "   \n"):
            self.assertIn("the statement is empty", query.sql_problem(sql))
        self.assertIn("this statement is not run", query.sql_problem("-- nothing"))


class QueryCommandTest(unittest.TestCase):
    def test_query_job_args(self):
        self.assertEqual(
            query.query_job_args(Path("/d/warehouse"), "SELECT 'a b'", "csv", 5),
            ["--warehouse", "/d/warehouse", "--format", "csv", "--limit", "5", "--sql", "SELECT 'a b'"],
        )

    def test_the_query_class_runs_from_the_ops_jar(self):
        self.assertIs(jobs.QUERY_MODULE, jobs.OPS)
        self.assertEqual(jobs.QUERY_MAIN_CLASS, "io.c360.ops.query.QueryMain")

    def test_query_command(self):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            classpath = root / OPS.runtime_classpath
            classpath.parent.mkdir(parents=True)
            classpath.write_text("/m2/spark.jar:/m2/iceberg.jar\n")
            args = options("SELECT 1", "--format", "csv", "--limit", "7", "--driver-memory", "1g")
            command = launch.job_command(
                args.spark, root, "/jdk/bin/java", OPS, jobs.QUERY_MAIN_CLASS,
                query.query_job_args(Path("/d/warehouse"), args.sql, args.output_format, args.limit),
                local_target.lakehouse(args.spark.master, Path("/d")),
            )
        jar = f"{root}/lakehouse-ops/target/lakehouse-ops-0.1.0-SNAPSHOT.jar"
        self.assertEqual(command[:len(launch.JAVA17_FLAGS) + 1], ["/jdk/bin/java", *launch.JAVA17_FLAGS])
        self.assertEqual(
            command[command.index("-cp") - 2:],
            [f"-Dlog4j2.configurationFile={root}/scripts/log4j2-local.properties", "-Xmx1g",
             "-cp", f"{jar}:/m2/spark.jar:/m2/iceberg.jar",
             "org.apache.spark.deploy.SparkSubmit", "--master", "local[*]",
             "--class", "io.c360.ops.query.QueryMain",
             "--conf", "spark.driver.memory=1g",
             jar, "--warehouse", "/d/warehouse", "--format", "csv", "--limit", "7", "--sql", "SELECT 1"],
        )


class QueryMainTest(unittest.TestCase):
    """main(["query", ...]) with a fake repository whose jars are up to date, and a fake java."""

    def setUp(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.folder = Path(folder.name)
        self.root = self.folder / "repo"
        for name in (OPS.jar, OPS.runtime_classpath):
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("/m2/spark.jar" if name.endswith(".classpath") else "jar")
        self.data = self.folder / "data"
        (self.data / "warehouse").mkdir(parents=True)
        self.java = self.folder / "java"
        # Records its arguments and working folder, prints a row, and exits with $FAKE_JAVA_EXIT.
        self.java.write_text(
            '#!/bin/sh\nprintf "%s\\n" "$@" > "$0.args"\npwd > "$0.cwd"\necho "|id|"\n'
            'exit "${FAKE_JAVA_EXIT:-0}"\n'
        )
        self.java.chmod(0o755)
        for patch in (
            mock.patch.object(jobs, "REPO_ROOT", self.root),
            mock.patch.object(launch, "find_java", return_value=str(self.java)),
        ):
            patch.start()
            self.addCleanup(patch.stop)

    def recorded_args(self):
        return Path(f"{self.java}.args").read_text().splitlines()

    def test_dry_run_prints_the_command(self):
        code, stdout, stderr = run_main("query", "SELECT 1", "--data-dir", str(self.data), "--dry-run")
        self.assertEqual(code, 0, stderr)
        self.assertIn("--class io.c360.ops.query.QueryMain", stdout)
        self.assertTrue(stdout.rstrip().endswith(
            f"--warehouse {self.data}/warehouse --format table --limit 100 --sql 'SELECT 1'"
        ))
        self.assertFalse(Path(f"{self.java}.args").exists())

    def run_query(self, *argv):
        """main(["query", *argv]) with the child's standard output captured in a file: the child
        inherits ours, which unittest's StringIO cannot give it. Returns (code, child's output,
        our stderr, the keyword arguments subprocess.run got)."""
        child_stdout = self.folder / "child-stdout"
        calls = []

        def run(command, **kwargs):
            calls.append(kwargs)
            popen_kwargs = {key: value for key, value in kwargs.items() if key != "check"}
            with open(child_stdout, "w") as out:
                code = subprocess.Popen(command, stdout=out, **popen_kwargs).wait()
            return subprocess.CompletedProcess(command, code)

        with mock.patch.object(query.subprocess, "run", side_effect=run):
            code, _, stderr = run_main("query", *argv)
        return code, child_stdout.read_text() if child_stdout.exists() else None, stderr, calls

    def test_runs_the_query_class_in_the_data_folder_with_our_stdout(self):
        code, rows, stderr, calls = self.run_query("SELECT 1", "--data-dir", str(self.data), "--format", "csv")
        self.assertEqual(code, 0, stderr)
        self.assertEqual(rows, "|id|\n")
        self.assertEqual(len(calls), 1)
        self.assertNotIn("stdout", calls[0])  # the rows go straight to our standard output
        self.assertEqual(calls[0]["env"]["SPARK_LOCAL_IP"], os.environ.get("SPARK_LOCAL_IP", "127.0.0.1"))
        self.assertEqual(
            self.recorded_args()[-8:],
            ["--warehouse", f"{self.data}/warehouse", "--format", "csv", "--limit", "100", "--sql", "SELECT 1"],
        )
        self.assertEqual(Path(Path(f"{self.java}.cwd").read_text().strip()).resolve(), self.data.resolve())
        self.assertIn("query on", stderr)

    def test_a_failed_query_exits_with_the_class_exit_code(self):
        with mock.patch.dict(os.environ, {"FAKE_JAVA_EXIT": "2"}):
            code, _, stderr, _ = self.run_query("SELECT nope", "--data-dir", str(self.data))
        self.assertEqual(code, 2)
        self.assertIn("the query failed with exit code 2: bad usage or configuration", stderr)

    def test_a_missing_lakehouse_is_a_usage_error(self):
        code, stdout, stderr = run_main("query", "SELECT 1", "--data-dir", str(self.folder / "none"))
        self.assertEqual(code, 2)
        self.assertEqual(stdout, "")
        self.assertIn("there is no lakehouse in", stderr)
        self.assertIn("run the pipeline first", stderr)
        self.assertFalse(Path(f"{self.java}.args").exists())

    def test_a_data_dir_that_is_a_file(self):
        file = self.folder / "file"
        file.write_text("")
        code, _, stderr = run_main("query", "SELECT 1", "--data-dir", str(file))
        self.assertEqual(code, 2)
        self.assertIn("is a file; expected a folder", stderr)

    def test_stack_target_refuses_the_local_options(self):
        code, stdout, stderr = run_main("query", "SELECT 1", "--data-dir", str(self.data), "--target", "stack")
        self.assertEqual(code, 2)
        self.assertEqual(stdout, "")
        self.assertIn("argument --data-dir: applies to --target local only", stderr)
        self.assertIn("Trino", stderr)
        self.assertIn("run_pipeline.py query --help", stderr)

    def test_write_statements_exit_2_before_anything_runs(self):
        code, _, stderr = run_main("query", "DROP TABLE lakehouse.silver.customers", "--data-dir", str(self.data))
        self.assertEqual(code, 2)
        self.assertIn("'DROP' statements are not run", stderr)
        self.assertFalse(Path(f"{self.java}.args").exists())

    def test_bad_option_and_help(self):
        self.assertEqual(run_main("query", "SELECT 1", "--limit", "0")[0], 2)
        code, stdout, _ = run_main("query", "--help")
        self.assertEqual(code, 0)
        self.assertIn("run_pipeline.py query", stdout)

    def test_maven_output_goes_to_stderr(self):
        failed = InternalError("the Maven build failed")
        with mock.patch.object(build, "ensure_built", side_effect=failed) as ensure:
            code, _, stderr = run_main("query", "SELECT 1", "--data-dir", str(self.data))
        self.assertEqual(code, 1)
        self.assertIn("run_pipeline.py: error: the Maven build failed", stderr)
        ensure.assert_called_once_with(self.root, [OPS], False, False, maven_output=2)


if __name__ == "__main__":
    unittest.main()
