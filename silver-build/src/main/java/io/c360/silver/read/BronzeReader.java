package io.c360.silver.read;

import io.c360.common.cli.JobFailure;
import io.c360.common.naming.BronzeSchemas;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads bronze partitions with the contract's schema (no inference), after checking every file's
 * Parquet footer against it ({@link FileSchemaCheck}): a file that is not Parquet, lacks a contract
 * column or holds one with another type stops the run before anything is written, naming the file;
 * a column the contract does not know yet is read too, and silver carries it (schema evolution).
 *
 * <p>Dates and timestamps are read with the rebase mode {@value #REBASE_MODE} for files that do not
 * say which calendar wrote them. Spark 3.5 decides per file ({@code
 * DataSourceUtils.datetimeRebaseSpec}): a file written by Spark 2.x, or by Spark 3 in {@code
 * LEGACY} mode, carries {@code org.apache.spark.version} / {@code org.apache.spark.legacyDateTime}
 * in its metadata and is rebased from the hybrid Julian calendar whatever this option says; a file
 * written by Spark 3 is read as written; only a file with no Spark metadata (DuckDB, Arrow, Trino,
 * Hive 3) falls back to the option ({@code ParquetOptions.DATETIME_REBASE_MODE}, {@code
 * INT96_REBASE_MODE}), whose default {@code EXCEPTION} fails the whole read with {@code
 * READ_ANCIENT_DATETIME} on a value before 1582. Those writers use the proleptic Gregorian
 * calendar, so {@code CORRECTED} (read as written) is right for them; the domain rules then
 * quarantine a value such as year 1.
 */
public final class BronzeReader {
  /** Rebase mode for files without Spark's calendar metadata: read as written. */
  static final String REBASE_MODE = "CORRECTED";

  private BronzeReader() {}

  /** The read, and the columns the files hold beyond the contract. */
  public record Read(Dataset<Row> rows, List<StructField> extraColumns) {
    /** The names of {@link #extraColumns}. */
    public List<String> extraColumnNames() {
      return extraColumns.stream().map(StructField::name).toList();
    }
  }

  /** Reads {@code partitions} of the bronze table {@code table} under the bronze root. */
  public static Read read(
      SparkSession spark,
      Path root,
      String table,
      StructType contract,
      List<BronzeInventory.Partition> partitions) {
    return read(spark, new Path(root, table).toString(), contract, partitions);
  }

  public static Read read(
      SparkSession spark,
      String basePath,
      StructType contract,
      List<BronzeInventory.Partition> partitions) {
    StructType withDate = BronzeSchemas.withEventDate(contract);
    if (partitions.isEmpty()) {
      return new Read(spark.createDataFrame(List.<Row>of(), withDate), List.of());
    }
    List<StructField> extras = checkFiles(spark, basePath, contract, partitions);
    StructType schema = contract;
    for (StructField extra : extras) {
      schema = schema.add(extra.name(), extra.dataType(), true);
    }
    String[] paths = partitions.stream().map(p -> p.path().toString()).toArray(String[]::new);
    Dataset<Row> rows =
        spark
            .read()
            .option("basePath", basePath)
            .option("datetimeRebaseMode", REBASE_MODE)
            .option("int96RebaseMode", REBASE_MODE)
            .schema(BronzeSchemas.withEventDate(schema))
            .parquet(paths);
    return new Read(rows, extras);
  }

  /**
   * Reads every file's footer and checks it against {@code contract}.
   *
   * @return the columns beyond the contract
   * @throws JobFailure of the data-quality category naming every file that cannot be read as the
   *     contract says
   */
  private static List<StructField> checkFiles(
      SparkSession spark,
      String basePath,
      StructType contract,
      List<BronzeInventory.Partition> partitions) {
    Configuration conf = spark.sessionState().newHadoopConf();
    List<BronzeInventory.DataFile> files =
        partitions.stream().flatMap(p -> p.dataFiles().stream()).toList();
    FileSchemaCheck.Result result;
    try {
      FileSystem fs = new Path(basePath).getFileSystem(conf);
      result =
          FileSchemaCheck.check(
              contract, FileFooters.read(fs, conf, spark.sessionState().conf(), files));
    } catch (IOException e) {
      throw JobFailure.externalUnavailable(
          "Cannot read the Parquet footers of bronze under "
              + basePath
              + ": "
              + e.getMessage()
              + ". Check the endpoint, credentials and bucket (spark.hadoop.fs.s3a.*).",
          e);
    }
    if (!result.problems().isEmpty()) {
      throw JobFailure.dataQuality(
          "Cannot read bronze under "
              + basePath
              + ": "
              + result.problems().size()
              + " problem(s) in its files:\n  "
              + BronzeInventory.list(result.problems())
              + "\nNothing was committed. Fix or regenerate each file named (or move it out of the"
              + " table folder), then re-run.");
    }
    return result.extraColumns();
  }
}
