"""ShellCheck on every scripts/*.sh: the project's shell scripts stay clean.

scripts/test.sh installs shellcheck (ensure_shellcheck: apt-get install -y shellcheck) when it
is missing; this test fails, saying so, on a machine where it is still missing.

Run from the repository root: python3 -m unittest discover -s scripts/tests -p 'test_shellcheck.py'
"""

import shutil
import subprocess
import unittest
from pathlib import Path

SCRIPTS_DIR = Path(__file__).resolve().parent.parent


class ShellCheckTest(unittest.TestCase):
    def test_every_script_is_shellcheck_clean(self):
        shellcheck = shutil.which("shellcheck")
        if shellcheck is None:
            self.fail(
                "shellcheck is not installed: scripts/test.sh installs it (ensure_shellcheck runs"
                " apt-get install -y shellcheck as root), or install it yourself"
            )
        scripts = sorted(SCRIPTS_DIR.glob("*.sh"))
        self.assertTrue(scripts, "no scripts/*.sh found")
        for script in scripts:
            with self.subTest(script=script.name):
                result = subprocess.run(
                    [shellcheck, "--external-sources", str(script)],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_shellcheck_finds_a_real_problem(self):
        shellcheck = shutil.which("shellcheck")
        if shellcheck is None:
            self.fail("shellcheck is not installed (see scripts/test.sh: ensure_shellcheck)")
        result = subprocess.run(
            [shellcheck, "-"],
            input='#!/usr/bin/env bash\nname=$1\nrm -rf $name/*\n',
            capture_output=True,
            text=True,
            check=False,
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SC2086", result.stdout)


if __name__ == "__main__":
    unittest.main()
