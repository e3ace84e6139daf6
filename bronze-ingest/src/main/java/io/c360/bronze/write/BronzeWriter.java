package io.c360.bronze.write;

import static java.util.Objects.requireNonNull;

import io.c360.bronze.generate.GenerationPlan;
import io.c360.bronze.generate.GenerationSpec;
import io.c360.bronze.source.BronzeTable;
import io.c360.bronze.source.Slice;
import io.c360.bronze.source.SyntheticBronzeSource;
import io.c360.common.naming.BronzeColumns;
import io.c360.common.naming.BronzeSchemas;
import io.c360.common.naming.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Writes the bronze tables one date partition at a time: each (table, day) is a Spark job that
 * generates the day's slices and overwrites {@code <root>/<table>/event_date=<day>} alone. A re-run
 * therefore replaces exactly the partitions it writes, and the write works under any committer, the
 * S3A magic committer included (which refuses Spark's dynamic partition overwrite). Several days
 * are written at once to keep every core busy when a day is smaller than the cluster.
 */
public final class BronzeWriter {
  /** Parquet codecs accepted by {@code --compression}. */
  public static final Set<String> CODECS = Set.of("snappy", "zstd", "lz4_raw", "gzip", "none");

  /**
   * Parquet bytes per interaction, customers' share included (snappy, measured with the benchmark
   * command of docs/BENCHMARKS.md); turns {@code --target-bytes} into a row count.
   */
  public static final long BYTES_PER_INTERACTION = 80;

  /** Approximate Parquet bytes per row and table, to size files. */
  private static final Map<BronzeTable, Long> BYTES_PER_ROW =
      Map.of(BronzeTable.CUSTOMERS, 110L, BronzeTable.INTERACTIONS, 75L);

  /** Target size of one Parquet file: large enough for S3, small enough for one task. */
  static final long TARGET_FILE_BYTES = 256L * 1024 * 1024;

  private BronzeWriter() {}

  /** One Spark write job: a table's date partition. */
  public record DayWrite(BronzeTable table, int dayIndex, long rows, int files, String path) {
    public DayWrite {
      requireNonNull(table, "table is null");
      requireNonNull(path, "path is null");
    }
  }

  /** The writes of a run, in date order, customers first. */
  public static List<DayWrite> plan(
      GenerationSpec spec, String root, OptionalInt filesPerDay, int minFilesPerDay) {
    GenerationPlan plan = spec.plan();
    List<DayWrite> writes = new ArrayList<>();
    for (BronzeTable table : BronzeTable.values()) {
      for (int day = 0; day < spec.days(); day++) {
        long rows =
            table == BronzeTable.CUSTOMERS
                ? plan.customersWrittenOn(day)
                : plan.interactionsOn(day);
        int files =
            filesPerDay.orElseGet(
                () ->
                    (int)
                        Math.max(
                            Math.min(minFilesPerDay, Math.max(1, rows / 100_000)),
                            (rows * BYTES_PER_ROW.get(table) + TARGET_FILE_BYTES - 1)
                                / TARGET_FILE_BYTES));
        writes.add(
            new DayWrite(
                table,
                day,
                rows,
                files,
                tablePath(root, table) + "/" + Tables.partitionFolder(plan.date(day))));
      }
    }
    return writes;
  }

  public static String tablePath(String root, BronzeTable table) {
    return stripSlash(root) + "/" + table.tableName();
  }

  /** The slices of all the writes of one table, for the defect census. */
  public static List<Slice> slices(GenerationSpec spec, List<DayWrite> writes, BronzeTable table) {
    GenerationPlan plan = spec.plan();
    List<Slice> slices = new ArrayList<>();
    for (DayWrite write : writes) {
      if (write.table() == table) {
        slices.addAll(SyntheticBronzeSource.slices(plan, table, write.dayIndex(), write.files()));
      }
    }
    return slices;
  }

  /** Runs the writes, {@code parallelWrites} at a time; fails fast and cancels the rest. */
  public static void write(
      SparkSession spark,
      GenerationSpec spec,
      List<DayWrite> writes,
      int parallelWrites,
      String compression,
      String runId) {
    ExecutorService pool = Executors.newFixedThreadPool(parallelWrites);
    String jobGroup = "bronze-ingest-" + runId;
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (DayWrite write : writes) {
        futures.add(
            pool.submit(
                () -> {
                  spark
                      .sparkContext()
                      .setJobGroup(
                          jobGroup,
                          "bronze: write "
                              + write.table().tableName()
                              + " "
                              + spec.startDate().plusDays(write.dayIndex()),
                          true);
                  writeDay(spark, spec, write, compression);
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      spark.sparkContext().cancelJobGroup(jobGroup);
      throw new IllegalStateException("Cannot write bronze data: interrupted", e);
    } catch (ExecutionException e) {
      spark.sparkContext().cancelJobGroup(jobGroup);
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("Cannot write bronze data: " + cause, cause);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void writeDay(
      SparkSession spark, GenerationSpec spec, DayWrite write, String compression) {
    Map<String, String> source = new LinkedHashMap<>(spec.toOptions());
    source.put(SyntheticBronzeSource.TABLE, write.table().tableName());
    source.put(SyntheticBronzeSource.DAY, Integer.toString(write.dayIndex()));
    source.put(SyntheticBronzeSource.SLICES, Integer.toString(write.files()));
    spark
        .read()
        .format(SyntheticBronzeSource.class.getName())
        .options(source)
        .load()
        .write()
        .mode(SaveMode.Overwrite)
        .options(ParquetLayout.writeOptions(write.table(), compression))
        .parquet(write.path());
  }

  /**
   * Rows per date read back from the table's files for the window (Parquet footers only), so the
   * manifest reports what is on storage, not what was meant to be.
   */
  public static long[] rowsOnStorage(
      SparkSession spark, GenerationSpec spec, String root, BronzeTable table) {
    spark
        .sparkContext()
        .setJobGroup(
            "bronze-verify", "bronze: count " + table.tableName() + " rows per date", false);
    List<Row> counts =
        spark
            .read()
            .schema(BronzeSchemas.withEventDate(table.fileSchema()))
            .parquet(tablePath(root, table))
            .where(
                functions
                    .col(BronzeColumns.EVENT_DATE)
                    .between(
                        java.sql.Date.valueOf(spec.startDate()),
                        java.sql.Date.valueOf(spec.endDate())))
            .groupBy(BronzeColumns.EVENT_DATE)
            .count()
            .collectAsList();
    long[] rows = new long[spec.days()];
    for (Row row : counts) {
      java.time.LocalDate date = row.getDate(0).toLocalDate();
      rows[(int) (date.toEpochDay() - spec.startDate().toEpochDay())] = row.getLong(1);
    }
    spark.sparkContext().clearJobGroup();
    return rows;
  }

  private static String stripSlash(String root) {
    return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }
}
