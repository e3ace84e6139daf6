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
from run_pipeline import BRONZE, SILVER, BuildState, StageOutcome  # noqa: E402


def parse(*argv):
    return run_pipeline.build_parser().parse_args(list(argv))


def local(data_dir):
    """The local target's lakehouse in ``data_dir`` (the default options)."""
    return run_pipeline.local_lakehouse(parse(), Path(data_dir))


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
        self.assertIsNone(args.master)  # local[*] on --target local, the stack's master on stack
        self.assertEqual(args.driver_memory, "2g")
        self.assertEqual(args.spark_conf, [])
        self.assertFalse(args.skip_build)
        self.assertFalse(args.dry_run)
        self.assertIsNone(args.dates)
        self.assertIsNone(args.max_reject_rate)
        self.assertIsNone(args.as_of)

    def test_every_option(self):
        args = parse(
            "--stage", "bronze", "--target", "local", "--data-dir", "/data", "--seed", "-7",
            "--customers", "500", "--interactions", "2000", "--start-date", "2025-12-30",
            "--days", "3", "--defect-rate", "0.5", "--master", "local[2]",
            "--driver-memory", "512m", "--spark-conf", "spark.a=1", "--spark-conf", "spark.b=x=y",
            "--skip-build", "--dry-run", "--dates", "2025-12-30..2026-01-01",
            "--max-reject-rate", "0.1", "--as-of", "2026-01-31",
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
        self.assertEqual(args.dates, (datetime.date(2025, 12, 30), datetime.date(2026, 1, 1)))
        self.assertEqual(args.max_reject_rate, 0.1)
        self.assertEqual(args.as_of, datetime.date(2026, 1, 31))

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

    def test_dates(self):
        self.assertEqual(parse("--dates", "2026-01-05").dates, (datetime.date(2026, 1, 5),) * 2)
        self.assertEqual(
            parse("--dates", " 2026-01-01..2026-01-07 ").dates,
            (datetime.date(2026, 1, 1), datetime.date(2026, 1, 7)),
        )
        self.assert_rejected("--dates", "2026-01-07..2026-01-01", "last date is before its first")
        self.assert_rejected("--dates", "2026-01-01..", "FIRST or FIRST..LAST")
        self.assert_rejected("--dates", "2026-01-01..2026-01-02..2026-01-03", "FIRST or FIRST..LAST")
        self.assert_rejected("--dates", "2026-1-1", "FIRST or FIRST..LAST")
        self.assert_rejected("--dates", "2026-02-30", "not a calendar date")

    def test_max_reject_rate_and_as_of(self):
        self.assert_rejected("--max-reject-rate", "5%", "a number from 0 to 1")
        self.assert_rejected("--max-reject-rate", "1.5", "a number from 0 to 1")
        self.assertEqual(parse("--max-reject-rate", "0").max_reject_rate, 0.0)
        self.assert_rejected("--as-of", "31/01/2026", "YYYY-MM-DD")

    def test_silver_options_need_a_stage_that_runs_silver(self):
        for option, value in (("--dates", "2026-01-01"), ("--max-reject-rate", "0.1"), ("--as-of", "2026-01-01")):
            problems = run_pipeline.check_options(parse("--stage", "bronze", option, value))
            self.assertEqual(len(problems), 1, option)
            self.assertIn(f"argument {option}: applies to the silver stage", problems[0])
            for stage in ("silver", "full"):
                self.assertEqual(run_pipeline.check_options(parse("--stage", stage, option, value)), [])

    def test_whole_number_with_a_maximum(self):
        convert = run_pipeline.whole_number(1, 1000)
        self.assertEqual(convert("1000"), 1000)
        for text in ("0", "1001", "x"):
            with self.assertRaises(run_pipeline.argparse.ArgumentTypeError) as caught:
                convert(text)
            self.assertIn("a whole number from 1 to 1,000", str(caught.exception))

    def test_choices_name_the_accepted_values(self):
        message = self.parse_error("--stage", "platinum")
        self.assertIn("'platinum'", message)
        self.assertIn("'bronze', 'silver', 'gold', 'maintenance', 'full'", message)

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
    def test_full_runs_bronze_silver_and_gold(self):
        self.assertEqual(
            run_pipeline.plan_stages("full"), (["bronze", "silver", "gold"], [], None))

    def test_single_stages(self):
        for stage in ("bronze", "silver", "gold", "maintenance"):
            self.assertEqual(run_pipeline.plan_stages(stage), ([stage], [], None))

    def test_gold_and_maintenance_share_one_jar_built_once(self):
        modules = run_pipeline.modules_of(["bronze", "silver", "gold", "maintenance"])
        self.assertEqual(
            [module.name for module in modules], ["bronze-ingest", "silver-build", "gold-finalize"])

    def test_targets(self):
        for target in ("local", "stack", "k8s"):  # stack: test_stack_target.py, k8s: test_run_pipeline_k8s.py
            self.assertIsNone(run_pipeline.target_problem(target))

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
        reason = run_pipeline.build_reason(BRONZE, BuildState(None, True, {"pom.xml": 1.0}))
        self.assertEqual(reason, "bronze-ingest/target/bronze-ingest-0.1.0-SNAPSHOT.jar is missing")
        reason = run_pipeline.build_reason(SILVER, BuildState(None, True, {"pom.xml": 1.0}))
        self.assertEqual(reason, "silver-build/target/silver-build-0.1.0-SNAPSHOT.jar is missing")

    def test_missing_classpath(self):
        reason = run_pipeline.build_reason(BRONZE, BuildState(10.0, False, {"pom.xml": 1.0}))
        self.assertEqual(reason, "bronze-ingest/target/spark-runtime.classpath is missing")
        reason = run_pipeline.build_reason(SILVER, BuildState(10.0, False, {"pom.xml": 1.0}))
        self.assertEqual(reason, "silver-build/target/spark-runtime.classpath is missing")

    def test_up_to_date(self):
        state = BuildState(10.0, True, {"pom.xml": 9.0, "common/src/main/A.java": 10.0})
        self.assertIsNone(run_pipeline.build_reason(BRONZE, state))

    def test_newer_source_names_the_newest_file(self):
        state = BuildState(10.0, True, {"pom.xml": 11.0, "common/src/main/A.java": 12.0, "bronze-ingest/pom.xml": 1.0})
        self.assertEqual(
            run_pipeline.build_reason(BRONZE, state),
            "common/src/main/A.java and 1 other file(s) changed after bronze-ingest-0.1.0-SNAPSHOT.jar was built",
        )
        one = BuildState(10.0, True, {"bronze-ingest/src/main/B.java": 10.5})
        self.assertEqual(
            run_pipeline.build_reason(BRONZE, one),
            "bronze-ingest/src/main/B.java changed after bronze-ingest-0.1.0-SNAPSHOT.jar was built",
        )

    def test_modules(self):
        self.assertEqual(BRONZE.jar, "bronze-ingest/target/bronze-ingest-0.1.0-SNAPSHOT.jar")
        self.assertEqual(BRONZE.main_class, "io.c360.bronze.BronzeIngestMain")
        self.assertEqual(SILVER.jar, "silver-build/target/silver-build-0.1.0-SNAPSHOT.jar")
        self.assertEqual(SILVER.runtime_classpath, "silver-build/target/spark-runtime.classpath")
        self.assertEqual(SILVER.main_class, "io.c360.silver.SilverBuildMain")

    def test_build_inputs_per_module(self):
        # Each jar shades common: a change there makes both stale; a module's own change only its own.
        self.assertEqual(
            run_pipeline.BUILD_INPUTS["silver-build"],
            ("pom.xml", "common/pom.xml", "common/src/main", "silver-build/pom.xml", "silver-build/src/main"),
        )
        self.assertEqual(BRONZE.build_inputs, run_pipeline.BUILD_INPUTS["bronze-ingest"])
        self.assertIn("bronze-ingest/src/main", BRONZE.build_inputs)
        self.assertNotIn("bronze-ingest/src/main", SILVER.build_inputs)

    def test_build_state_reads_the_module_files(self):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            jar = root / SILVER.jar
            jar.parent.mkdir(parents=True)
            jar.write_text("jar")
            (root / "silver-build" / "src" / "main").mkdir(parents=True)
            (root / "silver-build" / "src" / "main" / "S.java").write_text("class S {}")
            (root / "bronze-ingest" / "src" / "main").mkdir(parents=True)
            (root / "bronze-ingest" / "src" / "main" / "B.java").write_text("class B {}")
            os.utime(jar, (100, 100))
            state = run_pipeline.read_build_state(root, SILVER)
        self.assertEqual(state.jar_mtime, 100)
        self.assertFalse(state.classpath_present)
        self.assertEqual(set(state.input_mtimes), {"silver-build/src/main/S.java"})

    def test_modules_of_stages_in_reactor_order(self):
        self.assertEqual(run_pipeline.modules_of(["silver", "bronze"]), [BRONZE, SILVER])
        self.assertEqual(run_pipeline.modules_of(["silver"]), [SILVER])
        self.assertEqual(run_pipeline.modules_of([]), [])

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
            run_pipeline.maven_build_command([BRONZE]),
            ["mvn", "-B", "-q", "-DskipTests", "package", "-pl", "bronze-ingest", "-am"],
        )
        self.assertEqual(
            run_pipeline.maven_build_command([BRONZE, SILVER]),
            ["mvn", "-B", "-q", "-DskipTests", "package", "-pl", "bronze-ingest,silver-build", "-am"],
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

    def ensure_built(self, skip_build, modules=(BRONZE,), dry_run=False):
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = run_pipeline.ensure_built(self.root, list(modules), skip_build=skip_build, dry_run=dry_run)
        self.stdout = stdout.getvalue()
        return code, stderr.getvalue()

    def make_module_files(self, module, mtime):
        for name in (module.jar, module.runtime_classpath):
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("x")
            os.utime(path, (mtime, mtime))

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

    def test_builds_only_the_stale_jars_of_the_stages_to_run(self):
        self.make_module_files(BRONZE, 10**9)
        code, stderr = self.ensure_built(skip_build=False, modules=(BRONZE, SILVER))
        self.assertEqual(code, 1)
        self.assertIn("building silver-build because silver-build/target/silver-build-0.1.0-SNAPSHOT.jar is missing", stderr)
        self.assertEqual(Path(f"{self.fake_mvn}.args").read_text().strip(), "-B -q -DskipTests package -pl silver-build -am")

    def test_builds_every_stale_jar_in_one_run(self):
        code, stderr = self.ensure_built(skip_build=False, modules=(BRONZE, SILVER))
        self.assertEqual(code, 1)
        self.assertIn("run 'mvn -B package -pl bronze-ingest,silver-build -am'", stderr)
        self.assertEqual(
            Path(f"{self.fake_mvn}.args").read_text().strip(),
            "-B -q -DskipTests package -pl bronze-ingest,silver-build -am",
        )

    def test_up_to_date_jars_build_nothing(self):
        self.make_module_files(BRONZE, 10**9)
        self.make_module_files(SILVER, 10**9)
        self.assertEqual(self.ensure_built(skip_build=False, modules=(BRONZE, SILVER)), (0, ""))
        self.assertFalse(Path(f"{self.fake_mvn}.args").exists())

    def test_skip_build_names_every_missing_jar(self):
        self.make_module_files(BRONZE, 10**9)
        code, stderr = self.ensure_built(skip_build=True, modules=(BRONZE, SILVER))
        self.assertEqual(code, 2)
        self.assertIn("silver-build-0.1.0-SNAPSHOT.jar is missing", stderr)
        self.assertNotIn("bronze-ingest-0.1.0-SNAPSHOT.jar", stderr)

    def test_skip_build_runs_stale_jars_with_a_warning(self):
        self.make_module_files(SILVER, 1)
        (self.root / "pom.xml").write_text("<project/>")
        code, stderr = self.ensure_built(skip_build=True, modules=(SILVER,))
        self.assertEqual(code, 0)
        self.assertIn("warning: pom.xml changed after silver-build-0.1.0-SNAPSHOT.jar was built; running the existing jar(s)", stderr)

    def test_dry_run_prints_the_build_command(self):
        code, _ = self.ensure_built(skip_build=False, modules=(BRONZE, SILVER), dry_run=True)
        self.assertEqual(code, 0)
        self.assertIn("mvn -B -q -DskipTests package -pl bronze-ingest,silver-build -am)", self.stdout)
        self.assertFalse(Path(f"{self.fake_mvn}.args").exists())


class CommandTest(unittest.TestCase):
    def test_bronze_job_args(self):
        args = parse("--customers", "500", "--interactions", "2000", "--start-date", "2026-03-01",
                     "--days", "7", "--defect-rate", "0.1", "--seed", "9")
        self.assertEqual(
            run_pipeline.bronze_job_args(args, local("/d")),
            ["--output", "/d/bronze", "--seed", "9", "--interactions", "2000", "--customers", "500",
             "--start-date", "2026-03-01", "--days", "7", "--defect-rate", "0.1", "--target", "local",
             "--warehouse", "/d/warehouse"],
        )

    def test_bronze_job_args_leave_customers_to_the_job(self):
        job_args = run_pipeline.bronze_job_args(parse(), local("/d"))
        self.assertNotIn("--customers", job_args)
        self.assertEqual(job_args[job_args.index("--defect-rate") + 1], "0.02")

    def test_silver_job_args_pass_only_the_options_given(self):
        self.assertEqual(
            run_pipeline.silver_job_args(parse("--stage", "silver"), local("/d")),
            ["--bronze", "/d/bronze", "--target", "local", "--warehouse", "/d/warehouse"],
        )

    def test_gold_job_args_always_name_the_report(self):
        self.assertEqual(
            run_pipeline.gold_job_args(parse("--stage", "gold"), local("/d"), Path("/d/r.html")),
            ["--target", "local", "--warehouse", "/d/warehouse", "--report", "/d/r.html"],
        )

    def test_gold_job_args_with_every_option(self):
        args = parse("--stage", "gold", "--dates", "2026-01-02..2026-01-05", "--as-of", "2026-01-31")
        self.assertEqual(
            run_pipeline.gold_job_args(args, local("/d"), Path("/r.html"))[6:],
            ["--dates", "2026-01-02..2026-01-05", "--as-of", "2026-01-31"],
        )
        rebuild = run_pipeline.gold_job_args(parse("--full-rebuild"), local("/d"), Path("/r.html"))
        self.assertEqual(rebuild[-1], "--full-rebuild")

    def test_report_defaults_under_the_data_dir(self):
        self.assertEqual(
            run_pipeline.report_path(parse(), Path("/d")), Path("/d/reports/gold-report.html"))
        self.assertEqual(
            run_pipeline.report_path(parse("--report", "/tmp/x.html"), Path("/d")),
            Path("/tmp/x.html"))

    def test_maintenance_job_args_pass_only_the_settings_given(self):
        self.assertEqual(
            run_pipeline.maintenance_job_args(parse("--stage", "maintenance"), local("/d")),
            ["--target", "local", "--warehouse", "/d/warehouse"],
        )
        args = parse("--stage", "maintenance", "--retain-last", "3", "--orphan-retention-hours", "48")
        self.assertEqual(
            run_pipeline.maintenance_job_args(args, local("/d"))[4:],
            ["--retain-last", "3", "--orphan-retention-hours", "48"],
        )

    def test_orphan_retention_below_a_day_is_refused_by_the_parser(self):
        with self.assertRaises(SystemExit), contextlib.redirect_stderr(io.StringIO()):
            parse("--stage", "maintenance", "--orphan-retention-hours", "2")

    def test_gold_summary_lines(self):
        outcome = StageOutcome(
            stage="gold", exit_code=0, wall_ms=1000,
            report={
                "counts": {"daily_kpis.rows": 2, "churn_risk.rows": 40, "input_rows": 9},
                "details": {
                    "dates": ["2026-01-01", "2026-01-02"], "dates_cleared": [],
                    "reconciliation": "ok: orders and revenue match silver",
                    "as_of": "2026-01-02", "report": "/d/reports/gold-report.html",
                },
            },
        )
        text = "\n".join(run_pipeline.gold_lines(outcome))
        self.assertIn("Tables (gold: 2 date(s), 2026-01-01..2026-01-02)", text)
        self.assertIn("lakehouse.gold.churn_risk", text)
        self.assertIn("reconciliation: ok", text)
        self.assertIn("report: /d/reports/gold-report.html", text)
        self.assertNotIn("input_rows", text)

    def test_silver_job_args_with_every_option(self):
        args = parse("--dates", "2026-01-02..2026-01-05", "--max-reject-rate", "0.1", "--as-of", "2026-01-31")
        self.assertEqual(
            run_pipeline.silver_job_args(args, local("/d")),
            ["--bronze", "/d/bronze", "--target", "local", "--warehouse", "/d/warehouse",
             "--dates", "2026-01-02..2026-01-05", "--max-reject-rate", "0.1", "--as-of", "2026-01-31"],
        )

    def test_one_day_is_passed_as_one_date(self):
        job_args = run_pipeline.silver_job_args(parse("--dates", "2026-01-03..2026-01-03"), local("/d"))
        self.assertEqual(job_args[job_args.index("--dates") + 1], "2026-01-03")

    def test_silver_job_command(self):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            classpath = root / SILVER.runtime_classpath
            classpath.parent.mkdir(parents=True)
            classpath.write_text("/m2/spark.jar:/m2/iceberg.jar\n")
            args = parse("--stage", "silver", "--master", "local[2]", "--spark-conf", "spark.ui.enabled=false")
            command = run_pipeline.job_command(
                args, root, "/jdk/bin/java", SILVER, SILVER.main_class,
                run_pipeline.silver_job_args(args, local("/d")), run_pipeline.local_lakehouse(args, Path("/d")),
            )
        jar = f"{root}/silver-build/target/silver-build-0.1.0-SNAPSHOT.jar"
        self.assertEqual(command[:len(run_pipeline.JAVA17_FLAGS) + 1], ["/jdk/bin/java", *run_pipeline.JAVA17_FLAGS])
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
            stderr = io.StringIO()
            with contextlib.redirect_stderr(stderr):
                code = run_pipeline.job_command(parse(), Path(folder), "java", SILVER, SILVER.main_class, [], local("/d"))
            dry = run_pipeline.job_command(parse("--dry-run"), Path(folder), "java", SILVER, SILVER.main_class, [], local("/d"))
        self.assertEqual(code, 2)
        self.assertIn("spark-runtime.classpath is missing", stderr.getvalue())
        self.assertIn("<contents of silver-build/target/spark-runtime.classpath, written by the build>", dry[dry.index("-cp") + 1])

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
            outcomes, list(skipped), list(not_run), local("/d"), "scripts/run_pipeline.py", 100_000
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



# One run report line of silver-build, as the job prints it (counts per bronze table and rule).
SILVER_REPORT_LINE = (
    '{"event":"c360.job_run","run_id":"silver-build-20260131T000000Z-1234abcd","job":"silver-build",'
    '"status":"SUCCEEDED","exit_code":0,"started_at":"2026-01-31T00:00:00Z",'
    '"finished_at":"2026-01-31T00:01:05Z","duration_ms":65000,'
    '"parameters":{"target":"local","warehouse":"file:/d/warehouse","bronze":"/d/bronze",'
    '"dates":"new and changed","max_reject_rate":0.05,"as_of":"latest event date"},'
    '"counts":{"customers.rows":2500,"customers.duplicates":0,"customers.quarantined":60,'
    '"customers.rule.customer_missing_id":0,"customers.rule.malformed_email":20,'
    '"customers.rule.invalid_phone":31,"customers.rule.invalid_zip":9,'
    '"customers.rule.implausible_birth_date":2,"customers.rule.invalid_country":0,'
    '"customers.rule.invalid_state":0,"customers.repaired.nonstandard_state":5,'
    '"customers.repaired.nonstandard_country":0,"customers.repaired.untrimmed_text":12,'
    '"customers.accepted":2440,'
    '"customer_interactions.rows":100000,"customer_interactions.duplicates":900,'
    '"customer_interactions.quarantined":1150,"customer_interactions.rule.orphan_customer":400,'
    '"customer_interactions.rule.negative_amount":400,"customer_interactions.rule.future_timestamp":300,'
    '"customer_interactions.rule.unknown_channel":50,"customer_interactions.rule.nps_out_of_range":0,'
    '"customer_interactions.repaired.noncanonical_channel":310,'
    '"customer_interactions.accepted":97950,'
    '"input_rows":102500,"output_rows":100390,"rejected_rows":1210,"customers_in_silver":2440},'
    '"durations_ms":{"plan":1200,"validate":20500,"commit_quarantine":3100,'
    '"commit_interactions":15000,"commit_customers":12000,"commit_progress":800},'
    '"details":{"dates":["2026-01-01","2026-01-02","2026-01-30"],'
    '"reconciliation":"ok: counts match the bronze manifests","features_as_of":"2026-01-30"},'
    '"error":null}'
)
SILVER_REPORT = json.loads(SILVER_REPORT_LINE)


class SilverSummaryTest(unittest.TestCase):
    def silver(self, **changes):
        values = dict(stage="silver", exit_code=0, wall_ms=70_000, report=SILVER_REPORT)
        values.update(changes)
        return StageOutcome(**values)

    def bronze(self):
        return StageOutcome("bronze", 0, 45_000, REPORT, MANIFEST, "/d/bronze/_manifests/2026-01-01_2026-01-30.json")

    def render(self, outcomes, skipped=("gold",), not_run=()):
        return run_pipeline.render_summary(
            outcomes, list(skipped), list(not_run), local("/d"), "scripts/run_pipeline.py", 100_000
        )

    def test_the_report_line_is_found_among_the_summary_block(self):
        lines = [
            "silver-build: 3 bronze date(s) 2026-01-01..2026-01-30\n",
            "  table                        read     accepted  quarantined   duplicates\n",
            "  reconciliation: read = accepted + quarantined + duplicates; ...\n",
            SILVER_REPORT_LINE + "\n",
        ]
        self.assertEqual(run_pipeline.extract_report(lines), SILVER_REPORT)

    def test_counts_per_table(self):
        tables = run_pipeline.silver_table_counts(SILVER_REPORT)
        self.assertEqual(list(tables), ["customers", "customer_interactions"])
        self.assertEqual(tables["customers"]["rows"], 2500)
        self.assertEqual(tables["customer_interactions"]["rule.orphan_customer"], 400)
        self.assertNotIn("input_rows", tables)

    def test_counts_tolerate_junk(self):
        self.assertEqual(run_pipeline.silver_table_counts(None), {})
        report = {"counts": {"a.rows": "x", "b.rows": True, ".rows": 1, "c.": 2, "d.rows": 3}}
        self.assertEqual(run_pipeline.silver_table_counts(report), {"d": {"rows": 3}})

    def test_rules_by_count_then_name(self):
        counts = run_pipeline.silver_table_counts(SILVER_REPORT)["customer_interactions"]
        self.assertEqual(
            run_pipeline.prefixed_counts(counts, "rule."),
            [("negative_amount", 400), ("orphan_customer", 400), ("future_timestamp", 300), ("unknown_channel", 50)],
        )

    def test_describe_dates(self):
        self.assertEqual(run_pipeline.describe_dates(["2026-01-01", "2026-01-30"]), "2 bronze date(s), 2026-01-01..2026-01-30")
        self.assertEqual(run_pipeline.describe_dates(["2026-01-05"]), "1 bronze date(s), 2026-01-05")
        self.assertEqual(run_pipeline.describe_dates([]), "no bronze date to process")
        self.assertEqual(run_pipeline.describe_dates(None), "bronze dates not reported")

    def test_silver_section(self):
        summary = self.render([self.bronze(), self.silver()])
        self.assertRegex(summary, r"silver\s+SUCCEEDED\s+1 min 05 s\s+\(plan 1\.2 s, validate 20\.5 s, ")
        self.assertRegex(summary, r"gold\s+SKIPPED .*not implemented yet")
        self.assertIn("Tables (silver: 3 bronze date(s), 2026-01-01..2026-01-30)", summary)
        self.assertRegex(summary, r"table\s+read\s+accepted\s+quarantined\s+duplicates\s+top quarantine rules")
        self.assertRegex(
            summary,
            r"\n  customers\s+2,500\s+2,440\s+60 \(2\.4%\)\s+0\s+invalid_phone 31, malformed_email 20, "
            r"invalid_zip 9, \+1 more rules\n",
        )
        self.assertRegex(
            summary,
            r"\n  customer_interactions\s+100,000\s+97,950\s+1,150 \(1\.1%\)\s+900\s+negative_amount 400, "
            r"orphan_customer 400, future_timestamp 300, \+1 more rules\n",
        )
        self.assertIn(
            "repaired (accepted after cleaning): customers untrimmed_text 12, nonstandard_state 5; "
            "customer_interactions noncanonical_channel 310",
            summary,
        )
        self.assertIn("reconciliation: ok: counts match the bronze manifests", summary)
        self.assertIn("customer features as of: 2026-01-30", summary)

    def test_where_the_tables_are(self):
        summary = self.render([self.bronze(), self.silver()])
        self.assertIn("warehouse  /d/warehouse (Iceberg, catalog 'lakehouse')", summary)
        for table in ("lakehouse.silver.customers", "lakehouse.silver.interactions",
                      "lakehouse.silver.quarantine", "lakehouse.audit.job_runs"):
            self.assertRegex(summary, rf"\n    {table}\s+\S")
        self.assertIn(
            "run id     bronze-ingest-20260101T000000Z-abcd1234, silver-build-20260131T000000Z-1234abcd", summary
        )

    def test_bronze_alone_names_only_the_audit_table(self):
        summary = self.render([self.bronze()], skipped=("silver", "gold"))
        self.assertIn("lakehouse.audit.job_runs", summary)
        self.assertNotIn("lakehouse.silver", summary)
        self.assertNotIn(" query ", summary)

    def test_next_has_query_examples_and_a_bigger_full_run(self):
        summary = self.render([self.bronze(), self.silver()])
        self.assertIn(
            "python3 scripts/run_pipeline.py query 'SELECT value_segment, count(*) AS customers FROM "
            "lakehouse.silver.customers GROUP BY value_segment ORDER BY customers DESC' --data-dir /d"
            "    # customers per value segment",
            summary,
        )
        self.assertIn("FROM lakehouse.silver.quarantine) GROUP BY rule", summary)
        self.assertIn("python3 scripts/run_pipeline.py --stage full --interactions 1000000 --data-dir /d", summary)
        self.assertIn("python3 -m json.tool /d/bronze/_manifests/2026-01-01_2026-01-30.json", summary)

    def test_query_example_quotes_for_the_shell(self):
        line = run_pipeline.query_command_line("my scripts/run_pipeline.py", "SELECT 'a'", local("/my data"))
        self.assertEqual(
            line,
            "python3 'my scripts/run_pipeline.py' query 'SELECT '\"'\"'a'\"'\"'' --data-dir '/my data'",
        )

    def test_nothing_to_do(self):
        report = dict(
            SILVER_REPORT,
            counts={"input_rows": 0, "output_rows": 0, "rejected_rows": 0},
            details={"dates": [], "result": "nothing new in bronze: every complete partition is processed",
                     "skipped_2026-01-31": "customers partition has no manifest yet"},
        )
        summary = self.render([self.silver(report=report)])
        self.assertIn("Tables (silver: no bronze date to process)", summary)
        self.assertIn("result: nothing new in bronze", summary)
        self.assertIn("skipped 2026-01-31: customers partition has no manifest yet", summary)
        self.assertNotIn("top quarantine rules", summary)

    def test_gate_failure_suggests_a_reject_rate_that_would_pass(self):
        counts = dict(SILVER_REPORT["counts"], **{"customers.quarantined": 158})
        report = dict(SILVER_REPORT, status="FAILED", exit_code=4, counts=counts,
                      error="Data-quality gate failed; nothing was committed")
        summary = self.render([self.bronze(), self.silver(exit_code=4, report=report)])
        self.assertRegex(summary, r"silver\s+FAILED")
        self.assertIn("exit code 4: a data-quality gate failed (nothing was committed)", summary)
        self.assertIn("error: Data-quality gate failed", summary)
        self.assertIn("158 (6.3%)", summary)
        self.assertIn(
            "python3 scripts/run_pipeline.py --stage silver --max-reject-rate 0.07 --data-dir /d", summary
        )
        self.assertNotIn("lakehouse.silver.customers", summary)
        self.assertNotIn(" query ", summary)

    def test_multi_line_errors_stay_indented(self):
        report = dict(SILVER_REPORT, exit_code=4, error="Gate failed:\n  customers: 6.3%")
        summary = self.render([self.silver(exit_code=4, report=report)])
        self.assertIn("\n             error: Gate failed:\n                      customers: 6.3%\n", summary)

    def test_gate_failure_suggestion_repeats_the_dates_and_as_of_given(self):
        parameters = dict(SILVER_REPORT["parameters"], dates="2026-01-02..2026-01-05", as_of="2026-01-31")
        report = dict(SILVER_REPORT, exit_code=4, parameters=parameters)
        summary = self.render([self.silver(exit_code=4, report=report)])
        self.assertIn(
            "python3 scripts/run_pipeline.py --stage silver --dates 2026-01-02..2026-01-05 --as-of 2026-01-31 "
            "--max-reject-rate 0.03 --data-dir /d",
            summary,
        )

    def test_silver_rerun_options(self):
        self.assertEqual(run_pipeline.silver_rerun_options(SILVER_REPORT), [])  # the job's defaults, in words
        report = {"parameters": {"dates": "2026-01-02", "as_of": "latest event date"}}
        self.assertEqual(run_pipeline.silver_rerun_options(report), [("--dates", "2026-01-02")])
        self.assertEqual(run_pipeline.silver_rerun_options({"parameters": {"dates": 5}}), [])
        self.assertEqual(run_pipeline.silver_rerun_options(None), [])

    def test_suggested_reject_rate(self):
        self.assertEqual(run_pipeline.suggested_reject_rate(SILVER_REPORT), 0.03)  # 2.4% -> 3%
        self.assertEqual(run_pipeline.suggested_reject_rate({"counts": {"a.rows": 10, "a.quarantined": 6}}), 0.61)
        self.assertEqual(run_pipeline.suggested_reject_rate({"counts": {"a.rows": 10, "a.quarantined": 10}}), 1.0)
        self.assertIsNone(run_pipeline.suggested_reject_rate({"counts": {"a.rows": 0, "a.quarantined": 0}}))
        self.assertIsNone(run_pipeline.suggested_reject_rate(None))

    def test_reconciliation_failure_does_not_suggest_the_gate(self):
        details = dict(SILVER_REPORT["details"], reconciliation="customers 2026-01-01: rows 99, manifest 100")
        report = dict(SILVER_REPORT, exit_code=4, details=details)
        summary = self.render([self.silver(exit_code=4, report=report)])
        self.assertIn("reconciliation: customers 2026-01-01: rows 99, manifest 100", summary)
        self.assertIn("read the data-quality failure in the job output above", summary)
        self.assertNotIn("--max-reject-rate", summary)

    def test_bronze_failure_leaves_silver_not_run(self):
        failed = StageOutcome("bronze", 3, 1_000, None)
        summary = self.render([failed], not_run=("silver",))
        self.assertRegex(summary, r"silver\s+NOT RUN\s+\(an earlier stage failed\)")
        self.assertRegex(summary, r"gold\s+SKIPPED")


class MainDispatchTest(unittest.TestCase):
    def test_query_goes_to_the_query_command(self):
        with mock.patch.object(run_pipeline, "main_query", return_value=7) as query, \
                mock.patch.object(run_pipeline, "main_pipeline") as pipeline:
            self.assertEqual(run_pipeline.main(["query", "SELECT 1", "--limit", "5"]), 7)
        query.assert_called_once_with(["SELECT 1", "--limit", "5"])
        pipeline.assert_not_called()

    def test_no_subcommand_runs_the_pipeline(self):
        for argv in ([], ["--stage", "silver"], ["--data-dir", "query"]):
            with mock.patch.object(run_pipeline, "main_query") as query, \
                    mock.patch.object(run_pipeline, "main_pipeline", return_value=0) as pipeline:
                self.assertEqual(run_pipeline.main(argv), 0)
            pipeline.assert_called_once_with(argv)
            query.assert_not_called()

    def test_usage_names_both_forms(self):
        usage = run_pipeline.build_parser().format_usage()
        self.assertIn("run_pipeline.py [--stage STAGE] [options]", usage)
        self.assertIn("run_pipeline.py query SQL [options]", usage)

    def test_silver_without_bronze_data_is_a_usage_error_before_java_starts(self):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder) / "repo"
            classpath = root / SILVER.runtime_classpath
            classpath.parent.mkdir(parents=True)
            classpath.write_text("/m2/spark.jar")
            stderr = io.StringIO()
            with contextlib.redirect_stderr(stderr), mock.patch.object(run_pipeline, "run_streaming") as run:
                code = run_pipeline.run_silver(parse("--stage", "silver"), root, local(Path(folder) / "data"), "java")
        self.assertEqual(code, 2)
        self.assertIn("there is no bronze data in", stderr.getvalue())
        self.assertIn("run --stage bronze (or full) first", stderr.getvalue())
        run.assert_not_called()

    def test_silver_outcome_carries_the_job_report(self):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder) / "repo"
            classpath = root / SILVER.runtime_classpath
            classpath.parent.mkdir(parents=True)
            classpath.write_text("/m2/spark.jar")
            data = Path(folder) / "data"
            (data / "bronze").mkdir(parents=True)
            with contextlib.redirect_stderr(io.StringIO()), \
                    mock.patch.object(run_pipeline, "run_streaming", return_value=(4, SILVER_REPORT)) as run:
                outcome = run_pipeline.run_silver(parse("--stage", "silver"), root, local(data), "java")
        self.assertEqual((outcome.stage, outcome.exit_code, outcome.report), ("silver", 4, SILVER_REPORT))
        command = run.call_args.args[0]
        self.assertEqual(command[-6:], ["--bronze", f"{data}/bronze", "--target", "local", "--warehouse", f"{data}/warehouse"])
        self.assertEqual(run.call_args.kwargs["cwd"], data)


if __name__ == "__main__":
    unittest.main()
