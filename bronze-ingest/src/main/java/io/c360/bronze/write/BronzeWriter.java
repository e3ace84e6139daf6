package io.c360.bronze.write;

import static java.util.Objects.requireNonNull;

import io.c360.bronze.generate.GenerationPlan;
import io.c360.bronze.generate.GenerationSpec;
import io.c360.bronze.source.BronzeTable;
import io.c360.bronze.source.Slice;
import io.c360.bronze.source.SyntheticBronzeSource;
import io.c360.common.naming.BronzeColumns;
import io.c360.common.naming.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Writes a bronze table for a window of dates in one Spark job: first the window's date folders are
 * deleted, then every slice of every date is appended, partitioned by {@code event_date}. A re-run
 * therefore replaces exactly the dates it writes (no duplicates, no leftovers, other dates
 * untouched), and the write works under any committer, the S3A magic committer included (which
 * refuses Spark's dynamic partition overwrite). One job per table instead of one per date keeps
 * Spark's fixed per-job cost out of small runs.
 */
public final class BronzeWriter {
  /** Parquet codecs accepted by {@code --compression}. */
  public static final Set<String> CODECS = Set.of("snappy", "zstd", "lz4_raw", "gzip", "none");

  /**
   * Parquet bytes per interaction, customers' share included (snappy, measured with the benchmark
   * command of docs/BENCHMARKS.md); turns {@code --target-bytes} into a row count.
   */
  public static final long BYTES_PER_INTERACTION = 42;

  /** Approximate Parquet bytes per row and table, to size files. */
  private static final Map<BronzeTable, Long> BYTES_PER_ROW =
      Map.of(BronzeTable.CUSTOMERS, 56L, BronzeTable.INTERACTIONS, 41L);

  /** Target size of one Parquet file: large enough for S3 and scans, small enough for one task. */
  static final long TARGET_FILE_BYTES = 256L * 1024 * 1024;

  /** Below this many rows per file, a date is not split further to use more cores. */
  static final long MIN_ROWS_PER_FILE = 100_000;

  private BronzeWriter() {}

  /**
   * The write of one table: rows and files per date of the window, and the table's folder.
   *
   * @param rowsPerDay rows of each date, as planned
   * @param filesPerDay Parquet files (tasks) of each date
   */
  public record TableWrite(BronzeTable table, long[] rowsPerDay, int[] filesPerDay, String path) {
    public TableWrite {
      requireNonNull(table, "table is null");
      requireNonNull(path, "path is null");
      rowsPerDay = rowsPerDay.clone();
      filesPerDay = filesPerDay.clone();
    }

    @Override
    public long[] rowsPerDay() {
      return rowsPerDay.clone();
    }

    @Override
    public int[] filesPerDay() {
      return filesPerDay.clone();
    }

    public long rows() {
      return Arrays.stream(rowsPerDay).sum();
    }

    public long files() {
      long files = 0;
      for (int day = 0; day < filesPerDay.length; day++) {
        files += rowsPerDay[day] == 0 ? 0 : filesPerDay[day];
      }
      return files;
    }
  }

  /**
   * The writes of a run, customers first. Files per date: {@code filesPerDay} when given, else
   * about {@link #TARGET_FILE_BYTES} of Parquet each, and at least {@code cores} while each file
   * still gets {@link #MIN_ROWS_PER_FILE} rows.
   */
  public static List<TableWrite> plan(
      GenerationSpec spec, String root, OptionalInt filesPerDay, int cores) {
    GenerationPlan plan = spec.plan();
    List<TableWrite> writes = new ArrayList<>();
    for (BronzeTable table : BronzeTable.values()) {
      long[] rows = new long[spec.days()];
      int[] files = new int[spec.days()];
      for (int day = 0; day < spec.days(); day++) {
        rows[day] = SyntheticBronzeSource.rowsOn(plan, table, day);
        long bySize =
            (rows[day] * BYTES_PER_ROW.get(table) + TARGET_FILE_BYTES - 1) / TARGET_FILE_BYTES;
        long byCores = Math.min(cores, rows[day] / MIN_ROWS_PER_FILE);
        files[day] = filesPerDay.orElse((int) Math.max(1, Math.max(bySize, byCores)));
      }
      writes.add(new TableWrite(table, rows, files, tablePath(root, table)));
    }
    return writes;
  }

  static String tablePath(String root, BronzeTable table) {
    return stripSlash(root) + "/" + table.tableName();
  }

  /** The slices of a write, for the defect census. */
  public static List<Slice> slices(GenerationSpec spec, TableWrite write) {
    return SyntheticBronzeSource.slices(spec.plan(), write.table(), write.filesPerDay());
  }

  /** Where a table's generated rows go: Parquet for the job, Spark's noop sink for benchmarks. */
  @FunctionalInterface
  public interface TableSink {
    void write(Dataset<Row> rows, TableWrite write);
  }

  /** The job's sink: append Parquet files under the table folder, partitioned by date. */
  public static TableSink parquet(String compression) {
    return (rows, write) ->
        rows.write()
            .mode(SaveMode.Append)
            .partitionBy(BronzeColumns.EVENT_DATE)
            .options(ParquetLayout.writeOptions(write.table(), compression))
            .parquet(write.path());
  }

  /**
   * Replaces the window's dates of {@code write}'s table: deletes their folders, then writes the
   * generated rows through {@code sink} in one Spark job.
   */
  public static void write(
      SparkSession spark, GenerationSpec spec, TableWrite write, TableSink sink) {
    deleteWindow(spark, spec, write);
    spark
        .sparkContext()
        .setJobGroup(
            "bronze-write",
            "bronze: write "
                + write.table().tableName()
                + " "
                + spec.startDate()
                + " to "
                + spec.endDate(),
            true);
    try {
      sink.write(generated(spark, spec, write), write);
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  /** The generated rows of one table write, one Spark partition per file. */
  public static Dataset<Row> generated(SparkSession spark, GenerationSpec spec, TableWrite write) {
    Map<String, String> source = new LinkedHashMap<>(spec.toOptions());
    source.put(SyntheticBronzeSource.TABLE, write.table().tableName());
    source.put(
        SyntheticBronzeSource.FILES_PER_DAY,
        SyntheticBronzeSource.encodeFilesPerDay(write.filesPerDay()));
    return spark.read().format(SyntheticBronzeSource.class.getName()).options(source).load();
  }

  private static void deleteWindow(SparkSession spark, GenerationSpec spec, TableWrite write) {
    Path table = new Path(write.path());
    try {
      FileSystem fs = table.getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (int day = 0; day < spec.days(); day++) {
        fs.delete(new Path(table, Tables.partitionFolder(spec.startDate().plusDays(day))), true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot replace the dates of " + table + ": " + e.getMessage(), e);
    }
  }

  /**
   * Rows per date of the window read back from storage (Parquet footers only), checked against the
   * plan: the manifest then reports what is on storage, not what was meant to be.
   *
   * @throws IllegalStateException if storage holds other counts than the plan
   */
  public static long[] verifyOnStorage(SparkSession spark, GenerationSpec spec, TableWrite write) {
    long[] stored = rowsOnStorage(spark, spec, write);
    if (!Arrays.equals(write.rowsPerDay(), stored)) {
      throw new IllegalStateException(
          "Cannot complete bronze run: "
              + write.table().tableName()
              + " rows per date on storage "
              + Arrays.toString(stored)
              + " differ from the plan "
              + Arrays.toString(write.rowsPerDay())
              + "; is another job writing to "
              + write.path()
              + "?");
    }
    return stored;
  }

  /** Rows per date of the window on storage (Parquet footers only). */
  private static long[] rowsOnStorage(SparkSession spark, GenerationSpec spec, TableWrite write) {
    BronzeTable table = write.table();
    spark
        .sparkContext()
        .setJobGroup(
            "bronze-verify", "bronze: count " + table.tableName() + " rows per date", false);
    try {
      List<Row> counts =
          spark
              .read()
              .schema(table.schema())
              .parquet(write.path())
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
      return rows;
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  private static String stripSlash(String root) {
    return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }
}
