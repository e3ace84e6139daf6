package io.c360.silver.read;

import io.c360.common.cli.JobFailure;
import io.c360.common.naming.BronzeColumns;
import io.c360.common.naming.BronzeSchemas;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads bronze partitions with the contract's schema (no inference), checked against what the files
 * hold: a contract column with another type stops the run before anything is written; a column the
 * contract does not know yet is read too, and silver carries it (schema evolution).
 */
public final class BronzeReader {
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
    String[] paths = partitions.stream().map(p -> p.path().toString()).toArray(String[]::new);
    StructType found = fileSchema(spark, basePath, paths);
    List<StructField> extras = extraColumns(contract, found, basePath);
    StructType schema = contract;
    for (StructField extra : extras) {
      schema = schema.add(extra.name(), extra.dataType(), true);
    }
    Dataset<Row> rows =
        spark
            .read()
            .option("basePath", basePath)
            .schema(BronzeSchemas.withEventDate(schema))
            .parquet(paths);
    return new Read(rows, extras);
  }

  /** The union of the files' schemas (Parquet footers, read by a Spark job). */
  private static StructType fileSchema(SparkSession spark, String basePath, String[] paths) {
    try {
      return spark
          .read()
          .option("mergeSchema", "true")
          .option("basePath", basePath)
          .parquet(paths)
          .schema();
    } catch (RuntimeException e) {
      if (String.valueOf(e.getMessage()).contains("merge")) {
        throw JobFailure.dataQuality(
            "Cannot read bronze under "
                + basePath
                + ": its files disagree on a column's type ("
                + e.getMessage()
                + "). Nothing was committed. Regenerate the partitions written with the wrong type.");
      }
      throw e;
    }
  }

  /**
   * Columns of {@code found} beyond {@code contract}.
   *
   * @throws JobFailure when a contract column is missing or has another type in the files
   */
  public static List<StructField> extraColumns(
      StructType contract, StructType found, String where) {
    List<StructField> extras = new ArrayList<>();
    List<String> contractNames = List.of(contract.fieldNames());
    for (StructField field : found.fields()) {
      if (field.name().equals(BronzeColumns.EVENT_DATE)) {
        continue;
      }
      if (!contractNames.contains(field.name())) {
        extras.add(field);
        continue;
      }
      StructField expected = contract.apply(field.name());
      if (!expected.dataType().sameType(field.dataType())) {
        throw JobFailure.dataQuality(
            "Cannot read bronze under "
                + where
                + ": column "
                + field.name()
                + " is "
                + field.dataType().sql()
                + " in the files but the contract (BronzeSchemas) says "
                + expected.dataType().sql()
                + ". Nothing was committed. Fix the producer, or change the contract and silver"
                + " together.");
      }
    }
    List<String> foundNames = List.of(found.fieldNames());
    for (String name : contractNames) {
      if (!foundNames.contains(name)) {
        throw JobFailure.dataQuality(
            "Cannot read bronze under "
                + where
                + ": contract column "
                + name
                + " is in none of the files. Nothing was committed. Fix the producer.");
      }
    }
    return extras;
  }
}
