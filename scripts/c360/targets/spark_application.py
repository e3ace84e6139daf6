"""spark-submit from a SparkApplication manifest, the way Stackable's spark-k8s-operator 26.3 builds
it, then moved onto the local stack (pure functions; :mod:`c360.targets.stack` runs the result).

What the operator adds, from stackabletech/spark-k8s-operator tag 26.3.0
(commit 4c595b18e5609880d0eb9d53e39c26310870f3f2):
- ``rust/operator-binary/src/crd/mod.rs`` ``build_command``: ``--class mainClass``, the
  ``mainApplicationFile``, then ``args``; from the resolved ``s3connection``
  ``spark.hadoop.fs.s3a.endpoint`` (``http(s)://host:port``), ``.path.style.access`` (accessStyle
  Path), ``.endpoint.region`` and the credentials provider (Simple with the SecretClass's keys,
  else Anonymous); ``spark.kubernetes.memoryOverheadFactor=0.0``; the driver's and executors'
  resources (``resources_to_driver_props``/``resources_to_executor_props``: ``spark.*.cores`` =
  ``cpu.max`` rounded up, ``spark.*.memory`` = the limit less the JVM overhead);
  ``spark.executor.instances`` = ``executor.replicas``; the log directory's settings; the roles'
  ``jvmArgumentOverrides`` as ``spark.*.extraJavaOptions``; and last
  ``sparkConf``, which overrides all of these (one map, ``submit_conf.extend``).
- ``rust/operator-binary/src/crd/logdir.rs`` ``S3LogDir::application_spark_config``:
  ``spark.eventLog.enabled=true``, ``spark.eventLog.dir=s3a://<bucketName>/<prefix>`` and the
  bucket's own S3A settings under ``spark.hadoop.fs.s3a.bucket.<bucketName>.*``.

On the stack only the master, the endpoints (S3, metastore), the credentials and the sizes
(driver and executor memory, cores, instances, and the shuffle partitions sized for 1 TB) are
replaced, and the manifests' bucket names and
locations become the stack's; every other setting is the manifest's own. Keys never reach argv:
they stay in the stack's mode-600 properties file, which the per-bucket settings fall back to.
"""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path
from typing import Mapping, Sequence

from c360.targets import manifest_yaml
from c360.targets.k8s_application import set_option

S3A = "spark.hadoop.fs.s3a"
SIMPLE_PROVIDER = "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider"
ANONYMOUS_PROVIDER = "org.apache.hadoop.fs.s3a.AnonymousAWSCredentialsProvider"
# The S3Connection CRD's region default (deploy-tests/crds/sdp-26.3/commons-operator.crds.yaml).
DEFAULT_REGION = "us-east-1"
# crd/constants.rs: JVM_OVERHEAD_FACTOR and MIN_MEMORY_OVERHEAD (MiB).
JVM_OVERHEAD_FACTOR = 0.1
MIN_MEMORY_OVERHEAD_MIB = 384
METASTORE_URI_KEY = "spark.sql.catalog.lakehouse.uri"
WAREHOUSE_KEY = "spark.sql.catalog.lakehouse.warehouse"
# The sizes the stack replaces (the operator derives them from resources and replicas).
SIZE_KEYS = (
    "spark.driver.memory", "spark.driver.cores", "spark.executor.memory", "spark.executor.cores",
    "spark.executor.instances", "spark.kubernetes.driver.request.cores",
    "spark.kubernetes.driver.limit.cores", "spark.kubernetes.executor.request.cores",
    "spark.kubernetes.executor.limit.cores",
)
# Settings sized for the manifests' data volume (1 TB: "about 256 MB per shuffle partition"),
# which the stack's (a few MB) replaces too: its properties file sets the partitions for its two
# 1-core workers (C360_STACK_SHUFFLE_PARTITIONS); 4096 would make every shuffle 4096 tasks.
VOLUME_KEYS = ("spark.sql.shuffle.partitions",)
# Job options that exclude each other (picocli ArgGroup exclusive in BronzeCommand): when the
# stack sets the first, the manifest's second goes.
EXCLUSIVE_OPTIONS = {"--interactions": "--target-bytes"}
MEMORY_UNITS = {"Ki": 1 / 1024, "Mi": 1, "Gi": 1024, "Ti": 1024 * 1024,
                "k": 1000 / 1024 / 1024, "M": 1000 * 1000 / 1024 / 1024,
                "G": 1000**3 / 1024 / 1024}


