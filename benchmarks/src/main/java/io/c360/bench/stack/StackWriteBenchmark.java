package io.c360.bench.stack;

import static org.apache.spark.sql.functions.col;

import io.c360.common.Target;
import io.c360.common.iceberg.IcebergTables;
import io.c360.common.naming.BronzeColumns;
import io.c360.common.session.SessionSettings;
import io.c360.common.session.SparkSessions;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;

/**
 * Spark's side of the stack benchmark's silver write ({@code scripts/benchmark.py --stage stack}):
 * spark-submitted to the stack's standalone master with its properties file, builds the session as
 * every job does ({@link SparkSessions#build}, target {@code stack}: the Iceberg {@code hive}
 * catalog on the metastore, the S3A settings), then replaces the given dates of the target table by
 * the source table's rows of those dates the way silver-build writes {@code silver.interactions}
 * ({@link IcebergTables#overwrite}: Iceberg's overwrite by filter, one commit; {@code
 * InteractionLoad.commit}), and prints one JSON line with its duration and the session's start-up
 * time.
 *
 * <p>Warm-up statements (each {@code --warm-up}, in order) run first, untimed in {@code write_ms}
 * (their own {@code warm_up_ms}): the executors, the metastore and S3A clients and the Parquet
 * reader are then warm, as they are in the long-running Trino server the write is compared with.
 *
 * <p>Arguments: {@code --warehouse LOCATION --metastore-uri URI --source TABLE --target TABLE
 * --dates YYYY-MM-DD[,YYYY-MM-DD]... [--warm-up SQL]...}.
 */
public final class StackWriteBenchmark {
  static final String EVENT = "c360.bench_write";

  private StackWriteBenchmark() {}

  public static void main(String[] args) {
    String warehouse = null;
    String metastoreUri = null;
    String source = null;
    String target = null;
    List<Date> dates = List.of();
    List<String> warmUps = new ArrayList<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--warehouse" -> warehouse = args[i + 1];
        case "--metastore-uri" -> metastoreUri = args[i + 1];
        case "--source" -> source = args[i + 1];
        case "--target" -> target = args[i + 1];
        case "--dates" -> dates = Arrays.stream(args[i + 1].split(",")).map(Date::valueOf).toList();
        case "--warm-up" -> warmUps.add(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (warehouse == null
        || metastoreUri == null
        || source == null
        || target == null
        || dates.isEmpty()
        || args.length % 2 != 0) {
      System.err.println(
          "usage: StackWriteBenchmark --warehouse LOCATION --metastore-uri URI --source TABLE"
              + " --target TABLE --dates YYYY-MM-DD[,YYYY-MM-DD]... [--warm-up SQL]...");
      System.exit(2);
    }
    long started = System.nanoTime();
    SparkSession spark =
        SparkSessions.build(
            new SessionSettings(
                "c360-bench-write",
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
      long writeStart = System.nanoTime();
      Column onDates = col(BronzeColumns.EVENT_DATE).isin(dates.toArray());
      IcebergTables.overwrite(spark.table(source).where(onDates), target, onDates);
      long writeNanos = System.nanoTime() - writeStart;
      System.out.println(
          "{\"event\":\""
              + EVENT
              + "\",\"session_ms\":"
              + sessionNanos / 1_000_000
              + ",\"warm_up_ms\":"
              + warmUpNanos / 1_000_000
              + ",\"write_ms\":"
              + writeNanos / 1_000_000
              + "}");
      System.out.flush();
    } finally {
      spark.stop();
    }
  }
}
