"""Unit tests of c360/build.py (staleness and the Maven run) and c360/jobs.py (the modules)."""

import contextlib
import io
import os
import sys
import tempfile
import unittest
from pathlib import Path
from unittest import mock

import helpers  # noqa: F401  (the package on the path)

from c360 import build, jobs
from c360.build import BuildState
from c360.errors import CommandError
from c360.jobs import BRONZE, SILVER


class BuildTest(unittest.TestCase):
    def test_missing_jar(self):
        reason = build.build_reason(BRONZE, BuildState(None, True, {"pom.xml": 1.0}))
        self.assertEqual(reason, "bronze-ingest/target/bronze-ingest-0.1.0-SNAPSHOT.jar is missing")
        reason = build.build_reason(SILVER, BuildState(None, True, {"pom.xml": 1.0}))
        self.assertEqual(reason, "silver-build/target/silver-build-0.1.0-SNAPSHOT.jar is missing")

    def test_missing_classpath(self):
        reason = build.build_reason(BRONZE, BuildState(10.0, False, {"pom.xml": 1.0}))
        self.assertEqual(reason, "bronze-ingest/target/spark-runtime.classpath is missing")
        reason = build.build_reason(SILVER, BuildState(10.0, False, {"pom.xml": 1.0}))
        self.assertEqual(reason, "silver-build/target/spark-runtime.classpath is missing")

    def test_up_to_date(self):
        state = BuildState(10.0, True, {"pom.xml": 9.0, "common/src/main/A.java": 10.0})
        self.assertIsNone(build.build_reason(BRONZE, state))

    def test_newer_source_names_the_newest_file(self):
        state = BuildState(10.0, True, {"pom.xml": 11.0, "common/src/main/A.java": 12.0, "bronze-ingest/pom.xml": 1.0})
        self.assertEqual(
            build.build_reason(BRONZE, state),
            "common/src/main/A.java and 1 other file(s) changed after bronze-ingest-0.1.0-SNAPSHOT.jar was built",
        )
        one = BuildState(10.0, True, {"bronze-ingest/src/main/B.java": 10.5})
        self.assertEqual(
            build.build_reason(BRONZE, one),
            "bronze-ingest/src/main/B.java changed after bronze-ingest-0.1.0-SNAPSHOT.jar was built",
        )

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
            state = build.read_build_state(root, SILVER)
        self.assertEqual(state.jar_mtime, 100)
        self.assertFalse(state.classpath_present)
        self.assertEqual(set(state.input_mtimes), {"silver-build/src/main/S.java"})

    def test_input_mtimes_walks_files_and_folders(self):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            (root / "pom.xml").write_text("<project/>")
            (root / "common" / "src" / "main").mkdir(parents=True)
            (root / "common" / "src" / "main" / "A.java").write_text("class A {}")
            os.utime(root / "pom.xml", (100, 100))
            found = dict(build.input_mtimes(root, ("pom.xml", "common/src", "common/pom.xml")))
        self.assertEqual(set(found), {"pom.xml", "common/src/main/A.java"})
        self.assertEqual(found["pom.xml"], 100)

    def test_maven_command(self):
        self.assertEqual(
            build.maven_build_command([BRONZE]),
            ["mvn", "-B", "-q", "-DskipTests", "package", "-pl", "bronze-ingest", "-am"],
        )
        self.assertEqual(
            build.maven_build_command([BRONZE, SILVER]),
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
        """(exit code, standard error) as main reports them: a raised error's message is printed
        after what ensure_built logged."""
        stdout, stderr = io.StringIO(), io.StringIO()
        code = 0
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                build.ensure_built(self.root, list(modules), skip_build=skip_build, dry_run=dry_run)
            except CommandError as failure:
                code = failure.exit_code
                print(f"run_pipeline.py: error: {failure}", file=sys.stderr)
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


if __name__ == "__main__":
    unittest.main()
