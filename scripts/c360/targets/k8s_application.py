"""The SparkApplication of one attempt of a stage, built from its manifest (pure functions), and the
summary table of a k8s run."""

from __future__ import annotations

import copy
import dataclasses
import datetime
from typing import Mapping, Sequence

from c360.formatting import format_seconds

# The bucket names in the manifests, and the key of c360-deployment holding the deployed name.
DEFAULT_BUCKETS = {
    "c360-bronze": "bronzeBucket",
    "c360-warehouse": "warehouseBucket",
    "c360-artifacts": "artifactsBucket",
}
METASTORE_URI_CONF = "spark.sql.catalog.lakehouse.uri"
MAX_NAME_LENGTH = 52  # leaves room for the operator's and Spark's pod name suffixes


def unique_name(base: str, now: datetime.datetime, token: str) -> str:
    """``<base>-<UTC yyyymmdd-hhmmss>-<token>``, cut to fit Kubernetes names."""
    stamp = now.astimezone(datetime.timezone.utc).strftime("%Y%m%d-%H%M%S")
    suffix = f"-{stamp}-{token}"
    return base[: MAX_NAME_LENGTH - len(suffix)].rstrip("-") + suffix


def set_option(args: Sequence[str], option: str, value: str | None) -> list[str]:
    """``args`` with ``option value`` replaced, or appended when absent. A ``value`` of None
    stands for a flag (an option without a value): appended when absent."""
    result = list(args)
    if value is None:
        return result if option in result else result + [option]
    if option in result:
        index = result.index(option)
        if index + 1 >= len(result):
            raise ValueError(f"Cannot set {option}: it has no value in {result}")
        result[index + 1] = value
        return result
    return result + [option, value]


def rewrite_buckets(value: str, buckets: Mapping[str, str]) -> str:
    """Replaces the manifests' default bucket names in an ``s3a://`` location."""
    for default, deployed in buckets.items():
        prefix = f"s3a://{default}/"
        if value.startswith(prefix):
            return f"s3a://{deployed}/" + value[len(prefix) :]
        if value == f"s3a://{default}":
            return f"s3a://{deployed}"
    return value


def deployed_buckets(settings: Mapping[str, str]) -> dict[str, str]:
    """Default bucket name -> deployed name, for the buckets deploy.sh recorded."""
    return {
        default: settings[key]
        for default, key in DEFAULT_BUCKETS.items()
        if settings.get(key) and settings[key] != default
    }


def build_application(
    manifest: Mapping,
    name: str,
    settings: Mapping[str, str],
    overrides: Sequence[tuple[str, str | None]] = (),
) -> dict:
    """The SparkApplication to apply for one attempt: ``manifest`` renamed to ``name``, with the
    deployed bucket names and metastore URI, the bronze volume deploy.sh recorded, ``--run-id
    name``, and the given ``(option, value)`` argument overrides last (value None: a flag).
    ``manifest`` is unchanged.
    """
    if manifest.get("kind") != "SparkApplication":
        raise ValueError(f"Cannot run {manifest.get('kind')!r}: not a SparkApplication")
    application = copy.deepcopy(dict(manifest))
    metadata = application.setdefault("metadata", {})
    metadata["name"] = name
    metadata.pop("namespace", None)
    for field in ("resourceVersion", "uid", "creationTimestamp", "generation"):
        metadata.pop(field, None)
    application.pop("status", None)
    labels = metadata.setdefault("labels", {})
    labels["c360.io/run-id"] = name

    spec = application.setdefault("spec", {})
    buckets = deployed_buckets(settings)
    spec["mainApplicationFile"] = rewrite_buckets(spec.get("mainApplicationFile", ""), buckets)
    args = [rewrite_buckets(str(arg), buckets) for arg in spec.get("args", [])]
    conf = {key: rewrite_buckets(str(value), buckets) for key, value in spec.get("sparkConf", {}).items()}
    if settings.get("metastoreUri"):
        conf[METASTORE_URI_CONF] = settings["metastoreUri"]
    if settings.get("targetBytes") and "--target-bytes" in args:
        args = set_option(args, "--target-bytes", settings["targetBytes"])
    args = set_option(args, "--run-id", name)
    for option, value in overrides:
        args = set_option(args, option, value)
    spec["args"] = args
    spec["sparkConf"] = conf
    return application


def summary_table(outcomes: Sequence["StageOutcome"]) -> str:
    """A fixed-width table: stage, application, phase, attempts, duration."""
    header = ("stage", "application", "phase", "attempts", "duration")
    rows = [header] + [
        (o.stage, o.application or "-", o.phase, str(o.attempts), format_seconds(o.seconds))
        for o in outcomes
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


@dataclasses.dataclass
class StageOutcome:
    """How a stage ended; ``exit_code`` is the run's exit code when it did not succeed."""

    stage: str
    application: str | None
    phase: str
    attempts: int
    seconds: float
    exit_code: int = 0

    @property
    def succeeded(self) -> bool:
        return self.phase == "Succeeded"
