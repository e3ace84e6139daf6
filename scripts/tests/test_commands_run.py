"""Unit tests of c360/commands/run.py: the run command's options, their checks, and main() up to
the first process.

Run from the repository root: python3 -m unittest discover -s scripts/tests -v
"""

import contextlib
import datetime
import io
import tempfile
import unittest

from helpers import options, parse, run_main

from c360.commands import run


class ParserTestCase(unittest.TestCase):
    def parse_error(self, *argv):
        """The message argparse prints for ``argv``, which it must reject with exit code 2."""
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr), self.assertRaises(SystemExit) as caught:
            run.build_parser().parse_args(list(argv))
        self.assertEqual(caught.exception.code, 2)
        return stderr.getvalue()


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
        for action in run.build_parser()._actions:
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
            problems = run.check_options(options("--stage", "bronze", option, value))
            self.assertEqual(len(problems), 1, option)
            self.assertIn(f"argument {option}: applies to the silver stage", problems[0])
            for stage in ("silver", "full"):
                self.assertEqual(run.check_options(options("--stage", stage, option, value)), [])

    def test_choices_name_the_accepted_values(self):
        message = self.parse_error("--stage", "platinum")
        self.assertIn("'platinum'", message)
        self.assertIn("'bronze', 'silver', 'gold', 'maintenance', 'full'", message)

    def test_master_must_be_local_for_the_local_target(self):
        self.assertEqual(run.check_options(options("--master", "local[4]")), [])
        self.assertEqual(run.check_options(options("--master", "local")), [])
        problems = run.check_options(options("--master", "spark://host:7077"))
        self.assertEqual(len(problems), 1)
        self.assertIn("--master", problems[0])
        self.assertIn("'spark://host:7077'", problems[0])
        self.assertIn("local[N]", problems[0])
        self.assertEqual(len(run.check_options(options("--master", "local[0]"))), 1)


class StagesAndTargetsTest(unittest.TestCase):
    def test_targets(self):
        for target in ("local", "stack", "k8s"):  # stack: test_targets_stack.py, k8s: test_targets_k8s_plan.py
            self.assertIsNone(run.target_problem(target))

    def test_main_returns_2_on_bad_argument_and_0_on_help(self):
        self.assertEqual(run_main("--days", "0")[0], 2)
        self.assertEqual(run_main("--help")[0], 0)

    def test_main_rejects_a_data_dir_that_is_a_file(self):
        with tempfile.NamedTemporaryFile() as file:
            code, _, stderr = run_main("--data-dir", file.name, "--dry-run")
        self.assertEqual(code, 2)
        self.assertIn("--data-dir", stderr)


if __name__ == "__main__":
    unittest.main()
