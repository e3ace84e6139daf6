"""The stack's Trino through its HTTP client protocol (POST /v1/statement, then follow nextUri):
the protocol the Trino CLI and JDBC driver use. Query results print like Spark's."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import urllib.error
import urllib.request
from typing import Mapping, Sequence

from c360.targets.stack import StackUnavailable

TRINO_USER = "c360"


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
