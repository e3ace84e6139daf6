package io.c360.bench.harness;

import io.c360.common.Target;
import io.c360.common.cli.CatalogSettings;
import io.c360.common.session.SessionSettings;
import io.c360.common.session.SparkSessions;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The benchmarks' Spark session (local[threads], the jobs' own settings, no UI) and catalog. */
public final class LocalSessions {
  private LocalSessions() {}

  /** A local session as the jobs build it, with the catalog's warehouse in {@code warehouse}. */
  public static SparkSession start(String appName, int threads, Optional<Path> warehouse) {
    return start(appName, threads, warehouse, new SparkConf());
  }

  /**
   * The same with {@code base}'s settings on top (a new {@code SparkConf()} holds the JVM's {@code
   * spark.*} system properties: benchmark.py --comet passes {@code -Dspark.c360.comet.enabled=true}
   * that way).
   */
  public static SparkSession start(
      String appName, int threads, Optional<Path> warehouse, SparkConf base) {
    SparkConf conf =
        SparkSessions.resolve(
            base.clone()
                .set("spark.master", "local[" + threads + "]")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false"),
            new SessionSettings(
                appName, Target.LOCAL, warehouse.map(Folders::uri), Optional.empty(), false));
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    SparkJobs.register(spark.sparkContext());
    return spark;
  }

  /** The jobs' catalog option for a local warehouse in {@code warehouse}. */
  public static CatalogSettings catalog(Path warehouse) {
    return new CatalogSettings(Target.LOCAL, Optional.of(Folders.uri(warehouse)), Optional.empty());
  }
}
