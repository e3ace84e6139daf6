"""Shared by the script tests: the package on the path, command-line helpers and the run reports
the summary tests read. Not a test module itself (its name does not match test_*.py)."""

import contextlib
import io
import json
import os
import socket
import sys
from pathlib import Path
from unittest import mock

SCRIPTS_DIR = Path(__file__).resolve().parent.parent
if str(SCRIPTS_DIR) not in sys.path:
    sys.path.insert(0, str(SCRIPTS_DIR))

from c360 import main as entry  # noqa: E402  (needs the path above)
from c360.commands import run  # noqa: E402
from c360.targets import local as local_target  # noqa: E402


def parse(*argv):
    """The Namespace of a ``run`` command line."""
    return run.build_parser().parse_args(list(argv))


def options(*argv):
    """The frozen options of a ``run`` command line."""
    return run.parse(list(argv))


def local(data_dir):
    """The local target's lakehouse in ``data_dir`` (the default options)."""
    return local_target.lakehouse(None, Path(data_dir))


def run_main(*argv, environ=None):
    """(exit code, stdout, stderr) of main(argv), with ``environ`` added to the environment."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr), \
            mock.patch.dict(os.environ, environ or {}):
        code = entry.main(list(argv))
    return code, stdout.getvalue(), stderr.getvalue()


REPORT = {
    "event": "c360.job_run",
    "run_id": "bronze-ingest-20260101T000000Z-abcd1234",
    "job": "bronze-ingest",
    "status": "SUCCEEDED",
    "exit_code": 0,
    "started_at": "2026-01-01T00:00:00Z",
    "finished_at": "2026-01-01T00:00:42Z",
    "duration_ms": 42_000,
    "parameters": {"seed": 42},
    "counts": {"customers_rows": 2500, "customer_interactions_rows": 100_000},
    "durations_ms": {"prepare": 12, "write": 30_500, "verify": 1_200},
    "details": {"manifest": "/d/bronze/_manifests/2026-01-01_2026-01-30.json"},
    "error": None,
}

MANIFEST = {
    "tables": {
        "customers": {
            "path": "/d/bronze/customers",
            "rows": 2500,
            "defects": {"malformed_email": 20, "phone_format": 31, "state_name": 5, "missing_id": 0},
        },
        "customer_interactions": {
            "rows": 100_000,
            "defects": {"duplicate_event": 900, "negative_amount": 400, "future_timestamp": 400, "unknown_channel": 300},
        },
    }
}

# One run report line of silver-build, as the job prints it (counts per bronze table and rule).
SILVER_REPORT_LINE = (
    '{"event":"c360.job_run","run_id":"silver-build-20260131T000000Z-1234abcd","job":"silver-build",'
    '"status":"SUCCEEDED","exit_code":0,"started_at":"2026-01-31T00:00:00Z",'
    '"finished_at":"2026-01-31T00:01:05Z","duration_ms":65000,'
    '"parameters":{"target":"local","warehouse":"file:/d/warehouse","bronze":"/d/bronze",'
    '"dates":"new and changed","max_reject_rate":0.05,"as_of":"latest event date"},'
    '"counts":{"customers.rows":2500,"customers.duplicates":0,"customers.quarantined":60,'
    '"customers.rule.customer_missing_id":0,"customers.rule.malformed_email":20,'
    '"customers.rule.invalid_phone":31,"customers.rule.invalid_zip":9,'
    '"customers.rule.implausible_birth_date":2,"customers.rule.invalid_country":0,'
    '"customers.rule.invalid_state":0,"customers.repaired.nonstandard_state":5,'
    '"customers.repaired.nonstandard_country":0,"customers.repaired.untrimmed_text":12,'
    '"customers.accepted":2440,'
    '"customer_interactions.rows":100000,"customer_interactions.duplicates":900,'
    '"customer_interactions.quarantined":1150,"customer_interactions.rule.orphan_customer":400,'
    '"customer_interactions.rule.negative_amount":400,"customer_interactions.rule.future_timestamp":300,'
    '"customer_interactions.rule.unknown_channel":50,"customer_interactions.rule.nps_out_of_range":0,'
    '"customer_interactions.repaired.noncanonical_channel":310,'
    '"customer_interactions.accepted":97950,'
    '"input_rows":102500,"output_rows":100390,"rejected_rows":1210,"customers_in_silver":2440},'
    '"durations_ms":{"plan":1200,"validate":20500,"commit_quarantine":3100,'
    '"commit_interactions":15000,"commit_customers":12000,"commit_progress":800},'
    '"details":{"dates":["2026-01-01","2026-01-02","2026-01-30"],'
    '"reconciliation":"ok: counts match the bronze manifests","features_as_of":"2026-01-30"},'
    '"error":null}'
)
SILVER_REPORT = json.loads(SILVER_REPORT_LINE)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_stack(folder, ports=None, **overrides):
    """A state folder as local-stack.sh leaves it; ports of servers nobody listens on by default."""
    ports = ports or {}
    folder = Path(folder)
    (folder / "conf").mkdir(parents=True, exist_ok=True)
    properties = folder / "conf" / "spark-stack.conf"
    properties.write_text("spark.hadoop.fs.s3a.endpoint=http://127.0.0.1:1\n")
    values = {
        "C360_STACK_DIR": str(folder),
        "HMS_URI": f"thrift://127.0.0.1:{ports.get('metastore', free_port())}",
        "S3_ENDPOINT": f"http://127.0.0.1:{ports.get('s3', free_port())}",
        "S3_REGION": "us-east-1",
        "BRONZE_LOCATION": "s3a://c360-bronze/bronze",
        "WAREHOUSE_LOCATION": "s3a://c360-warehouse/lakehouse",
        "SPARK_MASTER_URL": f"spark://127.0.0.1:{ports.get('spark-master', free_port())}",
        "SPARK_PROPERTIES_FILE": str(properties),
        "CURL_S3_CONFIG": str(folder / "conf" / "curl-s3.conf"),
        "TRINO_URL": f"http://127.0.0.1:{ports.get('trino', free_port())}",
        "TRINO_CATALOG": "lakehouse",
    }
    values.update(overrides)
    lines = ["# The local stack (scripts/local-stack.sh)"]
    lines += [f"{key}={value}" for key, value in values.items() if value is not None]
    (folder / "stack.env").write_text("\n".join(lines) + "\n")
    return folder
