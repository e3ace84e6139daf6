"""Tests of c360/targets/spark_application.py: a SparkApplication manifest in, the operator's
spark-submit settings and then the stack's spark-submit argv out.

Run from the repository root: python3 -m pytest -q scripts/tests/test_spark_application.py
"""

import shlex
import unittest
from pathlib import Path

from helpers import write_stack

from c360 import launch
from c360.jobs import BRONZE, MAINTENANCE_MAIN_CLASS, OPS, QUERY_MAIN_CLASS, SILVER
from c360.options import SparkOptions
from c360.targets import manifest_yaml, spark_application, stack

REPO = Path(__file__).resolve().parent.parent.parent
S3_OBJECTS = spark_application.load_objects(
    [REPO / "k8s" / "s3" / "s3-connection.yaml", REPO / "k8s" / "s3" / "s3-buckets.yaml"]
)
STACK = spark_application.StackSide(
    s3_endpoint="http://127.0.0.1:19000",
    region="us-east-1",
    metastore_uri="thrift://127.0.0.1:19083",
    buckets={"c360-bronze": "c360-bronze", "c360-warehouse": "c360-warehouse",
             "c360-artifacts": "stack-artifacts"},
    locations={"s3a://c360-bronze/bronze": "s3a://c360-bronze/bronze",
               "s3a://c360-warehouse/warehouse": "s3a://c360-warehouse/lakehouse"},
    driver_memory="2g",
    executor_memory="1g",
    executor_cores="1",
)


def manifest(name):
    [document] = manifest_yaml.load_file(REPO / "k8s" / "spark" / name)
    return document


def application(spark_conf=None, log_dir=True, **spec):
    """A small SparkApplication in the shape of ours."""
    body = {
        "mainApplicationFile": "s3a://c360-artifacts/jars/job.jar",
        "mainClass": "io.example.Main",
        "args": ["--target", "k8s", "--warehouse", "s3a://c360-warehouse/warehouse"],
        "s3connection": {"reference": "c360-s3"},
        "sparkConf": spark_conf or {},
        "driver": {"config": {"resources": {"cpu": {"min": "1", "max": "1500m"},
                                            "memory": {"limit": "8Gi"}}}},
        "executor": {"replicas": 3, "config": {"resources": {"cpu": {"min": "2", "max": "2"},
                                                             "memory": {"limit": "1Gi"}}}},
        **spec,
    }
    if log_dir:
        body["logFileDirectory"] = {"s3": {"prefix": "spark-logs/",
                                           "bucket": {"reference": "c360-artifacts"}}}
    return {"kind": "SparkApplication", "metadata": {"name": "x"}, "spec": body}


