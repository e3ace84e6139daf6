"""Starting a job: the java command (SparkSubmit in one JVM, or the stack's spark-submit), its
runtime classpath and environment, and its output streamed with the JSON run report picked out."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterable, Mapping, NamedTuple, Sequence

from c360 import jobs
from c360.errors import UsageError
from c360.jobs import JobModule
from c360.lakehouse import Lakehouse
from c360.options import SparkOptions
from c360.targets import stack

LOG4J_CONFIG = "scripts/log4j2-local.properties"
SPARK_SUBMIT_CLASS = "org.apache.spark.deploy.SparkSubmit"
REPORT_EVENT = "c360.job_run"

# The flags Spark 3.5 needs on Java 17 (the list Spark's own launcher adds).
JAVA17_FLAGS = (
    "-XX:+IgnoreUnrecognizedVMOptions",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.net=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
    "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
    "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
    "-Djdk.reflect.useDirectMethodHandle=false",
)

# HotSpot does not JIT-compile a method of more than 8,000 bytes of bytecode (HugeMethodLimit): it
# stays interpreted. Spark's whole-stage code for silver's wide rule projections outgrows that, and
# Spark only falls back at 64 KB (spark.sql.codegen.hugeMethodLimit, SQLConf.scala, whose doc points
# at HotSpot's 8,000). Compiling them measured 10 % less CPU for silver at 1 M (docs/BENCHMARKS.md);
# the same flag is in the SparkApplications' jvmArgumentOverrides (k8s/spark).
JIT_FLAGS = ("-XX:-DontCompileHugeMethods",)


class JobRun(NamedTuple):
    exit_code: int
    report: dict | None
    wall_ms: int


def find_java(environ: Mapping[str, str]) -> str | None:
    java_home = environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file():
            return str(candidate)
    return shutil.which("java")


def require_java(environ: Mapping[str, str]) -> str:
    java = find_java(environ)
    if java is None:
        raise UsageError("java is not on the PATH and JAVA_HOME is not set; install a JDK 17")
    return java


def parse_runtime_classpath(text: str) -> list[str]:
    """The entries of spark-runtime.classpath (one line, entries separated by os.pathsep)."""
    return [entry for entry in text.strip().split(os.pathsep) if entry.strip()]


def read_runtime_classpath(root: Path, module: JobModule) -> list[str]:
    return parse_runtime_classpath((root / module.runtime_classpath).read_text(encoding="utf-8"))


def comet_jars(root: Path, dry_run: bool = False) -> list[str]:
    """The Comet jar that Maven resolved (common/target/comet.classpath), for --comet.

    :raises UsageError: the build has not written it (a dry run names it instead)
    """
    path = root / jobs.COMET_CLASSPATH
    if path.is_file():
        jars = parse_runtime_classpath(path.read_text(encoding="utf-8"))
        if jars:
            return jars
        raise UsageError(
            f"{jobs.COMET_CLASSPATH} names no jar; rebuild it: "
            f"mvn -B -q -DskipTests package -pl {jobs.COMET_MODULE}"
        )
    if dry_run:
        return [f"<contents of {jobs.COMET_CLASSPATH}, written by the build>"]
    raise UsageError(f"{jobs.COMET_CLASSPATH} is missing; run without --skip-build to build it")


def comet_confs(jars: Sequence[str]) -> list[tuple[str, str]]:
    """--comet's Spark settings: the switch SparkSessions reads (CometSettings.java), and the jar
    on the driver's and executors' class path, as Comet's installation guide sets it (a stack's
    executors run on this machine, so the same path serves them)."""
    classpath = os.pathsep.join(jars)
    return [
        (jobs.COMET_SWITCH, "true"),
        ("spark.driver.extraClassPath", classpath),
        ("spark.executor.extraClassPath", classpath),
    ]


def local_job_command(
    *,
    java: str,
    jar: Path,
    runtime_classpath: Sequence[str],
    main_class: str,
    master: str,
    driver_memory: str,
    spark_confs: Sequence[tuple[str, str]],
    log4j_config: Path,
    job_args: Sequence[str],
    properties_file: Path | None = None,
    extra_classpath: Sequence[str] = (),
) -> list[str]:
    """One JVM running SparkSubmit in client mode: the driver (and local executors) in-process.
    ``extra_classpath`` (Comet's jar) goes between the job jar and Spark's jars."""
    command = [java, *JAVA17_FLAGS, *JIT_FLAGS, f"-Dlog4j2.configurationFile={log4j_config}"]
    classpath = [str(jar), *extra_classpath, *runtime_classpath]
    command += [f"-Xmx{driver_memory}", "-cp", os.pathsep.join(classpath)]
    command += [SPARK_SUBMIT_CLASS, "--master", master, "--class", main_class]
    if properties_file is not None:
        command += ["--properties-file", str(properties_file)]
    command += ["--conf", f"spark.driver.memory={driver_memory}"]
    for key, value in spark_confs:
        command += ["--conf", f"{key}={value}"]
    command += [str(jar), *job_args]
    return command


def job_command(
    spark: SparkOptions,
    root: Path,
    java: str,
    module: JobModule,
    main_class: str,
    job_args: Sequence[str],
    lakehouse: Lakehouse,
) -> list[str]:
    """The spark-submit command of one job.

    On the stack with SPARK_HOME naming a Spark distribution, its own bin/spark-submit; else
    SparkSubmit in a JVM on the Maven-resolved runtime classpath.

    :raises UsageError: the runtime classpath is missing (a dry run names it instead)
    """
    properties_file = lakehouse.stack.properties_file if lakehouse.stack else None
    extra_classpath = comet_jars(root, spark.dry_run) if spark.comet else []
    # --comet's settings first: a --spark-conf of the same key comes later and wins.
    spark_confs: Sequence[tuple[str, str]] = [
        *(comet_confs(extra_classpath) if spark.comet else []), *spark.spark_conf]
    if lakehouse.stack is not None:
        # The job's own SparkApplication settings (k8s/spark), moved onto the stack; --spark-conf
        # comes last and wins.
        submission = stack.manifest_submission(
            lakehouse.stack, root, main_class, job_args, spark.driver_memory
        )
        if submission is not None:
            spark_confs = [
                *(comet_confs(extra_classpath) if spark.comet else []),
                *submission.conf,
                *spark.spark_conf,
            ]
            job_args = submission.args
    distribution = stack.spark_distribution(os.environ) if lakehouse.stack else None
    if distribution is not None and properties_file is not None:
        return stack.spark_submit_command(
            spark_home=distribution,
            jar=root / module.jar,
            main_class=main_class,
            master=lakehouse.master,
            properties_file=properties_file,
            driver_memory=spark.driver_memory,
            # --driver-java-options wins over the manifest's spark.driver.extraJavaOptions.
            driver_java_options=" ".join(
                [f"-Dlog4j2.configurationFile={root / LOG4J_CONFIG}", *JIT_FLAGS]),
            spark_confs=spark_confs,
            job_args=job_args,
        )
    classpath_file = root / module.runtime_classpath
    if classpath_file.is_file():
        runtime_classpath = read_runtime_classpath(root, module)
    elif spark.dry_run:
        runtime_classpath = [f"<contents of {module.runtime_classpath}, written by the build>"]
    else:
        raise UsageError(f"{classpath_file} is missing; run without --skip-build to build it")
    return local_job_command(
        java=java,
        jar=root / module.jar,
        runtime_classpath=runtime_classpath,
        main_class=main_class,
        master=lakehouse.master,
        driver_memory=spark.driver_memory,
        spark_confs=spark_confs,
        log4j_config=root / LOG4J_CONFIG,
        job_args=job_args,
        properties_file=properties_file,
        extra_classpath=extra_classpath,
    )


def local_job_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The job's environment: the caller's, with Spark bound to loopback unless the user chose."""
    environment = dict(environ)
    # Without it Spark resolves the host name, warns when that is loopback, and may pick a public
    # interface; a local run needs none.
    environment.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    return environment


def parse_report_line(line: str) -> dict | None:
    """The run report if ``line`` is the job's c360.job_run JSON line, else None."""
    text = line.strip()
    if not text.startswith("{") or REPORT_EVENT not in text:
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return None
    if not isinstance(value, dict) or value.get("event") != REPORT_EVENT:
        return None
    return value


def extract_report(lines: Iterable[str]) -> dict | None:
    """The last run report among ``lines``."""
    report = None
    for line in lines:
        parsed = parse_report_line(line)
        if parsed is not None:
            report = parsed
    return report


def run_streaming(
    command: Sequence[str], cwd: Path, environment: Mapping[str, str] | None = None
) -> tuple[int, dict | None]:
    """Runs ``command``, passing its output through, and returns (exit code, run report).

    stderr is inherited, so Spark's progress bar reaches the terminal as is; stdout is read line
    by line to pick out the run report, and every other line is echoed.
    """
    report = None
    with subprocess.Popen(
        list(command),
        cwd=cwd,
        env=None if environment is None else dict(environment),
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        bufsize=1,
    ) as process:
        try:
            for line in process.stdout:
                parsed = parse_report_line(line)
                if parsed is not None:
                    report = parsed
                    continue
                sys.stdout.write(line)
                sys.stdout.flush()
            return process.wait(), report
        except KeyboardInterrupt:
            # The job got the same SIGINT (same process group); let it shut down cleanly.
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            raise


def create_data_dir(data_dir: Path) -> None:
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as failure:
        raise UsageError(
            f"argument --data-dir: cannot create '{data_dir}': {failure.strerror}; "
            "choose a writable folder"
        ) from failure


def run_job(command: Sequence[str], lakehouse: Lakehouse) -> JobRun:
    """Runs one job in the lakehouse's working folder (created when missing), so that anything
    Spark writes next to itself stays there."""
    create_data_dir(lakehouse.work_dir)
    started = time.monotonic()
    environment = local_job_environment(os.environ)
    exit_code, report = run_streaming(command, cwd=lakehouse.work_dir, environment=environment)
    return JobRun(exit_code, report, int((time.monotonic() - started) * 1000))