@dataclasses.dataclass(frozen=True)
class Submission:
    """What spark-submit gets: ``--class``, the application, ``--conf`` pairs in order, args."""

    main_class: str
    application: str
    conf: tuple[tuple[str, str], ...]
    args: tuple[str, ...]

    def conf_map(self) -> dict[str, str]:
        return dict(self.conf)


@dataclasses.dataclass(frozen=True)
class StackSide:
    """What the stack puts in place of the cluster's: endpoints, bucket names, locations, sizes."""

    s3_endpoint: str
    region: str
    metastore_uri: str
    # manifest bucket name -> the stack's; manifest location -> the stack's (longest first).
    buckets: Mapping[str, str]
    locations: Mapping[str, str]
    driver_memory: str
    executor_memory: str
    executor_cores: str


def load_objects(paths: Sequence[Path]) -> dict[tuple[str, str], dict]:
    """(kind, name) -> object, of every document in ``paths``."""
    objects = {}
    for path in paths:
        for document in manifest_yaml.load_file(path):
            if isinstance(document, dict) and document.get("kind"):
                name = (document.get("metadata") or {}).get("name", "")
                objects[(document["kind"], name)] = document
    return objects


def cores_from_quantity(quantity: object) -> str:
    """crd/mod.rs ``cores_from_quantity``: cores, rounded up; ``m`` is milli-cores."""
    text = str(quantity)
    value = float(text[: text.index("m")]) / 1000 if "m" in text else float(text)
    return str(math.ceil(value))


def memory_mib(quantity: object) -> int:
    """A Kubernetes memory quantity (``8Gi``, ``512Mi``) in whole MiB."""
    match = re.fullmatch(r"([0-9.]+)([A-Za-z]*)", str(quantity))
    if not match or match.group(2) not in MEMORY_UNITS:
        raise ValueError(f"Cannot read memory quantity '{quantity}'")
    return math.floor(float(match.group(1)) * MEMORY_UNITS[match.group(2)])


def java_memory(limit: object) -> str:
    """crd/mod.rs ``subtract_spark_memory_overhead`` for a JVM job: the heap that leaves Spark's
    overhead (10 %, at least 384 MiB) inside the pod's limit."""
    original = memory_mib(limit)
    if original < MIN_MEMORY_OVERHEAD_MIB:
        return f"{original}m"
    reduced = math.floor(original / (1 + JVM_OVERHEAD_FACTOR))
    return f"{original - max(MIN_MEMORY_OVERHEAD_MIB, original - reduced)}m"


def resources_conf(role: str, role_spec: Mapping | None) -> dict[str, str]:
    """crd/mod.rs ``resources_to_{driver,executor}_props`` for ``role`` (driver or executor)."""
    resources = ((role_spec or {}).get("config") or {}).get("resources") or {}
    cpu = resources.get("cpu") or {}
    conf = {}
    if cpu.get("min") is not None and cpu.get("max") is not None:
        conf[f"spark.{role}.cores"] = cores_from_quantity(cpu["max"])
        conf[f"spark.kubernetes.{role}.request.cores"] = str(cpu["min"])
        conf[f"spark.kubernetes.{role}.limit.cores"] = str(cpu["max"])
    limit = (resources.get("memory") or {}).get("limit")
    if limit is not None:
        conf[f"spark.{role}.memory"] = java_memory(limit)
    return conf


def connection_endpoint(connection: Mapping) -> str:
    """operator-rs ``ConnectionSpec::endpoint``: https with ``tls``, else http; host and port."""
    scheme = "https" if connection.get("tls") else "http"
    port = connection.get("port")
    return f"{scheme}://{connection['host']}" + (f":{port}" if port else "")


