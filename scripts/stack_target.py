"""The stack target of run_pipeline.py: the servers scripts/local-stack.sh starts, as jobs see them.

``scripts/local-stack.sh up`` writes ``<state dir>/stack.env`` (endpoints, buckets, locations; no
secrets) and, mode 600, the Spark properties file with the S3A settings and keys and curl's S3
credentials. This module reads them, checks that the servers answer before any job starts,
builds the spark-submit command of a job (a real ``$SPARK_HOME/bin/spark-submit`` when
``SPARK_HOME`` names a Spark distribution, else Spark's SparkSubmit class on the Maven-resolved
runtime), reads the bronze manifest back through the S3 API, and runs queries through Trino's
HTTP protocol (the client protocol the Trino CLI and JDBC driver use).

Standard library only (Python 3.11); S3 requests go through curl (SigV4 signing).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import socket
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Mapping, Sequence

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
TRINO_USER = "c360"
CONNECT_TIMEOUT_S = 3.0


class StackUnavailable(Exception):
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


# ---------------------------------------------------------------------------------------------
# spark-submit


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


# ---------------------------------------------------------------------------------------------
# S3: the bronze manifest, read back through the S3 API


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


# ---------------------------------------------------------------------------------------------
# Trino: the client protocol over HTTP (POST /v1/statement, then follow nextUri)


class TrinoQueryError(Exception):
    """Trino rejected or failed the statement; ``user_error`` when the statement is at fault."""

    def __init__(self, message: str, user_error: bool):
        super().__init__(message)
        self.user_error = user_error


@dataclasses.dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[list[object]]
    truncated: bool


def _request(url: str, method: str, headers: Mapping[str, str], body: bytes | None,
             timeout: float) -> dict:
    request = urllib.request.Request(url, data=body, method=method, headers=dict(headers))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as failure:
        detail = failure.read().decode("utf-8", errors="replace").strip()[:500]
        raise TrinoQueryError(f"Trino answered HTTP {failure.code}: {detail}", False) from failure
    except (urllib.error.URLError, OSError) as failure:
        reason = getattr(failure, "reason", failure)
        raise StackUnavailable(
            f"Trino at {url.split('/v1/')[0]} does not answer ({reason}); see "
            "'scripts/local-stack.sh status trino', start it with 'scripts/local-stack.sh up'"
        ) from failure


def trino_query(
    trino_url: str, catalog: str, sql: str, limit: int, timeout: float = 600.0
) -> QueryResult:
    """Runs one statement on Trino and returns at most ``limit`` rows (then cancels the rest).

    :raises TrinoQueryError: Trino failed the statement (``user_error``: a bad statement)
    :raises StackUnavailable: Trino does not answer
    """
    headers = {
        "X-Trino-User": TRINO_USER,
        "X-Trino-Catalog": catalog,
        "X-Trino-Source": "c360-run-pipeline",
        "Content-Type": "text/plain; charset=utf-8",
    }
    payload = _request(f"{trino_url.rstrip('/')}/v1/statement", "POST", headers,
                       sql.encode("utf-8"), timeout)
    columns: list[str] | None = None
    rows: list[list[object]] = []
    truncated = False
    while True:
        failure = payload.get("error")
        if failure:
            message = failure.get("message") or failure.get("errorName") or "query failed"
            raise TrinoQueryError(message, failure.get("errorType") == "USER_ERROR")
        if columns is None and payload.get("columns"):
            columns = [column["name"] for column in payload["columns"]]
        for row in payload.get("data") or []:
            if len(rows) < limit:
                rows.append(row)
            else:
                truncated = True
        next_uri = payload.get("nextUri")
        if not next_uri:
            break
        if truncated:
            # Enough rows: cancel the rest instead of reading them.
            try:
                _request(next_uri, "DELETE", {"X-Trino-User": TRINO_USER}, None, timeout)
            except (TrinoQueryError, StackUnavailable, json.JSONDecodeError):
                pass
            break
        payload = _request(next_uri, "GET", {"X-Trino-User": TRINO_USER}, None, timeout)
    return QueryResult(columns or [], rows, truncated)


def text_of(value: object) -> str:
    """A value as Spark's ``show()`` and CSV print it: null for NULL, JSON for arrays and maps."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def format_table(result: QueryResult) -> str:
    """Aligned columns between +---+ rules, like the local target's Spark ``show()``."""
    cells = [[text_of(value) for value in row] for row in result.rows]
    widths = [max([len(name), *(len(row[i]) for row in cells)]) for i, name in
              enumerate(result.columns)]
    rule = "+" + "+".join("-" * width for width in widths) + "+"

    def line(values: Sequence[str]) -> str:
        return "|" + "|".join(value.ljust(width) for value, width in zip(values, widths)) + "|"

    lines = [rule, line(result.columns), rule, *(line(row) for row in cells), rule]
    if result.truncated:
        lines.append(f"only showing top {len(result.rows)} rows")
    return "\n".join(lines) + "\n"


def format_csv(result: QueryResult) -> str:
    """A header line and the rows, RFC 4180 quoting; NULL as an empty field like the local target."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow(["" if value is None else text_of(value) for value in row])
    return buffer.getvalue()
