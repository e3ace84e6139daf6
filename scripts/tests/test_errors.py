"""Unit tests of c360/errors.py: the exit codes (the same as the jobs' ExitCode.java) and their
meanings."""

import re
import unittest

import helpers

from c360 import errors
from c360.errors import ExitCode

EXIT_CODE_JAVA = (
    helpers.SCRIPTS_DIR.parent / "common/src/main/java/io/c360/common/cli/ExitCode.java"
)


def java_exit_codes(text):
    """Name -> code of the constants of ExitCode.java (``NAME(code),`` or ``NAME(code);``)."""
    return {name: int(code) for name, code in re.findall(r"^\s*([A-Z_]+)\((\d+)\)[,;]", text, re.M)}


class ExitCodeTest(unittest.TestCase):
    def test_the_enum_is_the_jobs_exit_code_java(self):
        java = java_exit_codes(EXIT_CODE_JAVA.read_text(encoding="utf-8"))
        self.assertEqual(len(java), 5, "ExitCode.java's constants were not found")
        self.assertEqual({code.name: code.value for code in ExitCode}, java)

    def test_every_code_has_a_meaning(self):
        self.assertEqual(set(errors.EXIT_CODE_MEANINGS), set(ExitCode))

    def test_errors_carry_their_exit_code(self):
        self.assertEqual(errors.UsageError("x").exit_code, 2)
        self.assertEqual(errors.Unavailable("x").exit_code, 3)
        self.assertEqual(errors.InternalError("x").exit_code, 1)
        failure = errors.UsageError("a", "b", hint="see --help")
        self.assertEqual((list(failure.messages), failure.hint, str(failure)), (["a", "b"], "see --help", "a; b"))

    def test_a_child_killed_by_a_signal_exits_128_plus_the_signal(self):
        self.assertEqual(errors.process_exit_code(-9), 137)
        self.assertEqual(errors.process_exit_code(4), 4)

    def test_exit_code_meanings(self):
        self.assertEqual(errors.describe_exit_code(0), "success")
        self.assertIn("external system", errors.describe_exit_code(3))
        self.assertIn("data-quality", errors.describe_exit_code(4))
        self.assertIn("SIGKILL", errors.describe_exit_code(137))
        self.assertIn("SIGTERM", errors.describe_exit_code(-15))
        self.assertEqual(errors.describe_exit_code(7), "unexpected exit code")


if __name__ == "__main__":
    unittest.main()