class OperatorSubmissionTest(unittest.TestCase):
    """What crd/mod.rs build_command and crd/logdir.rs put on the cluster's spark-submit."""

    def test_class_application_and_args_are_the_manifests(self):
        submitted = spark_application.operator_submission(application(), S3_OBJECTS)
        self.assertEqual(submitted.main_class, "io.example.Main")
        self.assertEqual(submitted.application, "s3a://c360-artifacts/jars/job.jar")
        self.assertEqual(submitted.args[:2], ("--target", "k8s"))

    def test_the_s3_connection_gives_endpoint_path_style_region_and_credentials(self):
        conf = spark_application.operator_submission(application(), S3_OBJECTS).conf_map()
        self.assertEqual(conf["spark.hadoop.fs.s3a.endpoint"], "https://s3.example.invalid:443")
        self.assertEqual(conf["spark.hadoop.fs.s3a.path.style.access"], "true")
        self.assertEqual(conf["spark.hadoop.fs.s3a.endpoint.region"], "us-east-1")
        self.assertEqual(conf["spark.hadoop.fs.s3a.aws.credentials.provider"],
                         spark_application.SIMPLE_PROVIDER)
        self.assertEqual(conf["spark.hadoop.fs.s3a.access.key"],
                         '"$(cat /stackable/secrets/c360-s3-credentials/accessKey)"')

    def test_log_file_directory_enables_the_event_log_in_the_bucket(self):
        conf = spark_application.operator_submission(application(), S3_OBJECTS).conf_map()
        self.assertEqual(conf["spark.eventLog.enabled"], "true")
        self.assertEqual(conf["spark.eventLog.dir"], "s3a://c360-artifacts/spark-logs/")
        self.assertEqual(conf["spark.hadoop.fs.s3a.bucket.c360-artifacts.endpoint"],
                         "https://s3.example.invalid:443")
        self.assertEqual(conf["spark.hadoop.fs.s3a.bucket.c360-artifacts.path.style.access"], "true")

        without = spark_application.operator_submission(application(log_dir=False), S3_OBJECTS)
        self.assertNotIn("spark.eventLog.enabled", without.conf_map())
        self.assertNotIn("spark.eventLog.dir", without.conf_map())

    def test_resources_become_cores_and_memory_less_the_overhead(self):
        conf = spark_application.operator_submission(application(), S3_OBJECTS).conf_map()
        self.assertEqual(conf["spark.driver.cores"], "2")  # 1500m rounded up
        self.assertEqual(conf["spark.kubernetes.driver.request.cores"], "1")
        self.assertEqual(conf["spark.kubernetes.driver.limit.cores"], "1500m")
        self.assertEqual(conf["spark.driver.memory"], "7447m")  # 8192 - 8192 * 0.1 / 1.1
        self.assertEqual(conf["spark.executor.memory"], "640m")  # 1024 - the 384 minimum
        self.assertEqual(conf["spark.executor.cores"], "2")
        self.assertEqual(conf["spark.executor.instances"], "3")
        self.assertEqual(conf["spark.kubernetes.memoryOverheadFactor"], "0.0")

    def test_jvm_argument_overrides_become_the_roles_extra_java_options(self):
        # Silver's manifest compiles Spark's huge generated methods on the driver and executors.
        conf = dict(spark_application.operator_submission(
            manifest("silver-build.yaml"), S3_OBJECTS).conf)
        self.assertEqual(conf["spark.driver.extraJavaOptions"], "-XX:-DontCompileHugeMethods")
        self.assertEqual(conf["spark.executor.extraJavaOptions"], "-XX:-DontCompileHugeMethods")
        plain = dict(spark_application.operator_submission(application(), S3_OBJECTS).conf)
        self.assertNotIn("spark.executor.extraJavaOptions", plain)

    def test_spark_conf_overrides_what_the_operator_derives(self):
        conf = spark_application.operator_submission(
            application({"spark.executor.cores": "4", "spark.kubernetes.memoryOverheadFactor": "0.2"}),
            S3_OBJECTS,
        ).conf_map()
        self.assertEqual(conf["spark.executor.cores"], "4")
        self.assertEqual(conf["spark.kubernetes.memoryOverheadFactor"], "0.2")

    def test_a_reference_to_a_missing_object_is_refused(self):
        broken = application(s3connection={"reference": "nowhere"})
        with self.assertRaises(ValueError) as caught:
            spark_application.operator_submission(broken, S3_OBJECTS)
        self.assertIn("S3Connection 'nowhere'", str(caught.exception))
        with self.assertRaises(ValueError):
            spark_application.operator_submission({"kind": "Pod", "spec": {}}, S3_OBJECTS)


class StackSubmissionTest(unittest.TestCase):
    """The operator's settings moved onto the stack: only endpoints, credentials, sizes, places."""

    def submission(self, app=None, run_args=()):
        return spark_application.stack_submission(app or application(), S3_OBJECTS, run_args, STACK)

    def test_a_spark_conf_key_of_the_manifest_appears(self):
        conf = self.submission(manifest("silver-build.yaml")).conf_map()
        self.assertEqual(conf["spark.task.maxFailures"], "8")
        self.assertEqual(conf["spark.kubernetes.allocation.batch.size"], "16")
        self.assertEqual(conf["spark.sql.catalog.lakehouse.type"], "hive")

    def test_the_stack_wins_for_endpoints_credentials_and_sizes(self):
        conf = self.submission(application({
            "spark.executor.cores": "4", "spark.executor.memory": "30g",
            "spark.sql.catalog.lakehouse.uri": "thrift://c360-hive-metastore:9083",
        })).conf_map()
        self.assertEqual(conf["spark.hadoop.fs.s3a.endpoint"], "http://127.0.0.1:19000")
        self.assertEqual(conf["spark.hadoop.fs.s3a.bucket.stack-artifacts.endpoint"],
                         "http://127.0.0.1:19000")
        self.assertEqual(conf["spark.sql.catalog.lakehouse.uri"], "thrift://127.0.0.1:19083")
        self.assertEqual(conf["spark.executor.cores"], "1")
        self.assertEqual(conf["spark.executor.memory"], "1g")
        self.assertEqual(conf["spark.driver.memory"], "2g")
        for key in ("spark.executor.instances", "spark.driver.cores",
                    "spark.kubernetes.executor.limit.cores"):
            self.assertNotIn(key, conf)

        # Keys stay in the stack's mode-600 properties file, never on the command line.
        self.assertFalse([key for key in conf if key.endswith((".access.key", ".secret.key"))])
        self.assertNotIn("$(cat", " ".join(conf.values()))
        self.assertEqual(conf["spark.hadoop.fs.s3a.aws.credentials.provider"],
                         spark_application.SIMPLE_PROVIDER)

    def test_shuffle_partitions_sized_for_1_tb_give_way_to_the_stacks(self):
        silver = manifest("silver-build.yaml")
        operator = spark_application.operator_submission(silver, S3_OBJECTS).conf_map()
        self.assertEqual(operator["spark.sql.shuffle.partitions"], "4096")
        # Left to the stack's properties file (C360_STACK_SHUFFLE_PARTITIONS).
        self.assertNotIn("spark.sql.shuffle.partitions", self.submission(silver).conf_map())

    def test_log_file_directory_gives_the_event_log_in_the_stacks_bucket(self):
        conf = self.submission().conf_map()
        self.assertEqual(conf["spark.eventLog.enabled"], "true")
        self.assertEqual(conf["spark.eventLog.dir"], "s3a://stack-artifacts/spark-logs/")
        self.assertNotIn("spark.hadoop.fs.s3a.bucket.c360-artifacts.endpoint", conf)

    def test_locations_move_to_the_stack_and_the_runs_arguments_win(self):
        bronze = manifest("bronze-ingest.yaml")
        submitted = self.submission(bronze, ["--output", "s3a://c360-bronze/bronze", "--target",
                                             "stack", "--interactions", "20000", "--days", "4"])
        args = list(submitted.args)
        self.assertEqual(args[args.index("--target") + 1], "stack")
        self.assertEqual(args[args.index("--days") + 1], "4")
        self.assertEqual(args[args.index("--warehouse") + 1], "s3a://c360-warehouse/lakehouse")
        self.assertNotIn("--target-bytes", args)  # exclusive with --interactions
        self.assertEqual(args[args.index("--interactions") + 1], "20000")
        self.assertEqual(submitted.conf_map()["spark.sql.catalog.lakehouse.warehouse"],
                         "s3a://c360-warehouse/lakehouse")

    def test_a_flag_of_the_run_is_added_once(self):
        submitted = self.submission(run_args=["--full-rebuild", "--full-rebuild"])
        self.assertEqual(list(submitted.args).count("--full-rebuild"), 1)

    def test_event_log_prefixes_of_the_manifests(self):
        applications = [manifest(name) for name in
                        ("bronze-ingest.yaml", "silver-build.yaml", "gold-finalize.yaml")]
        self.assertEqual(spark_application.event_log_prefixes(applications),
                         [("c360-artifacts", "spark-logs/")])
        self.assertEqual(spark_application.event_log_prefixes([application(log_dir=False)]), [])


