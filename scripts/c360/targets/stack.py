"""The stack target: the servers scripts/local-stack.sh starts, as jobs see them.

``scripts/local-stack.sh up`` writes ``<state dir>/stack.env`` (endpoints, buckets, locations; no
secrets) and, mode 600, the Spark properties file with the S3A settings and keys and curl's S3
credentials. This module reads them, checks that the servers answer before any job starts,
builds the spark-submit command of a job (a real ``$SPARK_HOME/bin/spark-submit`` when
``SPARK_HOME`` names a Spark distribution, else Spark's SparkSubmit class on the Maven-resolved
runtime) and reads the bronze manifest back through the S3 API; :mod:`c360.targets.trino` runs
queries through the stack's Trino. S3 requests go through curl (SigV4 signing).
"""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import subprocess
import urllib.parse
from pathlib import Path
from typing import Mapping, Sequence

from c360.console import log
from c360.errors import Unavailable, UsageError
from c360.lakehouse import Lakehouse
from c360.targets import manifest_yaml, spark_application
from c360.targets.manifest_yaml import ManifestSyntaxError

# The state folder of scripts/local-stack.sh, relative to the repository root unless set.
STATE_DIR_VARIABLE = "C360_STACK_DIR"
DEFAULT_STATE_DIR = ".local-stack"
SETTINGS_FILE = "stack.env"
# The settings every job on the stack needs (written by local-stack.sh's write_settings).
REQUIRED_SETTINGS = (
    "HMS_URI", "S3_ENDPOINT", "BRONZE_LOCATION", "WAREHOUSE_LOCATION", "SPARK_MASTER_URL",
    "SPARK_PROPERTIES_FILE", "CURL_S3_CONFIG", "S3_REGION", "TRINO_URL", "TRINO_CATALOG",
)
# spark-submit of a vanilla Spark distribution lacks the S3A file system; the Hadoop 3.3.4 line
# is the one Spark 3.5's distributions are built with (it brings the AWS SDK bundle along).
HADOOP_AWS_PACKAGE = "org.apache.hadoop:hadoop-aws:3.3.4"
CONNECT_TIMEOUT_S = 3.0
# The SparkApplications whose settings the jobs run with, and the S3 objects they refer to.
SPARK_MANIFESTS = Path("k8s") / "spark"
S3_MANIFESTS = (Path("k8s") / "s3" / "s3-connection.yaml", Path("k8s") / "s3" / "s3-buckets.yaml")
# The manifests' bucket names (k8s/s3/s3-buckets.yaml) -> the stack.env key of the stack's.
MANIFEST_BUCKETS = {
    "c360-bronze": "BRONZE_BUCKET", "c360-warehouse": "WAREHOUSE_BUCKET",
    "c360-artifacts": "ARTIFACTS_BUCKET",
}
# The manifests' data locations (jobs' args, HiveCluster warehouseDir) -> the stack's.
MANIFEST_LOCATIONS = {
    "s3a://c360-bronze/bronze": "BRONZE_LOCATION",
    "s3a://c360-warehouse/warehouse": "WAREHOUSE_LOCATION",
}
# The stack's executor size: its workers have 1 core and C360_STACK_WORKER_MEMORY (2g) each.
EXECUTOR_CORES = "1"
EXECUTOR_MEMORY = "1g"


class StackUnavailable(Unavailable):
    """The stack is not started, or a server it needs does not answer; the message says what to do."""


