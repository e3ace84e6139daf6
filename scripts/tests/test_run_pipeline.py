"""Unit tests of scripts/run_pipeline.py: its pure functions, and main() up to the first process.

Run from the repository root: python3 -m unittest discover -s scripts/tests -v
"""

import contextlib
import datetime
import io
import json
import os
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path
from unittest import mock

SCRIPTS_DIR = Path(__file__).resolve().parent.parent
if str(SCRIPTS_DIR) not in sys.path:
    sys.path.insert(0, str(SCRIPTS_DIR))

import run_pipeline  # noqa: E402  (needs the path above)
from run_pipeline import BuildState, StageOutcome  # noqa: E402


def parse(*argv):
    return run_pipeline.build_parser().parse_args(list(argv))


class ParserTestCase(unittest.TestCase):
    def parse_error(self, *argv):
        """The message argparse prints for ``argv``, which it must reject with exit code 2."""
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr), self.assertRaises(SystemExit) as caught:
            run_pipeline.build_parser().parse_args(list(argv))
        self.assertEqual(caught.exception.code, 2)
        return stderr.getvalue()


def run_main(*argv):
    """(exit code, stdout, stderr) of main(argv)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = run_pipeline.main(list(argv))
    return code, stdout.getvalue(), stderr.getvalue()


class DefaultsTest(ParserTestCase):
    def test_defaults(self):
        args = parse()
        self.assertEqual(args.stage, "full")
        self.assertEqual(args.target, "local")
        self.assertEqual(args.data_dir, "./lakehouse-data")
        self.assertEqual(args.seed, 42)
        self.assertIsNone(args.customers)
        self.assertEqual(args.interactions, 100_000)
        self.assertEqual(args.start_date, datetime.date(2026, 1, 1))
        self.assertEqual(args.days, 30)
        self.assertEqual(args.defect_rate, 0.02)
        self.assertEqual(args.master, "local[*]")
        self.assertEqual(args.driver_memory, "2g")
        self.assertEqual(args.spark_conf, [])
        self.assertFalse(args.skip_build)
        self.assertFalse(args.dry_run)

    def test_every_option(self):
        args = parse(
            "--stage", "bronze", "--target", "local", "--data-dir", "/data", "--seed", "-7",
            "--customers", "500", "--interactions", "2000", "--start-date", "2025-12-30",
            "--days", "3", "--defect-rate", "0.5", "--master", "local[2]",
            "--driver-memory", "512m", "--spark-conf", "spark.a=1", "--spark-conf", "spark.b=x=y",
            "--skip-build", "--dry-run",
        )
        self.assertEqual(args.stage, "bronze")
        self.assertEqual(args.data_dir, "/data")
        self.assertEqual(args.seed, -7)
        self.assertEqual(args.customers, 500)
        self.assertEqual(args.interactions, 2000)
        self.assertEqual(args.start_date, datetime.date(2025, 12, 30))
        self.assertEqual(args.days, 3)
        self.assertEqual(args.defect_rate, 0.5)
        self.assertEqual(args.master, "local[2]")
        self.assertEqual(args.driver_memory, "512m")
        self.assertEqual(args.spark_conf, [("spark.a", "1"), ("spark.b", "x=y")])
        self.assertTrue(args.skip_build)
        self.assertTrue(args.dry_run)

    def test_every_option_has_help(self):
        for action in run_pipeline.build_parser()._actions:
            self.assertTrue(action.help, f"{action.option_strings} has no help")

    def test_abbreviated_options_are_rejected(self):
        self.assertIn("unrecognized arguments: --stag", self.parse_error("--stag", "bronze"))


class ValidationMessageTest(ParserTestCase):
    def assert_rejected(self, option, value, accepted):
        message = self.parse_error(option, value)
        self.assertIn(f"argument {option}:", message)
        self.assertIn(f"'{value}'", message)
        self.assertIn(accepted, message)

    def test_days(self):
        self.assert_rejected("--days", "0", "a whole number >= 1")
        self.assert_rejected("--days", "three", "a whole number >= 1")

    def test_lowest_accepted_values(self):
        self.assertEqual(parse("--days", "1").days, 1)
        self.assertEqual(parse("--customers", "1").customers, 1)
        self.assertEqual(parse("--interactions", "0").interactions, 0)

    def test_volumes(self):
        self.assert_rejected("--customers", "0", "a whole number >= 1")
        self.assert_rejected("--interactions", "-1", "a whole number >= 0")
        self.assert_rejected("--seed", "1.5", "a whole number")

    def test_defect_rate(self):
        self.assert_rejected("--defect-rate", "1.01", "a number from 0 to 1")
        self.assert_rejected("--defect-rate", "-0.1", "a number from 0 to 1")
        self.assert_rejected("--defect-rate", "nan", "a number from 0 to 1")
        self.assertEqual(parse("--defect-rate", "0").defect_rate, 0.0)
        self.assertEqual(parse("--defect-rate", "1").defect_rate, 1.0)

    def test_start_date(self):
        self.assert_rejected("--start-date", "2026-1-1", "YYYY-MM-DD")
        self.assert_rejected("--start-date", "20260101", "YYYY-MM-DD")
        self.assert_rejected("--start-date", "2026-02-30", "not a calendar date")

    def test_driver_memory(self):
        self.assert_rejected("--driver-memory", "2", "512m or 4g")
        self.assert_rejected("--driver-memory", "2gb", "512m or 4g")
        self.assertEqual(parse("--driver-memory", "4G").driver_memory, "4G")

    def test_spark_conf(self):
        self.assert_rejected("--spark-conf", "spark.sql.shuffle.partitions", "KEY=VALUE")
        self.assert_rejected("--spark-conf", "=1", "KEY=VALUE")
        self.assert_rejected("--spark-conf", "spark.driver.memory=8g", "--driver-memory")
        self.assert_rejected("--spark-conf", "spark.master=local", "--master")

    def test_choices_name_the_accepted_values(self):
        message = self.parse_error("--stage", "platinum")
        self.assertIn("'platinum'", message)
        self.assertIn("'bronze', 'silver', 'gold', 'full'", message)

    def test_master_must_be_local_for_the_local_target(self):
        self.assertEqual(run_pipeline.check_options(parse("--master", "local[4]")), [])
        self.assertEqual(run_pipeline.check_options(parse("--master", "local")), [])
        problems = run_pipeline.check_options(parse("--master", "spark://host:7077"))
        self.assertEqual(len(problems), 1)
        self.assertIn("--master", problems[0])
        self.assertIn("'spark://host:7077'", problems[0])
        self.assertIn("local[N]", problems[0])
        self.assertEqual(len(run_pipeline.check_options(parse("--master", "local[0]"))), 1)


class StagesAndTargetsTest(unittest.TestCase):
    def test_full_runs_what_exists_and_names_the_rest(self):
        self.assertEqual(run_pipeline.plan_stages("full"), (["bronze"], ["silver", "gold"], None))

    def test_bronze(self):
        self.assertEqual(run_pipeline.plan_stages("bronze"), (["bronze"], [], None))

    def test_missing_stages(self):
        for stage in ("silver", "gold"):
            run, skipped, problem = run_pipeline.plan_stages(stage)
            self.assertEqual((run, skipped), ([], []))
            self.assertIn(f"'{stage}' is not implemented yet", problem)

    def test_targets(self):
        self.assertIsNone(run_pipeline.target_problem("local"))
        for target in ("stack", "k8s"):
            self.assertIn(f"'{target}' is not implemented yet", run_pipeline.target_problem(target))

    def test_main_rejects_missing_stage_and_target_with_usage_code(self):
        for argv in (["--stage", "silver"], ["--stage", "gold"], ["--target", "stack"], ["--target", "k8s"]):
            code, stdout, stderr = run_main(*argv)
            self.assertEqual(code, 2, argv)
            self.assertIn("not implemented yet", stderr)
            self.assertEqual(stdout, "")

    def test_main_returns_2_on_bad_argument_and_0_on_help(self):
        self.assertEqual(run_main("--days", "0")[0], 2)
        self.assertEqual(run_main("--help")[0], 0)

    def test_main_rejects_a_data_dir_that_is_a_file(self):
        with tempfile.NamedTemporaryFile() as file:
            code, _, stderr = run_main("--data-dir", file.name, "--dry-run")
        self.assertEqual(code, 2)
        self.assertIn("--data-dir", stderr)

    def test_end_date(self):
        self.assertEqual(run_pipeline.end_date(datetime.date(2026, 1, 1), 30), datetime.date(2026, 1, 30))
        self.assertEqual(run_pipeline.end_date(datetime.date(2026, 1, 1), 1), datetime.date(2026, 1, 1))
        self.assertEqual(run_pipeline.end_date(datetime.date(2024, 2, 28), 2), datetime.date(2024, 2, 29))


class BuildTest(unittest.TestCase):
    def test_missing_jar(self):
        reason = run_pipeline.build_reason(BuildState(None, True, {"pom.xml": 1.0}))
        self.assertEqual(reason, "bronze-ingest/target/bronze-ingest-0.1.0-SNAPSHOT.jar is missing")

    def test_missing_classpath(self):
        reason = run_pipeline.build_reason(BuildState(10.0, False, {"pom.xml": 1.0}))
        self.assertEqual(reason, "bronze-ingest/target/spark-runtime.classpath is missing")

    def test_up_to_date(self):
        self.assertIsNone(run_pipeline.build_reason(BuildState(10.0, True, {"pom.xml": 9.0, "common/src/A.java": 10.0})))

    def test_newer_source_names_the_newest_file(self):
        state = BuildState(10.0, True, {"pom.xml": 11.0, "common/src/A.java": 12.0, "bronze-ingest/pom.xml": 1.0})
        self.assertEqual(
            run_pipeline.build_reason(state),
            "common/src/A.java and 1 other file(s) changed after the jar was built",
        )
        one = BuildState(10.0, True, {"bronze-ingest/src/B.java": 10.5})
        self.assertEqual(run_pipeline.build_reason(one), "bronze-ingest/src/B.java changed after the jar was built")

    def test_input_mtimes_walks_files_and_folders(self):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            (root / "pom.xml").write_text("<project/>")
            (root / "common" / "src" / "main").mkdir(parents=True)
            (root / "common" / "src" / "main" / "A.java").write_text("class A {}")
            os.utime(root / "pom.xml", (100, 100))
            found = dict(run_pipeline.input_mtimes(root, ("pom.xml", "common/src", "common/pom.xml")))
        self.assertEqual(set(found), {"pom.xml", "common/src/main/A.java"})
        self.assertEqual(found["pom.xml"], 100)

    def test_maven_command(self):
        self.assertEqual(
            run_pipeline.maven_build_command(),
            ["mvn", "-B", "-q", "-DskipTests", "package", "-pl", "bronze-ingest", "-am"],
        )


class EnsureBuiltTest(unittest.TestCase):
    """ensure_built on an empty repository, with a hand-written fake mvn on the PATH."""

    def setUp(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.root = Path(folder.name)
        fake_bin = self.root / "fake-bin"
        fake_bin.mkdir()
        fake_mvn = fake_bin / "mvn"
        fake_mvn.write_text('#!/bin/sh\npwd > "$0.cwd"\necho "$@" > "$0.args"\nexit 1\n')
        fake_mvn.chmod(0o755)
        self.fake_mvn = fake_mvn
        path = {"PATH": f"{fake_bin}{os.pathsep}{os.environ.get('PATH', '')}"}
        environment = mock.patch.dict(os.environ, path)
        environment.start()
        self.addCleanup(environment.stop)

    def ensure_built(self, skip_build):
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr):
            code = run_pipeline.ensure_built(self.root, skip_build=skip_build, dry_run=False)
        return code, stderr.getvalue()

    def test_builds_in_the_repo_root_and_reports_a_failed_build(self):
        code, stderr = self.ensure_built(skip_build=False)
        self.assertEqual(code, 1)
        self.assertIn("because bronze-ingest/target/bronze-ingest-0.1.0-SNAPSHOT.jar is missing", stderr)
        self.assertIn("the Maven build failed (exit code 1)", stderr)
        self.assertEqual(Path(f"{self.fake_mvn}.args").read_text().strip(), "-B -q -DskipTests package -pl bronze-ingest -am")
        self.assertEqual(Path(Path(f"{self.fake_mvn}.cwd").read_text().strip()).resolve(), self.root.resolve())

    def test_skip_build_without_a_jar_is_a_usage_error(self):
        code, stderr = self.ensure_built(skip_build=True)
        self.assertEqual(code, 2)
        self.assertIn("--skip-build", stderr)
        self.assertFalse(Path(f"{self.fake_mvn}.args").exists())


class CommandTest(unittest.TestCase):
    def test_bronze_job_args(self):
        args = parse("--customers", "500", "--interactions", "2000", "--start-date", "2026-03-01",
                     "--days", "7", "--defect-rate", "0.1", "--seed", "9")
        self.assertEqual(
            run_pipeline.bronze_job_args(args, Path("/d/bronze"), Path("/d/warehouse")),
            ["--output", "/d/bronze", "--seed", "9", "--interactions", "2000", "--customers", "500",
             "--start-date", "2026-03-01", "--days", "7", "--defect-rate", "0.1", "--target", "local",
             "--warehouse", "/d/warehouse"],
        )

    def test_bronze_job_args_leave_customers_to_the_job(self):
        job_args = run_pipeline.bronze_job_args(parse(), Path("/d/bronze"), Path("/d/warehouse"))
        self.assertNotIn("--customers", job_args)
        self.assertEqual(job_args[job_args.index("--defect-rate") + 1], "0.02")

    def test_runtime_classpath(self):
        text = "/m2/a.jar:/m2/b.jar::/m2/c.jar\n"
        self.assertEqual(run_pipeline.parse_runtime_classpath(text), ["/m2/a.jar", "/m2/b.jar", "/m2/c.jar"])
        self.assertEqual(run_pipeline.parse_runtime_classpath("\n"), [])

    def test_local_job_command(self):
        command = run_pipeline.local_job_command(
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
            [*run_pipeline.JAVA17_FLAGS, "-Dlog4j2.configurationFile=/repo/scripts/log4j2-local.properties", "-Xmx3g"],
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
        self.assertEqual(len(run_pipeline.JAVA17_FLAGS), 16)
        self.assertEqual(run_pipeline.JAVA17_FLAGS[0], "-XX:+IgnoreUnrecognizedVMOptions")
        self.assertEqual(run_pipeline.JAVA17_FLAGS[-1], "-Djdk.reflect.useDirectMethodHandle=false")

    def test_local_job_environment_binds_to_loopback_unless_set(self):
        environment = run_pipeline.local_job_environment({"PATH": "/bin"})
        self.assertEqual(environment, {"PATH": "/bin", "SPARK_LOCAL_IP": "127.0.0.1"})
        chosen = run_pipeline.local_job_environment({"SPARK_LOCAL_IP": "10.0.0.5"})
        self.assertEqual(chosen["SPARK_LOCAL_IP"], "10.0.0.5")

    def test_find_java_prefers_java_home(self):
        with tempfile.TemporaryDirectory() as home:
            java = Path(home) / "bin" / "java"
            java.parent.mkdir()
            java.write_text("")
            self.assertEqual(run_pipeline.find_java({"JAVA_HOME": home}), str(java))


REPORT = {
    "event": "c360.job_run",
    "run_id": "bronze-ingest-20260101T000000Z-abcd1234",
    "job": "bronze-ingest",
    "status": "SUCCEEDED",
    "exit_code": 0,
    "started_at": "2026-01-01T00:00:00Z",
    "finished_at": "2026-01-01T00:00:42Z",
    "duration_ms": 42_000,
    "parameters": {"seed": 42},
    "counts": {"customers_rows": 2500, "customer_interactions_rows": 100_000},
    "durations_ms": {"prepare": 12, "write": 30_500, "verify": 1_200},
    "details": {"manifest": "/d/bronze/_manifests/2026-01-01_2026-01-30.json"},
    "error": None,
}

MANIFEST = {
    "tables": {
        "customers": {
            "path": "/d/bronze/customers",
            "rows": 2500,
            "defects": {"malformed_email": 20, "phone_format": 31, "state_name": 5, "missing_id": 0},
        },
        "customer_interactions": {
            "rows": 100_000,
            "defects": {"duplicate_event": 900, "negative_amount": 400, "future_timestamp": 400, "unknown_channel": 300},
        },
    }
}


class ReportLineTest(unittest.TestCase):
    def test_finds_the_report_among_other_output(self):
        lines = [
            "Generating 30 days\n",
            '{"event":"other","run_id":"x"}\n',
            json.dumps(REPORT, separators=(",", ":")) + "\n",
            "bye\n",
        ]
        self.assertEqual(run_pipeline.extract_report(lines), REPORT)

    def test_no_report(self):
        self.assertIsNone(run_pipeline.extract_report(["hello\n", "{not json c360.job_run\n", "[1, 2]\n"]))
        self.assertIsNone(run_pipeline.parse_report_line('{"event":"c360.job_run"'))

    def test_last_report_wins(self):
        first = dict(REPORT, run_id="first")
        second = dict(REPORT, run_id="second")
        self.assertEqual(run_pipeline.extract_report([json.dumps(first), json.dumps(second)])["run_id"], "second")

    def test_exit_code_meanings(self):
        self.assertEqual(run_pipeline.describe_exit_code(0), "success")
        self.assertIn("external system", run_pipeline.describe_exit_code(3))
        self.assertIn("data-quality", run_pipeline.describe_exit_code(4))
        self.assertIn("SIGKILL", run_pipeline.describe_exit_code(137))
        self.assertIn("SIGTERM", run_pipeline.describe_exit_code(-15))
        self.assertEqual(run_pipeline.describe_exit_code(7), "unexpected exit code")


class RunStreamingTest(unittest.TestCase):
    """The real thing: a Python child process stands in for the job."""

    def run_fake_job(self, body):
        script = textwrap.dedent(body)
        stdout = io.StringIO()
        with tempfile.TemporaryDirectory() as folder, contextlib.redirect_stdout(stdout):
            code, report = run_pipeline.run_streaming([sys.executable, "-c", script], cwd=Path(folder))
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


class SummaryTest(unittest.TestCase):
    def outcome(self, **changes):
        values = dict(
            stage="bronze",
            exit_code=0,
            wall_ms=45_000,
            report=REPORT,
            manifest=MANIFEST,
            manifest_path="/d/bronze/_manifests/2026-01-01_2026-01-30.json",
        )
        values.update(changes)
        return StageOutcome(**values)

    def render(self, outcomes, skipped=("silver", "gold"), not_run=()):
        return run_pipeline.render_summary(
            outcomes, list(skipped), list(not_run), "/d", "scripts/run_pipeline.py", 100_000
        )

    def test_defect_totals(self):
        total, kinds = run_pipeline.defect_totals(MANIFEST["tables"]["customer_interactions"]["defects"])
        self.assertEqual(total, 2000)
        self.assertEqual(kinds[0], ("duplicate_event", 900))
        # Ties are ordered by name.
        self.assertEqual(kinds[1:3], [("future_timestamp", 400), ("negative_amount", 400)])

    def test_defect_totals_tolerate_junk(self):
        self.assertEqual(run_pipeline.defect_totals(None), (0, []))
        self.assertEqual(run_pipeline.defect_totals({"a": "x", "b": True, "c": 2, "d": 0}), (2, [("c", 2)]))

    def test_formatting(self):
        self.assertEqual(run_pipeline.format_count(1234567), "1,234,567")
        self.assertEqual(run_pipeline.format_count(None), "?")
        self.assertEqual(run_pipeline.format_duration(1_500), "1.5 s")
        self.assertEqual(run_pipeline.format_duration(125_000), "2 min 05 s")
        self.assertEqual(run_pipeline.format_duration("soon"), "?")

    def test_success_summary(self):
        summary = self.render([self.outcome()])
        self.assertRegex(summary, r"bronze\s+SUCCEEDED\s+42\.0 s\s+\(prepare 0\.0 s, write 30\.5 s, verify 1\.2 s\)")
        self.assertRegex(summary, r"silver\s+SKIPPED .*not implemented yet")
        self.assertRegex(summary, r"gold\s+SKIPPED")
        self.assertRegex(summary, r"customers\s+2,500\s+56 \(2\.2%\)\s+phone_format 31, malformed_email 20, state_name 5\n")
        self.assertRegex(
            summary,
            r"customer_interactions\s+100,000\s+2,000 \(2\.0%\)\s+duplicate_event 900, future_timestamp 400, "
            r"negative_amount 400, \+1 more kinds",
        )
        self.assertIn("bronze     /d/bronze", summary)
        self.assertRegex(summary, r"\n    customers\s+/d/bronze/customers\n")
        self.assertIn("manifest   /d/bronze/_manifests/2026-01-01_2026-01-30.json", summary)
        self.assertIn("run id     bronze-ingest-20260101T000000Z-abcd1234", summary)
        self.assertIn("python3 -m json.tool /d/bronze/_manifests/2026-01-01_2026-01-30.json", summary)
        self.assertIn("python3 scripts/run_pipeline.py --stage bronze --interactions 1000000 --data-dir /d", summary)
        self.assertNotIn("FAILED", summary)

    def test_wall_time_when_the_report_has_no_duration(self):
        summary = self.render([self.outcome(report=None)], skipped=())
        self.assertRegex(summary, r"bronze\s+SUCCEEDED\s+45\.0 s")

    def test_missing_manifest_falls_back_to_report_counts(self):
        summary = self.render([self.outcome(manifest=None)])
        self.assertIn("from the run report; no manifest found", summary)
        self.assertRegex(summary, r"customer_interactions_rows\s+100,000")
        self.assertNotIn("manifest   /d", summary)

    def test_partial_manifest(self):
        manifest = {"tables": {"customers": {"rows": 10}, "customer_interactions": "junk"}}
        summary = self.render([self.outcome(manifest=manifest)])
        self.assertRegex(summary, r"customers\s+10\s+\?\s+-\n")
        self.assertRegex(summary, r"customer_interactions\s+\?\s+\?\s+-")

    def test_failure_summary(self):
        report = dict(REPORT, status="FAILED", exit_code=3, error="Cannot reach the bronze output s3a://b/")
        summary = self.render([self.outcome(exit_code=3, report=report, manifest=None)], skipped=(), not_run=("silver",))
        self.assertRegex(summary, r"bronze\s+FAILED")
        self.assertIn("exit code 3: an external system", summary)
        self.assertIn("error: Cannot reach the bronze output s3a://b/", summary)
        self.assertRegex(summary, r"silver\s+NOT RUN")
        self.assertNotIn("json.tool", summary)

    def test_failure_without_report(self):
        summary = self.render([self.outcome(exit_code=1, report=None, manifest=None)], skipped=())
        self.assertIn("the job printed no run report", summary)
        self.assertIn("python3 scripts/run_pipeline.py --stage bronze --dry-run", summary)

    def test_next_command_after_usage_error(self):
        summary = self.render([self.outcome(exit_code=2, report=None, manifest=None)], skipped=())
        self.assertIn("python3 scripts/run_pipeline.py --help", summary)


if __name__ == "__main__":
    unittest.main()
