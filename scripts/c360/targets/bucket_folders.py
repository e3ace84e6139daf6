"""The folders that must exist in the buckets before a job starts, read from the manifests: the
one list that scripts/deploy.sh (on the cluster's S3) and scripts/local-stack.sh (on the stack's)
both create.

Today that is each SparkApplication's S3 ``logFileDirectory``: the operator sets
``spark.eventLog.dir`` to ``s3a://<bucketName>/<prefix>`` (spark-k8s-operator 26.3.0,
rust/operator-binary/src/crd/logdir.rs), Spark's event log writer requires that folder to exist
when the SparkContext starts (core/src/main/scala/org/apache/spark/deploy/history/
EventLogFileWriters.scala, ``requireLogBaseDirAsDirectory``), and S3A finds a folder only when an
object or a directory marker exists under its prefix (hadoop-aws S3AFileSystem
``s3GetFileStatus``): in an empty bucket the first job fails before it starts.

Usage: python3 -m c360.targets.bucket_folders [--manifests DIR] [--buckets FILE]
prints one ``<bucket name> <prefix>`` line per folder (bucket names as in the manifests).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from c360.jobs import REPO_ROOT
from c360.targets import manifest_yaml, spark_application


def folders(manifests_dir: Path, buckets_file: Path) -> list[tuple[str, str]]:
    """(bucket name, prefix) of every SparkApplication's S3 log folder under ``manifests_dir``.

    :raises ValueError: a log folder refers to an S3Bucket that ``buckets_file`` does not define
    """
    applications = []
    for path in sorted(manifests_dir.glob("*.yaml")):
        try:
            documents = manifest_yaml.load_file(path)
        except manifest_yaml.ManifestSyntaxError:
            continue  # not a SparkApplication (rbac.yaml uses YAML the reader refuses)
        applications += [d for d in documents if isinstance(d, dict) and d.get("kind") == "SparkApplication"]
    objects = spark_application.load_objects([buckets_file])
    result = []
    for reference, prefix in spark_application.event_log_prefixes(applications):
        bucket = spark_application.resolve({"reference": reference}, "S3Bucket", objects)
        entry = (bucket["bucketName"], prefix if prefix.endswith("/") else prefix + "/")
        if entry not in result:
            result.append(entry)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m c360.targets.bucket_folders",
        description="Print '<bucket> <prefix>' for each folder the jobs need to exist in S3.",
    )
    parser.add_argument("--manifests", type=Path, default=REPO_ROOT / "k8s" / "spark",
                        help="Folder of the SparkApplications (default: k8s/spark).")
    parser.add_argument("--buckets", type=Path, default=REPO_ROOT / "k8s" / "s3" / "s3-buckets.yaml",
                        help="The S3Bucket manifests (default: k8s/s3/s3-buckets.yaml).")
    options = parser.parse_args(argv)
    try:
        for bucket, prefix in folders(options.manifests, options.buckets):
            print(f"{bucket} {prefix}")
    except (OSError, ValueError) as failure:
        print(f"bucket_folders: {failure}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