@dataclasses.dataclass(frozen=True)
class StackSettings:
    """The stack's ``stack.env``: where each server is and where the data goes."""

    state_dir: Path
    values: Mapping[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values[key]

    @property
    def metastore_uri(self) -> str:
        return self.values["HMS_URI"]

    @property
    def master_url(self) -> str:
        return self.values["SPARK_MASTER_URL"]

    @property
    def bronze(self) -> str:
        return self.values["BRONZE_LOCATION"]

    @property
    def warehouse(self) -> str:
        return self.values["WAREHOUSE_LOCATION"]

    @property
    def properties_file(self) -> Path:
        return Path(self.values["SPARK_PROPERTIES_FILE"])

    @property
    def trino_url(self) -> str:
        return self.values["TRINO_URL"]

    @property
    def trino_catalog(self) -> str:
        return self.values["TRINO_CATALOG"]


def state_dir(environ: Mapping[str, str], repo_root: Path) -> Path:
    given = environ.get(STATE_DIR_VARIABLE)
    return Path(given).expanduser().resolve() if given else repo_root / DEFAULT_STATE_DIR


def parse_settings(text: str) -> dict[str, str]:
    """KEY=VALUE lines (the format local-stack.sh writes); blank lines and # comments skipped."""
    values = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        values[key.strip()] = value.strip()
    return values


def load(environ: Mapping[str, str], repo_root: Path) -> StackSettings:
    """The settings of the stack in ``$C360_STACK_DIR`` (default: .local-stack of the repository).

    :raises StackUnavailable: the stack was never started there, or its settings are incomplete
    """
    folder = state_dir(environ, repo_root)
    path = folder / SETTINGS_FILE
    start = "scripts/local-stack.sh up"
    if not path.is_file():
        raise StackUnavailable(
            f"the local stack is not set up: {path} is missing; start it with '{start}'"
            + (f" (with {STATE_DIR_VARIABLE}={folder})" if STATE_DIR_VARIABLE in environ else "")
        )
    values = parse_settings(path.read_text(encoding="utf-8"))
    missing = [key for key in REQUIRED_SETTINGS if not values.get(key)]
    if missing:
        raise StackUnavailable(
            f"{path} lacks {', '.join(missing)}: it was written by an older local-stack.sh; "
            f"run '{start}' again to rewrite it"
        )
    settings = StackSettings(folder, values)
    if not settings.properties_file.is_file():
        raise StackUnavailable(
            f"{settings.properties_file} (the S3 settings of the Spark jobs) is missing; "
            f"run '{start}' again to write it"
        )
    return settings


def host_port(url: str) -> tuple[str, int]:
    """Host and port of ``thrift://h:p``, ``spark://h:p`` or ``http://h:p`` URLs."""
    parsed = urllib.parse.urlsplit(url)
    if not parsed.hostname or not parsed.port:
        raise ValueError(f"'{url}' has no host and port")
    return parsed.hostname, parsed.port


def answers(url: str, timeout: float = CONNECT_TIMEOUT_S) -> bool:
    """Whether something accepts TCP connections at the URL's host and port."""
    try:
        with socket.create_connection(host_port(url), timeout=timeout):
            return True
    except (OSError, ValueError):
        return False


def require_services(settings: StackSettings, services: Sequence[str]) -> None:
    """Fails unless every named server answers: ``metastore``, ``s3``, ``spark-master``, ``trino``.

    :raises StackUnavailable: naming the servers that do not answer and the command to start them
    """
    urls = {
        "metastore": settings.metastore_uri,
        "s3": settings["S3_ENDPOINT"],
        "spark-master": settings.master_url,
        "trino": settings.trino_url,
    }
    down = [f"{name} ({urls[name]})" for name in services if not answers(urls[name])]
    if down:
        raise StackUnavailable(
            f"the local stack does not answer: {', '.join(down)}; see "
            "'scripts/local-stack.sh status', then start it with 'scripts/local-stack.sh up'"
        )


def spark_distribution(environ: Mapping[str, str]) -> Path | None:
    """``$SPARK_HOME`` when it is a Spark distribution (has ``bin/spark-submit``), else None."""
    home = environ.get("SPARK_HOME")
    if home and (Path(home) / "bin" / "spark-submit").is_file():
        return Path(home)
    return None


def needs_hadoop_aws(spark_home: Path) -> bool:
    """Whether a distribution lacks the S3A file system (vanilla Spark ships without it)."""
    return not any((spark_home / "jars").glob("hadoop-aws-*.jar"))


def spark_submit_command(
    *,
    spark_home: Path,
    jar: Path,
    main_class: str,
    master: str,
    properties_file: Path,
    driver_memory: str,
    driver_java_options: str,
    spark_confs: Sequence[tuple[str, str]],
    job_args: Sequence[str],
) -> list[str]:
    """The real spark-submit of a Spark 3.5 distribution, in client mode (the driver here)."""
    command = [str(spark_home / "bin" / "spark-submit"), "--master", master,
               "--deploy-mode", "client", "--class", main_class,
               "--properties-file", str(properties_file),
               "--driver-memory", driver_memory,
               "--driver-java-options", driver_java_options]
    if needs_hadoop_aws(spark_home):
        command += ["--packages", HADOOP_AWS_PACKAGE]
    for key, value in spark_confs:
        command += ["--conf", f"{key}={value}"]
    return [*command, str(jar), *job_args]


def stack_side(settings: StackSettings, driver_memory: str) -> spark_application.StackSide:
    """What the stack puts in place of the cluster's endpoints, buckets, locations and sizes."""
    return spark_application.StackSide(
        s3_endpoint=settings["S3_ENDPOINT"],
        region=settings["S3_REGION"],
        metastore_uri=settings.metastore_uri,
        buckets={name: settings.values.get(key) or name for name, key in MANIFEST_BUCKETS.items()},
        locations={location: settings[key] for location, key in MANIFEST_LOCATIONS.items()},
        driver_memory=driver_memory,
        executor_memory=EXECUTOR_MEMORY,
        executor_cores=EXECUTOR_CORES,
    )


def manifest_for(main_class: str, manifests_dir: Path) -> dict | None:
    """The SparkApplication under ``manifests_dir`` that runs ``main_class``, or None (the query
    class has none).

    :raises UsageError: a manifest cannot be read
    """
    for path in sorted(manifests_dir.glob("*.yaml")):
        try:
            documents = manifest_yaml.load_file(path)
        except ManifestSyntaxError:
            continue  # not a SparkApplication (rbac.yaml uses YAML the reader refuses)
        for document in documents:
            spec = document.get("spec") if isinstance(document, dict) else None
            if document.get("kind") == "SparkApplication" and (spec or {}).get("mainClass") == main_class:
                return document
    return None


def manifest_submission(
    settings: StackSettings, repo_root: Path, main_class: str, run_args: Sequence[str],
    driver_memory: str,
) -> spark_application.Submission | None:
    """The job's spark-submit derived from its SparkApplication manifest (k8s/spark) the way the
    operator builds it, moved onto the stack; None when no manifest runs ``main_class``.

    :raises UsageError: the manifests cannot be read or resolved
    """
    application = manifest_for(main_class, repo_root / SPARK_MANIFESTS)
    if application is None:
        return None
    try:
        objects = spark_application.load_objects([repo_root / path for path in S3_MANIFESTS])
        return spark_application.stack_submission(
            application, objects, run_args, stack_side(settings, driver_memory)
        )
    except (ManifestSyntaxError, ValueError, KeyError) as failure:
        raise UsageError(
            f"cannot derive the spark-submit of {main_class} from {SPARK_MANIFESTS}: {failure}"
        ) from failure


def s3_object_url(settings: StackSettings, location: str) -> str:
    """The path-style HTTP URL of an ``s3a://bucket/key`` location on the stack's S3 server."""
    parsed = urllib.parse.urlsplit(location)
    if parsed.scheme not in ("s3a", "s3") or not parsed.netloc:
        raise ValueError(f"'{location}' is not an s3a://bucket/key location")
    key = urllib.parse.quote(parsed.path.lstrip("/"))
    return f"{settings['S3_ENDPOINT'].rstrip('/')}/{parsed.netloc}/{key}"


def read_object(settings: StackSettings, location: str) -> bytes | None:
    """The object at ``location``, or None when it cannot be read (missing, server down).

    curl signs the request (SigV4) with the keys of local-stack.sh's mode-600 config file, so
    they appear on no command line.
    """
    command = [
        "curl", "-s", "-f", "-m", "30", "-K", settings["CURL_S3_CONFIG"],
        "--aws-sigv4", f"aws:amz:{settings['S3_REGION']}:s3",
        "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD", s3_object_url(settings, location),
    ]
    try:
        result = subprocess.run(command, capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def read_json_object(settings: StackSettings, location: str) -> dict | None:
    """The JSON object at ``location`` (the bronze manifest), or None when it cannot be read."""
    content = read_object(settings, location)
    if content is None:
        return None
    try:
        value = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return value if isinstance(value, dict) else None


def lakehouse(master: str | None, data_dir: Path, settings: StackSettings) -> Lakehouse:
    return Lakehouse(
        target="stack",
        work_dir=data_dir,
        bronze=settings.bronze,
        warehouse=settings.warehouse,
        master=master or settings.master_url,
        metastore_uri=settings.metastore_uri,
        stack=settings,
    )


def services_for(master: str) -> list[str]:
    """The stack's servers a pipeline run needs (Trino is only for queries)."""
    services = ["s3", "metastore"]
    if master.startswith("spark://"):
        services.append("spark-master")
    return services


def open_lakehouse(
    master: str | None, data_dir: Path, dry_run: bool, repo_root: Path
) -> Lakehouse:
    """The run's lakehouse on the stack, once its servers answer (a dry run needs only its
    settings).

    :raises StackUnavailable: the stack is not set up, or a server it needs does not answer
    """
    settings = load(os.environ, repo_root)
    found = lakehouse(master, data_dir, settings)
    if not dry_run:
        require_services(settings, services_for(found.master))
    log(
        f"target stack ({settings.state_dir}): bronze {found.bronze}, warehouse "
        f"{found.warehouse}, metastore {found.metastore_uri}, master {found.master}"
    )
    return found
