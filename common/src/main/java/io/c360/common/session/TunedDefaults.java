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
    defaults.putAll(s3aFailFast());
    return defaults;
  }

  /**
   * Bounded S3A retries and timeouts, so that a job whose S3 is lost fails in minutes (exit 3)
   * instead of hanging. Hadoop 3.3.4's defaults (core-default.xml, S3ARetryPolicy): 20 AWS SDK v1
   * attempts per request ({@code fs.s3a.attempts.maximum}), each failed request then retried 7
   * times by S3A ({@code fs.s3a.retry.limit}), a 200 s socket timeout: more than 5 minutes per
   * operation, times Spark's task attempts. Here: at most 3 x 4 attempts, 5 s to connect, 60 s
   * without a byte read. docs/TUNING.md has the arithmetic.
   */
  public static Map<String, String> s3aFailFast() {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("spark.hadoop.fs.s3a.attempts.maximum", "3");
    defaults.put("spark.hadoop.fs.s3a.retry.limit", "3");
    defaults.put("spark.hadoop.fs.s3a.retry.interval", "500ms");
    defaults.put("spark.hadoop.fs.s3a.connection.establish.timeout", "5000");
    defaults.put("spark.hadoop.fs.s3a.connection.timeout", "60000");
    return defaults;
  }

  /**
   * Metastore lock and client settings of Iceberg's hive catalog (Iceberg 1.10 {@code
   * org.apache.iceberg.hive.MetastoreLock}, Hive 2.3 {@code HiveConf}), matched to the housekeeping
   * of the metastores we start ({@code scripts/stack/metastore-site.xml.template}, {@code
   * k8s/hive/hive-cluster.yaml}: {@code metastore.txn.timeout} 120 s).
   */
  public static Map<String, String> hiveCatalogLocks() {
    Map<String, String> defaults = new LinkedHashMap<>();
    // A lock is heartbeated while held; the metastore drops a lock with no heartbeat for
    // metastore.txn.timeout (120 s), so the heartbeat must come well within it (Iceberg: 4 min).
    defaults.put("spark.hadoop.iceberg.hive.lock-heartbeat-interval-ms", "30000");
    // Give up waiting for a lock after 1 min (Iceberg: 3 min). Iceberg retries a failed commit
    // (commit.retry.num-retries, 4), so a stale lock, which housekeeping removes within 150 s,
    // is outlived, while a lock a live writer keeps fails the job in about 5 minutes.
    defaults.put("spark.hadoop.iceberg.hive.lock-timeout-ms", "60000");
    // A metastore that stops answering fails a call after 2 min (Hive 2.3: 600 s).
    defaults.put("spark.hadoop.hive.metastore.client.socket.timeout", "120s");
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
      defaults.putAll(hiveCatalogLocks());
    } else {
      defaults.put(prefix + ".type", "hadoop");
    }
    if (warehouse != null) {
      defaults.put(prefix + ".warehouse", warehouse);
    }
    return defaults;
  }
}