def connection_conf(connection: Mapping, prefix: str) -> dict[str, str]:
    """The S3A settings the operator derives from an S3Connection, under ``prefix``."""
    conf = {
        f"{prefix}.endpoint": connection_endpoint(connection),
        f"{prefix}.path.style.access": str(connection.get("accessStyle") == "Path").lower(),
    }
    region = (connection.get("region") or {}).get("name") or DEFAULT_REGION
    conf[f"{prefix}.{'endpoint.region' if prefix == S3A else 'region'}"] = region
    if connection.get("credentials"):
        secret_dir = f"/stackable/secrets/{connection['credentials']['secretClass']}"
        conf[f"{prefix}.access.key"] = f'"$(cat {secret_dir}/accessKey)"'
        conf[f"{prefix}.secret.key"] = f'"$(cat {secret_dir}/secretKey)"'
        conf[f"{prefix}.aws.credentials.provider"] = SIMPLE_PROVIDER
    else:
        conf[f"{prefix}.aws.credentials.provider"] = ANONYMOUS_PROVIDER
    return conf


def resolve(reference: Mapping | None, kind: str, objects: Mapping) -> dict:
    """The spec of an inline (``inline``) or referenced (``reference``) object of ``kind``."""
    if not reference:
        raise ValueError(f"Cannot resolve {kind}: no reference")
    if "inline" in reference:
        return dict(reference["inline"])
    found = objects.get((kind, reference.get("reference")))
    if found is None:
        raise ValueError(f"Cannot resolve {kind} '{reference.get('reference')}': no such manifest")
    return dict(found.get("spec") or {})


def java_options_conf(spec: Mapping) -> dict[str, str]:
    """``spark.{driver,executor}.extraJavaOptions`` from the roles' ``jvmArgumentOverrides.add``
    (the operator's ``construct_extra_java_options`` applies them on top of its own
    ``-Djava.security.properties``, a file inside its pods, left out here)."""
    conf = {}
    for role in ("driver", "executor"):
        added = ((spec.get(role) or {}).get("jvmArgumentOverrides") or {}).get("add") or ()
        if added:
            conf[f"spark.{role}.extraJavaOptions"] = " ".join(str(arg) for arg in added)
    return conf


def operator_submission(application: Mapping, objects: Mapping) -> Submission:
    """The spark-submit of ``application`` as the operator builds it on the cluster (before the
    shell expands the credential commands)."""
    spec = application.get("spec") or {}
    if application.get("kind") != "SparkApplication" or not spec.get("mainClass"):
        raise ValueError("Cannot derive spark-submit: not a SparkApplication with a mainClass")
    conf: dict[str, str] = {}
    if spec.get("s3connection"):
        conf.update(connection_conf(resolve(spec["s3connection"], "S3Connection", objects), S3A))
    conf["spark.kubernetes.memoryOverheadFactor"] = "0.0"
    conf.update(resources_conf("driver", spec.get("driver")))
    conf.update(resources_conf("executor", spec.get("executor")))
    replicas = (spec.get("executor") or {}).get("replicas")
    if replicas is not None:
        conf["spark.executor.instances"] = str(replicas)
    s3_log = (spec.get("logFileDirectory") or {}).get("s3")
    if s3_log:
        bucket = resolve(s3_log.get("bucket"), "S3Bucket", objects)
        name = bucket["bucketName"]
        conf["spark.eventLog.enabled"] = "true"
        conf["spark.eventLog.dir"] = f"s3a://{name}/{s3_log.get('prefix', '')}"
        connection = resolve(bucket.get("connection"), "S3Connection", objects)
        conf.update(connection_conf(connection, f"{S3A}.bucket.{name}"))
    custom_log = (spec.get("logFileDirectory") or {}).get("customLogDirectory")
    if custom_log:
        conf["spark.eventLog.enabled"] = "true"
        conf["spark.eventLog.dir"] = custom_log
    conf.update(java_options_conf(spec))
    conf.update({str(key): str(value) for key, value in (spec.get("sparkConf") or {}).items()})
    return Submission(
        main_class=spec["mainClass"],
        application=spec.get("mainApplicationFile", ""),
        conf=tuple(conf.items()),
        args=tuple(str(arg) for arg in spec.get("args") or ()),
    )


def is_credential(key: str) -> bool:
    return key.startswith(S3A) and key.endswith((".access.key", ".secret.key"))


def relocate(value: str, stack: StackSide) -> str:
    """A manifest's ``s3a://`` location or bucket name as the stack's."""
    for location in sorted(stack.locations, key=len, reverse=True):
        if value == location or value.startswith(location.rstrip("/") + "/"):
            return stack.locations[location] + value[len(location.rstrip("/")):]
    for bucket, replacement in stack.buckets.items():
        if value.startswith(f"s3a://{bucket}/") or value == f"s3a://{bucket}":
            return f"s3a://{replacement}" + value[len(f"s3a://{bucket}"):]
    return value


