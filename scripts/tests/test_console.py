"""Unit tests of c360/console.py: progress and error lines go to standard error."""

import contextlib
import io
import unittest

import helpers  # noqa: F401  (the package on the path)

from c360 import console


class ConsoleTest(unittest.TestCase):
    def test_lines_go_to_standard_error_only(self):
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            console.log("building")
            console.error("no java")
        self.assertEqual(stdout.getvalue(), "")
        self.assertEqual(stderr.getvalue(), "[run_pipeline] building\nrun_pipeline.py: error: no java\n")


if __name__ == "__main__":
    unittest.main()
