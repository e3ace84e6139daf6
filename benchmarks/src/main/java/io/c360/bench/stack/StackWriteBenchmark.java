package io.c360.bench.stack;

import io.c360.common.Target;
import io.c360.common.session.SessionSettings;
import io.c360.common.session.SparkSessions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Spark's side of the stack benchmark's silver MERGE ({@code scripts/benchmark.py --stage stack}):
 * spark-submitted to the stack's standalone master with its properties file, builds the session as
 * every job does ({@link SparkSessions#build}, target {@code stack}: the Iceberg {@code hive}
 * catalog on the metastore, the S3A settings), then runs one statement, the MERGE that benchmark.py
 * wrote, and prints one JSON line with its duration and the session's start-up time.
 *
 * <p>Warm-up statements (each {@code --warm-up}, in order) run first, untimed in {@code merge_ms}
 * (their own {@code warm_up_ms}): the executors, the metastore and S3A clients and the Parquet
 * reader are then warm, as they are in the long-running Trino server the MERGE is compared with. A
 * warm-up can also set the target's properties (e.g. {@code write.merge.mode}) before the timed
 * MERGE.
 *
 * <p>Arguments: {@code --warehouse LOCATION --metastore-uri URI --sql STATEMENT [--warm-up
 * SQL]...}.
 */
public final class StackMergeBenchmark {
  static final String EVENT = "c360.bench_merge";

  private StackMergeBenchmark() {}

  public static void main(String[] args) {
    String warehouse = null;
    String metastoreUri = null;
    String sql = null;
    List<String> warmUps = new ArrayList<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--warehouse" -> warehouse = args[i + 1];
        case "--metastore-uri" -> metastoreUri = args[i + 1];
        case "--sql" -> sql = args[i + 1];
        case "--warm-up" -> warmUps.add(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (warehouse == null || metastoreUri == null || sql == null || args.length % 2 != 0) {
      System.err.println(
          "usage: StackMergeBenchmark --warehouse LOCATION --metastore-uri URI --sql STATEMENT"
              + " [--warm-up SQL]...");
      System.exit(2);
    }
    long started = System.nanoTime();
    SparkSession spark =
        SparkSessions.build(
            new SessionSettings(
                "c360-bench-merge",
                Target.STACK,
                Optional.of(warehouse),
                Optional.of(metastoreUri),
                true));
    try {
      long sessionNanos = System.nanoTime() - started;
      long warmUpStart = System.nanoTime();
      for (String warmUp : warmUps) {
        spark.sql(warmUp).collectAsList();
      }
      long warmUpNanos = System.nanoTime() - warmUpStart;
      long mergeStart = System.nanoTime();
      spark.sql(sql);
      long mergeNanos = System.nanoTime() - mergeStart;
      System.out.println(
          "{\"event\":\""
              + EVENT
              + "\",\"session_ms\":"
              + sessionNanos / 1_000_000
              + ",\"warm_up_ms\":"
              + warmUpNanos / 1_000_000
              + ",\"merge_ms\":"
              + mergeNanos / 1_000_000
              + "}");
      System.out.flush();
    } finally {
      spark.stop();
    }
  }
}
