"""scripts/local-stack.sh without starting anything: usage, status of an empty state folder,
argument checks, and that the committed templates hold no secrets.

The stack itself (up/down of real servers) is exercised by issue 5's CI integration test.
Run from the repository root: python3 -m unittest discover -s scripts/tests -p 'test_local_stack.py'
"""

import os
import re
import subprocess
import tempfile
import unittest
from pathlib import Path

SCRIPTS_DIR = Path(__file__).resolve().parent.parent
SCRIPT = SCRIPTS_DIR / "local-stack.sh"
TEMPLATES = SCRIPTS_DIR / "stack"
SERVICES = ["postgres", "s3", "metastore", "spark-master", "spark-worker-1", "spark-worker-2", "trino"]


class LocalStackScriptTest(unittest.TestCase):
    def run_script(self, *args, state_dir=None):
        env = dict(os.environ)
        env["C360_STACK_DIR"] = state_dir or self.state_dir
        env["C360_STACK_CACHE"] = os.path.join(env["C360_STACK_DIR"], "cache")
        return subprocess.run(
            ["bash", str(SCRIPT), *args], capture_output=True, text=True, env=env, check=False, timeout=60
        )

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.state_dir = self._tmp.name

    def tearDown(self):
        self._tmp.cleanup()

    def test_help_lists_the_commands_and_services(self):
        result = self.run_script("--help")
        self.assertEqual(result.returncode, 0, result.stderr)
        for word in ["up", "down", "status", "logs", *SERVICES]:
            self.assertIn(word, result.stdout)

    def test_unknown_command_is_a_usage_error(self):
        result = self.run_script("start")
        self.assertEqual(result.returncode, 2)

    def test_status_of_an_empty_state_folder_shows_every_service_stopped(self):
        result = self.run_script("status")
        self.assertEqual(result.returncode, 3, result.stderr)
        lines = result.stdout.splitlines()
        self.assertTrue(lines[0].startswith("SERVICE"))
        for service in SERVICES:
            row = next(line for line in lines if line.split()[0] == service)
            self.assertIn("stopped", row)
            self.assertIn(os.path.join(self.state_dir, "logs", f"{service}.log"), row)

    def test_a_stale_pid_file_is_reported_and_not_trusted(self):
        run_dir = Path(self.state_dir, "run")
        run_dir.mkdir(parents=True)
        # Our own pid: alive, but not a stack service (no marker on its command line).
        (run_dir / "trino.pid").write_text(f"{os.getpid()}\n")
        result = self.run_script("status")
        self.assertEqual(result.returncode, 3)
        row = next(line for line in result.stdout.splitlines() if line.startswith("trino"))
        self.assertIn("stale", row)

    def test_down_with_nothing_running_is_harmless(self):
        result = self.run_script("down")
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_unknown_service_is_refused(self):
        for command in ("up", "down", "logs"):
            with self.subTest(command=command):
                result = self.run_script(command, "hbase")
                self.assertEqual(result.returncode, 2)
                self.assertIn("unknown service hbase", result.stderr)

    def test_env_before_up_says_to_run_up(self):
        result = self.run_script("env")
        self.assertEqual(result.returncode, 2)
        self.assertIn("up", result.stderr)

    def test_templates_hold_placeholders_not_secrets(self):
        for template in TEMPLATES.rglob("*.template"):
            text = template.read_text()
            with self.subTest(template=template.name):
                for line in text.splitlines():
                    if re.search(r"(secret|password|credential|identity|access.key)", line, re.IGNORECASE) and (
                        "=" in line or "<value>" in line
                    ):
                        value = line.split("=", 1)[-1] if "=" in line else line
                        if "jclouds" in line:  # the nio2 store's dummy login, never an S3 one
                            continue
                        self.assertRegex(value, r"@[A-Z0-9_]+@|ClassName|Provider", line)

    def test_state_folder_is_git_ignored(self):
        gitignore = (SCRIPTS_DIR.parent / ".gitignore").read_text().splitlines()
        self.assertIn(".local-stack/", gitignore)


if __name__ == "__main__":
    unittest.main()