class StackCommandTest(unittest.TestCase):
    """launch.job_command on the stack: the argv that runs, derived from k8s/spark."""

    def setUp(self):
        import tempfile
        self.folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        write_stack(self.folder, ARTIFACTS_BUCKET="c360-artifacts")
        self.settings = stack.load({"C360_STACK_DIR": str(self.folder)}, REPO)
        self.lakehouse = stack.lakehouse(None, self.folder / "data", self.settings)

    def command(self, module, main_class, job_args, spark=None):
        spark = spark or SparkOptions(dry_run=True)
        return launch.job_command(spark, REPO, "java", module, main_class, job_args, self.lakehouse)

    def confs(self, command):
        return [command[i + 1] for i, word in enumerate(command) if word == "--conf"]

    def test_silver_runs_with_its_manifests_settings(self):
        command = self.command(SILVER, SILVER.main_class, self.lakehouse.catalog_args())
        confs = self.confs(command)
        self.assertIn("spark.eventLog.dir=s3a://c360-artifacts/spark-logs/", confs)
        self.assertIn("spark.task.maxFailures=8", confs)
        self.assertIn(f"spark.sql.catalog.lakehouse.uri={self.settings.metastore_uri}", confs)
        self.assertIn("spark.executor.cores=1", confs)
        self.assertEqual(command[command.index("--max-reject-rate") + 1], "0.05")
        self.assertEqual(command[command.index("--master") + 1], self.settings.master_url)
        self.assertNotIn("k8s", command[command.index(str(REPO / SILVER.jar)):])

    def test_the_users_spark_conf_comes_last_and_wins(self):
        spark = SparkOptions(dry_run=True, spark_conf=(("spark.sql.shuffle.partitions", "8"),))
        confs = self.confs(self.command(SILVER, SILVER.main_class, [], spark))
        self.assertEqual(confs[-1], "spark.sql.shuffle.partitions=8")

    def test_maintenance_is_found_by_its_main_class_and_the_query_has_no_manifest(self):
        command = self.command(OPS, MAINTENANCE_MAIN_CLASS, [])
        self.assertEqual(command[command.index("--retain-last") + 1], "5")
        query = self.command(OPS, QUERY_MAIN_CLASS, ["--sql", "SELECT 1"])
        self.assertFalse([c for c in self.confs(query) if c.startswith("spark.eventLog")])

    def test_bronze_argv_keeps_no_secret(self):
        command = self.command(BRONZE, BRONZE.main_class, ["--interactions", "10"])
        self.assertNotIn(".access.key=", shlex.join(command))
        self.assertNotIn(".secret.key=", shlex.join(command))


if __name__ == "__main__":
    unittest.main()
