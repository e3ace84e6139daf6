"""Building the job jars: which are missing or stale, and the one Maven run that builds them."""

from __future__ import annotations

import dataclasses
import shlex
import shutil
import subprocess
import time
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from c360.console import log
from c360.errors import InternalError, UsageError
from c360.formatting import format_duration
from c360.jobs import JobModule


@dataclasses.dataclass(frozen=True)
class BuildState:
    """What the staleness decision looks at. Times are modification times in seconds."""

    jar_mtime: float | None
    classpath_present: bool
    input_mtimes: Mapping[str, float]


def build_reason(module: JobModule, state: BuildState) -> str | None:
    """Why the module's jar must be built, or None when it is up to date."""
    if state.jar_mtime is None:
        return f"{module.jar} is missing"
    if not state.classpath_present:
        return f"{module.runtime_classpath} is missing"
    newer = sorted(
        (path for path, mtime in state.input_mtimes.items() if mtime > state.jar_mtime),
        key=lambda path: (-state.input_mtimes[path], path),
    )
    if not newer:
        return None
    jar = Path(module.jar).name
    if len(newer) == 1:
        return f"{newer[0]} changed after {jar} was built"
    return f"{newer[0]} and {len(newer) - 1} other file(s) changed after {jar} was built"


def read_build_state(root: Path, module: JobModule) -> BuildState:
    jar = root / module.jar
    jar_mtime = jar.stat().st_mtime if jar.is_file() else None
    return BuildState(
        jar_mtime=jar_mtime,
        classpath_present=(root / module.runtime_classpath).is_file(),
        input_mtimes=dict(input_mtimes(root, module.build_inputs)),
    )


def input_mtimes(root: Path, inputs: Iterable[str]) -> Iterable[tuple[str, float]]:
    """(path relative to root, modification time) of every file under the given inputs."""
    for name in inputs:
        path = root / name
        if path.is_file():
            yield name, path.stat().st_mtime
            continue
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                if file.is_file():
                    yield file.relative_to(root).as_posix(), file.stat().st_mtime


def maven_package_command(module_names: Sequence[str]) -> list[str]:
    """Builds the given modules and what they depend on (-am), without running the tests."""
    return ["mvn", "-B", "-q", "-DskipTests", "package", "-pl", ",".join(module_names), "-am"]


def maven_build_command(modules: Sequence[JobModule]) -> list[str]:
    """Builds the given job jars and what they depend on."""
    return maven_package_command([module.name for module in modules])


def ensure_built(
    root: Path,
    modules: Sequence[JobModule],
    skip_build: bool,
    dry_run: bool,
    maven_output: int | None = None,
) -> None:
    """Builds the jars of ``modules`` that are missing or stale, in one Maven run.

    ``maven_output`` is where Maven's standard output goes (a file descriptor; None: ours).

    :raises UsageError: --skip-build without a jar, or no Maven
    :raises InternalError: the build failed
    """
    stale = [
        (module, reason)
        for module in modules
        if (reason := build_reason(module, read_build_state(root, module))) is not None
    ]
    if not stale:
        return
    reasons = "; ".join(reason for _, reason in stale)
    if skip_build:
        missing = [
            reason for module, reason in stale
            if not (root / module.jar).is_file() or not (root / module.runtime_classpath).is_file()
        ]
        if missing:
            raise UsageError(
                f"--skip-build was given but {'; '.join(missing)}; "
                "run without --skip-build to build it"
            )
        log(f"warning: {reasons}; running the existing jar(s) because of --skip-build")
        return
    to_build = [module for module, _ in stale]
    command = maven_build_command(to_build)
    if dry_run:
        print(f"(cd {shlex.quote(str(root))} && {shlex.join(command)})    # {reasons}")
        return
    if shutil.which(command[0]) is None:
        raise UsageError(
            "Maven (mvn) is not on the PATH; install Maven 3.8+, or build the jars elsewhere "
            "and pass --skip-build"
        )
    names = ",".join(module.name for module in to_build)
    log(f"building {names} because {reasons}: {shlex.join(command)}")
    started = time.monotonic()
    result = subprocess.run(command, cwd=root, stdout=maven_output, check=False)
    if result.returncode != 0:
        raise InternalError(
            f"the Maven build failed (exit code {result.returncode}); "
            f"run 'mvn -B package -pl {names} -am' in {root} for the full output"
        )
    log(f"built in {format_duration((time.monotonic() - started) * 1000)}")


def ensure_comet_classpath(
    root: Path, comet_classpath: str, module: str, skip_build: bool, dry_run: bool
) -> None:
    """For --comet: builds ``module`` (common, whose build writes ``comet_classpath``, the path of
    the Comet jar Maven resolved) when that file is missing.

    :raises UsageError: --skip-build without the file, or no Maven
    :raises InternalError: the build failed
    """
    if (root / comet_classpath).is_file() or skip_build:
        return  # with --skip-build, launch.comet_jars names the missing file
    command = maven_package_command([module])
    reason = f"{comet_classpath} is missing"
    if dry_run:
        print(f"(cd {shlex.quote(str(root))} && {shlex.join(command)})    # {reason}")
        return
    if shutil.which(command[0]) is None:
        raise UsageError("Maven (mvn) is not on the PATH; install Maven 3.8+ for --comet")
    log(f"building {module} because {reason}: {shlex.join(command)}")
    if subprocess.run(command, cwd=root, check=False).returncode != 0:
        raise InternalError(
            f"the Maven build failed; run 'mvn -B package -pl {module} -am' in {root} for the "
            "full output"
        )
