"""Unit tests of c360/main.py: which command a command line runs."""

import unittest
from unittest import mock

import helpers  # noqa: F401  (the package on the path)

from c360 import main as entry
from c360.commands import query, run


class MainDispatchTest(unittest.TestCase):
    def test_query_goes_to_the_query_command(self):
        with mock.patch.object(query, "execute", return_value=7) as query_execute, \
                mock.patch.object(run, "execute") as pipeline:
            self.assertEqual(entry.main(["query", "SELECT 1", "--limit", "5"]), 7)
        query_execute.assert_called_once_with(query.parse(["SELECT 1", "--limit", "5"]))
        pipeline.assert_not_called()

    def test_no_subcommand_runs_the_pipeline(self):
        for argv in ([], ["--stage", "silver"], ["--data-dir", "query"]):
            with mock.patch.object(query, "execute") as query_execute, \
                    mock.patch.object(run, "execute", return_value=0) as pipeline:
                self.assertEqual(entry.main(argv), 0)
            pipeline.assert_called_once_with(run.parse(argv))
            query_execute.assert_not_called()

    def test_run_names_the_pipeline_too(self):
        with mock.patch.object(run, "execute", return_value=0) as pipeline:
            self.assertEqual(entry.main(["run", "--stage", "gold"]), 0)
        pipeline.assert_called_once_with(run.parse(["--stage", "gold"]))

    def test_usage_names_both_forms(self):
        usage = run.build_parser().format_usage()
        self.assertIn("run_pipeline.py [--stage STAGE] [options]", usage)
        self.assertIn("run_pipeline.py query SQL [options]", usage)


if __name__ == "__main__":
    unittest.main()
