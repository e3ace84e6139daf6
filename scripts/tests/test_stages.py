"""Unit tests of c360/stages.py: the stages, their jobs' arguments and the one stage runner."""

import contextlib
import io
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from helpers import SILVER_REPORT, local, options, parse

from c360 import launch, stages
from c360.errors import UsageError
from c360.jobs import BRONZE, SILVER


class StagesTest(unittest.TestCase):
    def test_full_runs_bronze_silver_and_gold(self):
        self.assertEqual(
            stages.plan_stages("full"), (["bronze", "silver", "gold"], [], None))

    def test_single_stages(self):
        for stage in ("bronze", "silver", "gold", "maintenance"):
            self.assertEqual(stages.plan_stages(stage), ([stage], [], None))

    def test_each_module_is_built_once_in_reactor_order(self):
        modules = stages.modules_of(["maintenance", "bronze", "silver", "gold", "maintenance"])
        self.assertEqual(
            [module.name for module in modules],
            ["bronze-ingest", "silver-build", "gold-finalize", "lakehouse-ops"])


class ModulesTest(unittest.TestCase):
    def test_modules_of_stages_in_reactor_order(self):
        self.assertEqual(stages.modules_of(["silver", "bronze"]), [BRONZE, SILVER])
        self.assertEqual(stages.modules_of(["silver"]), [SILVER])
        self.assertEqual(stages.modules_of([]), [])


class JobArgsTest(unittest.TestCase):
    def test_bronze_job_args(self):
        args = options("--customers", "500", "--interactions", "2000", "--start-date", "2026-03-01",
                     "--days", "7", "--defect-rate", "0.1", "--seed", "9")
        self.assertEqual(
            stages.bronze_job_args(args, local("/d")),
            ["--output", "/d/bronze", "--seed", "9", "--interactions", "2000", "--customers", "500",
             "--start-date", "2026-03-01", "--days", "7", "--defect-rate", "0.1", "--target", "local",
             "--warehouse", "/d/warehouse"],
        )

    def test_bronze_job_args_leave_customers_to_the_job(self):
        job_args = stages.bronze_job_args(options(), local("/d"))
        self.assertNotIn("--customers", job_args)
        self.assertEqual(job_args[job_args.index("--defect-rate") + 1], "0.02")

    def test_silver_job_args_pass_only_the_options_given(self):
        self.assertEqual(
            stages.silver_job_args(options("--stage", "silver"), local("/d")),
            ["--bronze", "/d/bronze", "--target", "local", "--warehouse", "/d/warehouse"],
        )

    def test_gold_job_args_always_name_the_report(self):
        self.assertEqual(
            stages.gold_job_args(options("--stage", "gold"), local("/d"), Path("/d/r.html")),
            ["--target", "local", "--warehouse", "/d/warehouse", "--report", "/d/r.html"],
        )

    def test_gold_job_args_with_every_option(self):
        args = options("--stage", "gold", "--dates", "2026-01-02..2026-01-05", "--as-of", "2026-01-31")
        self.assertEqual(
            stages.gold_job_args(args, local("/d"), Path("/r.html"))[6:],
            ["--dates", "2026-01-02..2026-01-05", "--as-of", "2026-01-31"],
        )
        rebuild = stages.gold_job_args(options("--full-rebuild"), local("/d"), Path("/r.html"))
        self.assertEqual(rebuild[-1], "--full-rebuild")

    def test_report_defaults_under_the_data_dir(self):
        self.assertEqual(
            stages.report_path(options(), Path("/d")), Path("/d/reports/gold-report.html"))
        self.assertEqual(
            stages.report_path(options("--report", "/tmp/x.html"), Path("/d")),
            Path("/tmp/x.html"))

    def test_maintenance_job_args_pass_only_the_settings_given(self):
        self.assertEqual(
            stages.maintenance_job_args(options("--stage", "maintenance"), local("/d")),
            ["--target", "local", "--warehouse", "/d/warehouse"],
        )
        args = options("--stage", "maintenance", "--retain-last", "3", "--orphan-retention-hours", "48")
        self.assertEqual(
            stages.maintenance_job_args(args, local("/d"))[4:],
            ["--retain-last", "3", "--orphan-retention-hours", "48"],
        )

    def test_orphan_retention_below_a_day_is_refused_by_the_parser(self):
        with self.assertRaises(SystemExit), contextlib.redirect_stderr(io.StringIO()):
            parse("--stage", "maintenance", "--orphan-retention-hours", "2")

    def test_silver_job_args_with_every_option(self):
        args = options("--dates", "2026-01-02..2026-01-05", "--max-reject-rate", "0.1", "--as-of", "2026-01-31")
        self.assertEqual(
            stages.silver_job_args(args, local("/d")),
            ["--bronze", "/d/bronze", "--target", "local", "--warehouse", "/d/warehouse",
             "--dates", "2026-01-02..2026-01-05", "--max-reject-rate", "0.1", "--as-of", "2026-01-31"],
        )

    def test_one_day_is_passed_as_one_date(self):
        job_args = stages.silver_job_args(options("--dates", "2026-01-03..2026-01-03"), local("/d"))
        self.assertEqual(job_args[job_args.index("--dates") + 1], "2026-01-03")


def fake_repo(folder):
    """A repository whose silver job has its runtime classpath (no jar is run)."""
    root = Path(folder) / "repo"
    classpath = root / SILVER.runtime_classpath
    classpath.parent.mkdir(parents=True)
    classpath.write_text("/m2/spark.jar")
    return root


class RunStageTest(unittest.TestCase):
    def test_silver_without_bronze_data_is_a_usage_error_before_java_starts(self):
        with tempfile.TemporaryDirectory() as folder:
            root = fake_repo(folder)
            with mock.patch.object(launch, "run_streaming") as run, \
                    self.assertRaises(UsageError) as caught:
                stages.run_stage(stages.STAGE_SPECS["silver"], options("--stage", "silver"), root,
                                 local(Path(folder) / "data"), "java")
        self.assertEqual(caught.exception.exit_code, 2)
        self.assertIn("there is no bronze data in", str(caught.exception))
        self.assertIn("run --stage bronze (or full) first", str(caught.exception))
        run.assert_not_called()

    def test_silver_outcome_carries_the_job_report(self):
        with tempfile.TemporaryDirectory() as folder:
            root = fake_repo(folder)
            data = Path(folder) / "data"
            (data / "bronze").mkdir(parents=True)
            with contextlib.redirect_stderr(io.StringIO()), \
                    mock.patch.object(launch, "run_streaming", return_value=(4, SILVER_REPORT)) as run:
                outcome = stages.run_stage(stages.STAGE_SPECS["silver"], options("--stage", "silver"), root,
                                           local(data), "java")
        self.assertEqual((outcome.stage, outcome.exit_code, outcome.report), ("silver", 4, SILVER_REPORT))
        command = run.call_args.args[0]
        self.assertEqual(command[-6:], ["--bronze", f"{data}/bronze", "--target", "local", "--warehouse", f"{data}/warehouse"])
        self.assertEqual(run.call_args.kwargs["cwd"], data)


if __name__ == "__main__":
    unittest.main()
