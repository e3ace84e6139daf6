package io.c360.common.session;

import io.c360.common.naming.Tables;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one place that builds a {@link SparkSession}. Precedence, highest first: the user's Spark
 * configuration (spark-submit {@code --conf}, {@code spark-defaults.conf}, {@code spark.*} system
 * properties, a SparkApplication's {@code sparkConf}), then {@link TunedDefaults}, then, when the
 * configuration opts in, {@link CometSettings}.
 */
public final class SparkSessions {
  private static final String EXTENSIONS_KEY = "spark.sql.extensions";

  private SparkSessions() {}

  /**
   * Builds the session and validates its SQL configuration at once: Spark parses {@code
   * spark.sql.*} values lazily, so without this a bad value would surface in the middle of a write.
   *
   * @throws IllegalArgumentException if Spark rejects a configuration value
   */
  public static SparkSession build(SessionSettings settings) {
    SparkConf conf = resolve(new SparkConf(), settings);
    requireCatalogLocation(conf, settings);
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    try {
      spark.sessionState().conf();
    } catch (IllegalArgumentException e) {
      spark.stop();
      throw e;
    }
    return spark;
  }

  /**
   * The hadoop catalog of the local target keeps its tables in a warehouse folder and the hive
   * catalog needs the metastore: without them every job would fail at its first table access, after
   * its data work. Checked before the session starts instead.
   */
  static void requireCatalogLocation(SparkConf conf, SessionSettings settings) {
    String prefix = "spark.sql.catalog." + Tables.CATALOG;
    if (!settings.target().usesHiveCatalog() && !conf.contains(prefix + ".warehouse")) {
      throw new IllegalArgumentException(
          "the local target keeps its Iceberg tables in a warehouse folder, and none is set."
              + " Pass --warehouse file:/path/to/warehouse (or set "
              + prefix
              + ".warehouse)");
    }
    if (settings.target().usesHiveCatalog() && !conf.contains(prefix + ".uri")) {
      throw new IllegalArgumentException(
          "the "
              + settings.target().cliName()
              + " target uses the Hive Metastore, and no URI is set. Pass --metastore-uri"
              + " thrift://host:9083 (or set "
              + prefix
              + ".uri)");
    }
  }

  /**
   * Fills the unset keys of {@code userConf} with the defaults for {@code settings}; exposed for
   * tests and for logging the effective configuration.
   */
  public static SparkConf resolve(SparkConf userConf, SessionSettings settings) {
    SparkConf conf = userConf.clone();
    conf.setIfMissing("spark.app.name", settings.appName());
    defaults(settings).forEach(conf::setIfMissing);
    CometSettings.apply(conf);
    conf.set(EXTENSIONS_KEY, withIcebergExtensions(conf.get(EXTENSIONS_KEY, "")));
    return conf;
  }

  /** The defaults that apply to {@code settings}, in the order TUNING.md lists them. */
  public static Map<String, String> defaults(SessionSettings settings) {
    Map<String, String> defaults = new LinkedHashMap<>(TunedDefaults.general());
    switch (settings.target()) {
      case LOCAL -> defaults.putAll(TunedDefaults.local());
      case STACK, K8S -> {}
    }
    if (settings.usesS3a()) {
      defaults.putAll(TunedDefaults.s3a());
    }
    defaults.putAll(
        TunedDefaults.icebergCatalog(
            Tables.CATALOG,
            settings.target(),
            settings.warehouse().orElse(null),
            settings.metastoreUri().orElse(null)));
    return defaults;
  }

  /**
   * The user's extensions are kept; Iceberg's are appended when missing (MERGE INTO needs them).
   */
  static String withIcebergExtensions(String userExtensions) {
    boolean present =
        Arrays.stream(userExtensions.split(","))
            .map(String::trim)
            .anyMatch(TunedDefaults.ICEBERG_EXTENSIONS::equals);
    if (present) {
      return userExtensions;
    }
    if (userExtensions.isBlank()) {
      return TunedDefaults.ICEBERG_EXTENSIONS;
    }
    return userExtensions + "," + TunedDefaults.ICEBERG_EXTENSIONS;
  }
}