def relocate_key(key: str, stack: StackSide) -> str:
    """``spark.hadoop.fs.s3a.bucket.<manifest bucket>.x`` under the stack's bucket name."""
    for bucket, replacement in stack.buckets.items():
        prefix = f"{S3A}.bucket.{bucket}."
        if key.startswith(prefix):
            return f"{S3A}.bucket.{replacement}.{key[len(prefix):]}"
    return key


def stack_conf(conf: Sequence[tuple[str, str]], stack: StackSide) -> list[tuple[str, str]]:
    """The operator's settings with the stack's endpoints, credentials, sizes and locations."""
    result: dict[str, str] = {}
    for key, value in conf:
        key = relocate_key(key, stack)
        if is_credential(key) or key in SIZE_KEYS or key in VOLUME_KEYS:
            continue  # keys and volume settings: the properties file; sizes: set below
        if key == f"{S3A}.endpoint" or (key.startswith(f"{S3A}.bucket.") and key.endswith(".endpoint")):
            value = stack.s3_endpoint
        elif key.endswith((".endpoint.region", ".region")) and key.startswith(S3A):
            value = stack.region
        elif key == METASTORE_URI_KEY:
            value = stack.metastore_uri
        else:
            value = relocate(value, stack)
        result[key] = value
    result["spark.driver.memory"] = stack.driver_memory
    result["spark.executor.memory"] = stack.executor_memory
    result["spark.executor.cores"] = stack.executor_cores
    return list(result.items())


def option_pairs(args: Sequence[str]) -> list[tuple[str, str | None]]:
    """``--option value`` pairs and flags (value None) of a job's argument list."""
    pairs: list[tuple[str, str | None]] = []
    index = 0
    while index < len(args):
        option = args[index]
        if not option.startswith("--"):
            raise ValueError(f"Cannot read job arguments: '{option}' is not an option in {list(args)}")
        if index + 1 < len(args) and not args[index + 1].startswith("--"):
            pairs.append((option, args[index + 1]))
            index += 2
        else:
            pairs.append((option, None))
            index += 1
    return pairs


def remove_option(args: Sequence[str], option: str) -> list[str]:
    """``args`` without ``option`` and its value."""
    return [
        token
        for pair in option_pairs(args)
        if pair[0] != option
        for token in (pair if pair[1] is not None else pair[:1])
    ]


def stack_args(manifest_args: Sequence[str], run_args: Sequence[str], stack: StackSide) -> list[str]:
    """The manifest's job arguments with its locations moved to the stack, and the run's own
    arguments (target, catalog, volume, dates...) replacing or added to them."""
    args = [relocate(arg, stack) for arg in manifest_args]
    for option, value in option_pairs(run_args):
        if option in EXCLUSIVE_OPTIONS:
            args = remove_option(args, EXCLUSIVE_OPTIONS[option])
        args = set_option(args, option, value)
    return args


def stack_submission(
    application: Mapping, objects: Mapping, run_args: Sequence[str], stack: StackSide
) -> Submission:
    """The spark-submit of ``application`` on the stack: the operator's, with the stack's master
    (given to spark-submit by the caller), endpoints, credentials, sizes and locations."""
    operator = operator_submission(application, objects)
    return Submission(
        main_class=operator.main_class,
        application=operator.application,
        conf=tuple(stack_conf(operator.conf, stack)),
        args=tuple(stack_args(operator.args, run_args, stack)),
    )


def event_log_prefixes(applications: Sequence[Mapping]) -> list[tuple[str, str]]:
    """(S3Bucket reference, prefix) of every application's S3 log directory, once each: the
    folders that must exist before a job starts (EventLogFileWriter.requireLogBaseDirAsDirectory)."""
    found: list[tuple[str, str]] = []
    for application in applications:
        s3_log = ((application.get("spec") or {}).get("logFileDirectory") or {}).get("s3") or {}
        reference = (s3_log.get("bucket") or {}).get("reference")
        if reference:
            entry = (reference, s3_log.get("prefix", "").lstrip("/"))
            if entry not in found:
                found.append(entry)
    return found
