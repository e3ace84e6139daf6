package io.c360.common.session;

import io.c360.common.Target;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Spark, S3A and Iceberg settings this project tunes, each explained in docs/TUNING.md. They
 * are defaults only: {@link SparkSessions} applies one only when the user's configuration (--conf,
 * spark-defaults.conf, a SparkApplication's sparkConf) leaves the key unset.
 */
public final class TunedDefaults {
  public static final String ICEBERG_EXTENSIONS =
      "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions";
  public static final String ICEBERG_SPARK_CATALOG = "org.apache.iceberg.spark.SparkCatalog";
  public static final String CLOUD_COMMIT_PROTOCOL =
      "org.apache.spark.internal.io.cloud.PathOutputCommitProtocol";
  public static final String CLOUD_PARQUET_COMMITTER =
      "org.apache.spark.internal.io.cloud.BindingParquetOutputCommitter";

  public static final String NIO_LOCAL_FILE_SYSTEM = "io.c360.common.fs.NioLocalFileSystem";

  private TunedDefaults() {}

  /** Settings for every target. */
  public static Map<String, String> general() {
    Map<String, String> defaults = new LinkedHashMap<>();
    // Dates and timestamps must not depend on the machine's zone (determinism, partitions).
    defaults.put("spark.sql.session.timeZone", "UTC");
    // Parquet timestamps as INT64 microseconds, not Spark's legacy INT96: the standard type that
    // Iceberg, Trino and DuckDB read natively, half the bytes, and no binary dictionary to build.
    defaults.put("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    // Persisted batches (silver's checked rows, gold's population) are read a few times and then
    // dropped: compressing them cost more CPU than re-reading saves (silver benchmark, -22 to -44 %
    // of the full run uncompressed). MEMORY_AND_DISK spills what does not fit.
    defaults.put("spark.sql.inMemoryColumnarStorage.compressed", "false");
    return defaults;
  }

  /** Settings for one JVM on a laptop or CI: loopback only, and the progress bar on. */
  public static Map<String, String> local() {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("spark.master", "local[*]");
    defaults.put("spark.driver.bindAddress", "127.0.0.1");
    defaults.put("spark.driver.host", "127.0.0.1");
    defaults.put("spark.ui.showConsoleProgress", "true");
    // Few, larger shuffle partitions on a few cores; AQE coalesces further.
    defaults.put("spark.sql.shuffle.partitions", "16");
    // Local files without a forked chmod per created file (see NioLocalFileSystem).
    defaults.put("spark.hadoop.fs.file.impl", NIO_LOCAL_FILE_SYSTEM);
    return defaults;
  }

  /**
   * S3A settings for jobs that read or write {@code s3a://} paths: the mission's connection pool,
   * upload and committer choices.
   */
  public static Map<String, String> s3a() {
    Map<String, String> defaults = new LinkedHashMap<>();
    // One pooled HTTP connection per concurrent request: upload threads plus readers per executor.
    defaults.put("spark.hadoop.fs.s3a.connection.maximum", "512");
    defaults.put("spark.hadoop.fs.s3a.threads.max", "512");
    // 128 MB parts: fewer requests per file; a part is buffered on local disk, not the heap.
    defaults.put("spark.hadoop.fs.s3a.multipart.size", "128M");
    defaults.put("spark.hadoop.fs.s3a.fast.upload", "true");
    defaults.put("spark.hadoop.fs.s3a.fast.upload.buffer", "disk");
    // The magic committer: task output goes straight to its final object as a pending multipart
    // upload, completed at job commit. No rename (a copy on S3) of every file.
    defaults.put("spark.hadoop.fs.s3a.committer.name", "magic");
    defaults.put("spark.hadoop.fs.s3a.committer.magic.enabled", "true");
    defaults.put("spark.sql.sources.commitProtocolClass", CLOUD_COMMIT_PROTOCOL);
    defaults.put("spark.sql.parquet.output.committer.class", CLOUD_PARQUET_COMMITTER);
    return defaults;
  }

  /**
   * Iceberg catalog wiring under {@link io.c360.common.naming.Tables#CATALOG}: the {@code hadoop}
   * catalog in a warehouse folder for {@link Target#LOCAL}, the {@code hive} catalog on the
   * metastore otherwise.
   */
  public static Map<String, String> icebergCatalog(
      String catalog, Target target, String warehouse, String metastoreUri) {
    String prefix = "spark.sql.catalog." + catalog;
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put(prefix, ICEBERG_SPARK_CATALOG);
    if (target.usesHiveCatalog()) {
      defaults.put(prefix + ".type", "hive");
      if (metastoreUri != null) {
        defaults.put(prefix + ".uri", metastoreUri);
      }
    } else {
      defaults.put(prefix + ".type", "hadoop");
    }
    if (warehouse != null) {
      defaults.put(prefix + ".warehouse", warehouse);
    }
    return defaults;
  }
}
