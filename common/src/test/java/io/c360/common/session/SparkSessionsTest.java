package io.c360.common.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.common.Target;
import io.c360.common.naming.Tables;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** How {@link SparkSessions#resolve} merges the user's configuration with the tuned defaults. */
class SparkSessionsTest {
  private static final String CATALOG = "spark.sql.catalog." + Tables.CATALOG;
  private static final String EXTENSIONS = "spark.sql.extensions";

  @Test
  void userValuesWinOverTheTunedDefaults() {
    SparkConf user =
        emptyConf()
            .set("spark.hadoop.fs.s3a.connection.maximum", "64")
            .set("spark.sql.session.timeZone", "Europe/Berlin")
            .set("spark.sql.shuffle.partitions", "7")
            .set("spark.master", "local[3]");

    SparkConf resolved = SparkSessions.resolve(user, settings(Target.LOCAL, true));

    assertThat(resolved.get("spark.hadoop.fs.s3a.connection.maximum")).isEqualTo("64");
    assertThat(resolved.get("spark.sql.session.timeZone")).isEqualTo("Europe/Berlin");
    assertThat(resolved.get("spark.sql.shuffle.partitions")).isEqualTo("7");
    assertThat(resolved.get("spark.master")).isEqualTo("local[3]");
    // The defaults the user left unset are still applied.
    assertThat(resolved.get("spark.hadoop.fs.s3a.threads.max")).isEqualTo("512");
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void everyTunedDefaultYieldsToAUserValue(Target target) {
    SessionSettings settings =
        new SessionSettings(
            "job",
            target,
            Optional.of("file:/tmp/warehouse"),
            Optional.of("thrift://127.0.0.1:9083"),
            true);
    Map<String, String> defaults = SparkSessions.defaults(settings);
    assertThat(defaults).isNotEmpty();
    SparkConf user = emptyConf().set("spark.app.name", "user-app");
    defaults.keySet().forEach(key -> user.set(key, "user:" + key));

    SparkConf resolved = SparkSessions.resolve(user, settings);

    assertThat(resolved.get("spark.app.name")).isEqualTo("user-app");
    for (String key : defaults.keySet()) {
      assertThat(resolved.get(key)).as(key).isEqualTo("user:" + key);
    }
  }

  @Test
  void resolveDoesNotModifyTheUsersConf() {
    SparkConf user = emptyConf().set("spark.sql.extensions", "com.example.Extensions");

    SparkSessions.resolve(user, settings(Target.LOCAL, true));

    assertThat(user.getAll()).hasSize(1);
    assertThat(user.get(EXTENSIONS)).isEqualTo("com.example.Extensions");
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void s3aDefaultsApplyOnlyToJobsThatUseS3a(Target target) {
    SparkConf withS3a = SparkSessions.resolve(emptyConf(), settings(target, true));
    SparkConf withoutS3a = SparkSessions.resolve(emptyConf(), settings(target, false));

    assertThat(withS3a.get("spark.hadoop.fs.s3a.connection.maximum")).isEqualTo("512");
    assertThat(withS3a.get("spark.hadoop.fs.s3a.committer.name")).isEqualTo("magic");
    assertThat(withS3a.get("spark.hadoop.fs.s3a.committer.magic.enabled")).isEqualTo("true");
    assertThat(withS3a.get("spark.sql.sources.commitProtocolClass"))
        .isEqualTo(TunedDefaults.CLOUD_COMMIT_PROTOCOL);
    assertThat(withS3a.get("spark.sql.parquet.output.committer.class"))
        .isEqualTo(TunedDefaults.CLOUD_PARQUET_COMMITTER);
    for (String key : TunedDefaults.s3a().keySet()) {
      assertThat(withS3a.contains(key)).as("%s with s3a", key).isTrue();
      assertThat(withoutS3a.contains(key)).as("%s without s3a", key).isFalse();
    }
    assertThat(keysStartingWith(withoutS3a, "spark.hadoop.fs.s3a.")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void s3aRetriesAndTimeoutsAreBoundedSoALostS3FailsInMinutes(Target target) {
    SparkConf withS3a = SparkSessions.resolve(emptyConf(), settings(target, true));

    int sdkAttempts = Integer.parseInt(withS3a.get("spark.hadoop.fs.s3a.attempts.maximum"));
    int s3aRetries = Integer.parseInt(withS3a.get("spark.hadoop.fs.s3a.retry.limit"));
    long connectMs =
        Long.parseLong(withS3a.get("spark.hadoop.fs.s3a.connection.establish.timeout"));
    long readMs = Long.parseLong(withS3a.get("spark.hadoop.fs.s3a.connection.timeout"));
    // Hadoop 3.3.4 (core-default.xml): 20 SDK attempts x (1 + 7) S3A attempts, 200 s reads.
    assertThat(sdkAttempts * (1 + s3aRetries)).isLessThanOrEqualTo(12);
    assertThat(connectMs).isLessThanOrEqualTo(10_000);
    assertThat(readMs).isLessThanOrEqualTo(60_000);
    // One S3 operation against an endpoint that is gone (connect timeouts): under 2 minutes.
    assertThat(sdkAttempts * (1 + s3aRetries) * connectMs).isLessThan(120_000);
  }

  @Test
  void theUsersS3aRetrySettingWins() {
    SparkConf user = emptyConf().set("spark.hadoop.fs.s3a.retry.limit", "10");

    SparkConf resolved = SparkSessions.resolve(user, settings(Target.K8S, true));

    assertThat(resolved.get("spark.hadoop.fs.s3a.retry.limit")).isEqualTo("10");
  }

  @Test
  void hiveCatalogLocksHeartbeatWellWithinTheMetastoresTxnTimeout() throws Exception {
    SparkConf stack = SparkSessions.resolve(emptyConf(), settings(Target.STACK, true));
    SparkConf local = SparkSessions.resolve(emptyConf(), settings(Target.LOCAL, true));

    long heartbeatMs =
        Long.parseLong(stack.get("spark.hadoop.iceberg.hive.lock-heartbeat-interval-ms"));
    long lockTimeoutMs = Long.parseLong(stack.get("spark.hadoop.iceberg.hive.lock-timeout-ms"));
    assertThat(keysStartingWith(local, "spark.hadoop.iceberg.hive.")).isEmpty();
    // The metastore we start drops locks whose holder stopped heartbeating for this long.
    String template =
        java.nio.file.Files.readString(
            java.nio.file.Path.of("..", "scripts", "stack", "metastore-site.xml.template"));
    java.util.regex.Matcher txnTimeout =
        java.util.regex.Pattern.compile("<name>metastore.txn.timeout</name><value>(\\d+)s</value>")
            .matcher(template);
    assertThat(txnTimeout.find()).as("metastore.txn.timeout in the template").isTrue();
    java.util.regex.Matcher interval =
        java.util.regex.Pattern.compile(
                "<name>metastore.acid.housekeeper.interval</name><value>(\\d+)s</value>")
            .matcher(template);
    assertThat(interval.find()).as("metastore.acid.housekeeper.interval in the template").isTrue();
    long txnTimeoutMs = Long.parseLong(txnTimeout.group(1)) * 1000;
    long staleLockGoneMs = txnTimeoutMs + Long.parseLong(interval.group(1)) * 1000;
    // A live holder is never timed out: its heartbeat comes at least 3 times per timeout.
    assertThat(heartbeatMs * 3).isLessThanOrEqualTo(txnTimeoutMs);
    // A stale lock is gone before a waiting commit gives up: 1 + 4 attempts (Iceberg's
    // commit.retry.num-retries default) of lockTimeoutMs each.
    assertThat(5 * lockTimeoutMs).isGreaterThan(staleLockGoneMs);
    // The HiveCluster on Kubernetes runs the same housekeeping.
    String hiveCluster =
        java.nio.file.Files.readString(
            java.nio.file.Path.of("..", "k8s", "hive", "hive-cluster.yaml"));
    assertThat(hiveCluster)
        .contains("metastore.housekeeping.threads.on: \"true\"")
        .contains("metastore.txn.timeout: " + txnTimeout.group(1) + "s")
        .contains("metastore.acid.housekeeper.interval: " + interval.group(1) + "s")
        .contains("org.apache.hadoop.hive.metastore.txn.service.AcidHouseKeeperService");
  }

  @Test
  void localTargetSetsMasterAndLoopbackOnlyWhenUnset() {
    SparkConf defaults = SparkSessions.resolve(emptyConf(), settings(Target.LOCAL, false));
    assertThat(defaults.get("spark.master")).isEqualTo("local[*]");
    assertThat(defaults.get("spark.driver.bindAddress")).isEqualTo("127.0.0.1");
    assertThat(defaults.get("spark.driver.host")).isEqualTo("127.0.0.1");

    SparkConf user =
        emptyConf()
            .set("spark.master", "spark://10.0.0.5:7077")
            .set("spark.driver.bindAddress", "0.0.0.0");
    SparkConf resolved = SparkSessions.resolve(user, settings(Target.LOCAL, false));
    assertThat(resolved.get("spark.master")).isEqualTo("spark://10.0.0.5:7077");
    assertThat(resolved.get("spark.driver.bindAddress")).isEqualTo("0.0.0.0");
  }

  @ParameterizedTest
  @EnumSource(
      value = Target.class,
      names = {"STACK", "K8S"})
  void clusterTargetsLeaveMasterAndDriverAddressToTheUser(Target target) {
    SparkConf resolved = SparkSessions.resolve(emptyConf(), settings(target, false));

    assertThat(resolved.contains("spark.master")).isFalse();
    assertThat(resolved.contains("spark.driver.bindAddress")).isFalse();
    assertThat(resolved.contains("spark.driver.host")).isFalse();
  }

  @Test
  void everyTargetPinsTheSessionTimeZoneToUtc() {
    for (Target target : Target.values()) {
      SparkConf resolved = SparkSessions.resolve(emptyConf(), settings(target, false));
      assertThat(resolved.get("spark.sql.session.timeZone")).as(target.name()).isEqualTo("UTC");
    }
  }

  @Test
  void appNameComesFromTheSettingsUnlessTheUserSetOne() {
    assertThat(
            SparkSessions.resolve(emptyConf(), settings(Target.LOCAL, false)).get("spark.app.name"))
        .isEqualTo("c360-job");
    assertThat(
            SparkSessions.resolve(
                    emptyConf().set("spark.app.name", "mine"), settings(Target.LOCAL, false))
                .get("spark.app.name"))
        .isEqualTo("mine");
  }

  @Test
  void localTargetUsesAHadoopCatalogInTheWarehouse() {
    SessionSettings settings =
        new SessionSettings(
            "job", Target.LOCAL, Optional.of("file:/data/warehouse"), Optional.empty(), false);

    SparkConf resolved = SparkSessions.resolve(emptyConf(), settings);

    assertThat(resolved.get(CATALOG)).isEqualTo("org.apache.iceberg.spark.SparkCatalog");
    assertThat(resolved.get(CATALOG + ".type")).isEqualTo("hadoop");
    assertThat(resolved.get(CATALOG + ".warehouse")).isEqualTo("file:/data/warehouse");
    assertThat(resolved.contains(CATALOG + ".uri")).isFalse();
  }

  @ParameterizedTest
  @EnumSource(
      value = Target.class,
      names = {"STACK", "K8S"})
  void clusterTargetsUseAHiveCatalogOnTheMetastore(Target target) {
    SessionSettings settings =
        new SessionSettings(
            "job",
            target,
            Optional.of("s3a://lakehouse/warehouse"),
            Optional.of("thrift://hive-metastore:9083"),
            true);

    SparkConf resolved = SparkSessions.resolve(emptyConf(), settings);

    assertThat(resolved.get(CATALOG)).isEqualTo("org.apache.iceberg.spark.SparkCatalog");
    assertThat(resolved.get(CATALOG + ".type")).isEqualTo("hive");
    assertThat(resolved.get(CATALOG + ".uri")).isEqualTo("thrift://hive-metastore:9083");
    assertThat(resolved.get(CATALOG + ".warehouse")).isEqualTo("s3a://lakehouse/warehouse");
  }

  @Test
  void hiveCatalogKeepsTheUsersMetastoreUriWhenTheJobNamesNone() {
    SparkConf user = emptyConf().set(CATALOG + ".uri", "thrift://from-spark-defaults:9083");

    SparkConf resolved =
        SparkSessions.resolve(
            user, new SessionSettings("job", Target.K8S, Optional.empty(), Optional.empty(), true));

    assertThat(resolved.get(CATALOG + ".type")).isEqualTo("hive");
    assertThat(resolved.get(CATALOG + ".uri")).isEqualTo("thrift://from-spark-defaults:9083");
    assertThat(resolved.contains(CATALOG + ".warehouse")).isFalse();
  }

  @Test
  void icebergExtensionsAreSetWhenTheUserHasNone() {
    SparkConf resolved = SparkSessions.resolve(emptyConf(), settings(Target.LOCAL, false));

    assertThat(resolved.get(EXTENSIONS)).isEqualTo(TunedDefaults.ICEBERG_EXTENSIONS);
  }

  @Test
  void icebergExtensionsAreAppendedToTheUsersList() {
    SparkConf user =
        emptyConf().set(EXTENSIONS, "com.example.FirstExtensions,com.example.SecondExtensions");

    SparkConf resolved = SparkSessions.resolve(user, settings(Target.STACK, false));

    assertThat(resolved.get(EXTENSIONS))
        .isEqualTo(
            "com.example.FirstExtensions,com.example.SecondExtensions,"
                + TunedDefaults.ICEBERG_EXTENSIONS);
  }

  @Test
  void icebergExtensionsAreNotDuplicated() {
    String userList = "com.example.FirstExtensions, " + TunedDefaults.ICEBERG_EXTENSIONS;
    SparkConf user = emptyConf().set(EXTENSIONS, userList);

    SparkConf once = SparkSessions.resolve(user, settings(Target.LOCAL, false));
    SparkConf twice = SparkSessions.resolve(once, settings(Target.LOCAL, false));

    assertThat(once.get(EXTENSIONS)).isEqualTo(userList);
    assertThat(twice.get(EXTENSIONS)).isEqualTo(userList);
    SparkConf fromScratch =
        SparkSessions.resolve(
            SparkSessions.resolve(emptyConf(), settings(Target.LOCAL, false)),
            settings(Target.LOCAL, false));
    assertThat(
            Arrays.stream(fromScratch.get(EXTENSIONS).split(","))
                .filter(TunedDefaults.ICEBERG_EXTENSIONS::equals))
        .hasSize(1);
  }

  private static SparkConf emptyConf() {
    // false: no spark.* system properties, so the test sees only what it sets.
    return new SparkConf(false);
  }

  private static SessionSettings settings(Target target, boolean usesS3a) {
    return new SessionSettings("c360-job", target, Optional.empty(), Optional.empty(), usesS3a);
  }

  private static java.util.List<String> keysStartingWith(SparkConf conf, String prefix) {
    return Arrays.stream(conf.getAll())
        .map(scala.Tuple2::_1)
        .filter(key -> key.startsWith(prefix))
        .toList();
  }
}
