package io.c360.silver.write;

import static io.c360.common.naming.SilverColumns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.c360.common.cli.JobFailure;
import io.c360.common.iceberg.IcebergTables;
import io.c360.common.naming.BronzeColumns;
import io.c360.common.naming.Tables.Qualified;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The silver tables: names, fixed schemas, creation, and schema evolution of the tables whose
 * columns follow bronze.
 */
public final class SilverTables {
  public static final StructType QUARANTINE_SCHEMA =
      new StructType()
          .add(RUN_ID, DataTypes.StringType, false)
          .add(QUARANTINED_AT, DataTypes.TimestampType, false)
          .add(SOURCE_TABLE, DataTypes.StringType, false)
          .add(BronzeColumns.EVENT_DATE, DataTypes.DateType, false)
          .add(SOURCE_PARTITION, DataTypes.StringType, false)
          .add(RECORD_KEY, DataTypes.StringType, true)
          .add(BronzeColumns.CUSTOMER_ID, DataTypes.LongType, true)
          .add(RULE_IDS, DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add(RECORD, DataTypes.StringType, false);

  public static final StructType PROGRESS_SCHEMA =
      new StructType()
          .add(SOURCE_TABLE, DataTypes.StringType, false)
          .add(BronzeColumns.EVENT_DATE, DataTypes.DateType, false)
          .add(FINGERPRINT, DataTypes.StringType, false)
          .add(FILES, DataTypes.LongType, false)
          .add(BYTES, DataTypes.LongType, false)
          .add(ROWS, DataTypes.LongType, false)
          .add(RUN_ID, DataTypes.StringType, false)
          .add(PROCESSED_AT, DataTypes.TimestampType, false);

  private SilverTables() {}

  public static void ensureQuarantine(SparkSession spark) {
    IcebergTables.ensure(
        spark,
        new IcebergTables.Definition(
            Qualified.SILVER_QUARANTINE,
            QUARANTINE_SCHEMA,
            List.of(SOURCE_TABLE, BronzeColumns.EVENT_DATE),
            "Every bronze row silver rejected, whole (record, JSON), with the rules it broke"));
  }

  public static void ensureProgress(SparkSession spark) {
    IcebergTables.ensure(
        spark,
        new IcebergTables.Definition(
            Qualified.AUDIT_SILVER_PROGRESS,
            PROGRESS_SCHEMA,
            List.of(),
            "Bronze partitions silver-build has processed, with the fingerprint of their files"));
  }

  /**
   * Creates {@code table} with {@code schema} when missing; otherwise adds the columns of {@code
   * schema} it lacks (schema evolution).
   *
   * @throws JobFailure of the data-quality category when a column exists with another type
   */
  public static void ensureEvolving(
      SparkSession spark,
      String table,
      StructType schema,
      List<String> partitionBy,
      String comment) {
    if (!IcebergTables.exists(spark, table)) {
      IcebergTables.ensure(
          spark, new IcebergTables.Definition(table, schema, partitionBy, comment));
      return;
    }
    for (StructField added : columnsToAdd(spark.table(table).schema(), schema, table)) {
      spark.sql(
          "ALTER TABLE "
              + table
              + " ADD COLUMN `"
              + added.name()
              + "` "
              + added.dataType().sql()
              + " COMMENT 'Carried over from bronze by schema evolution'");
    }
  }

  /**
   * {@code rows} with the columns of {@code table}, in its order: a column the rows lack (a bronze
   * column no longer delivered) as null, so that an overwrite by name writes every column.
   */
  public static Dataset<Row> alignTo(StructType table, Dataset<Row> rows) {
    List<String> present = List.of(rows.columns());
    List<Column> columns = new ArrayList<>();
    for (StructField field : table.fields()) {
      columns.add(
          present.contains(field.name())
              ? col(field.name())
              : lit(null).cast(field.dataType()).as(field.name()));
    }
    return rows.select(columns.toArray(Column[]::new));
  }

  /**
   * The columns of {@code source} that {@code target} lacks.
   *
   * @throws JobFailure when a column of both has different types (nothing is changed then)
   */
  public static List<StructField> columnsToAdd(StructType target, StructType source, String table) {
    List<StructField> added = new ArrayList<>();
    for (StructField field : source.fields()) {
      if (!List.of(target.fieldNames()).contains(field.name())) {
        added.add(field);
        continue;
      }
      StructField existing = target.apply(field.name());
      if (!existing.dataType().sameType(field.dataType())) {
        throw JobFailure.dataQuality(
            "Cannot load "
                + table
                + ": column "
                + field.name()
                + " is "
                + field.dataType().sql()
                + " in this batch but "
                + existing.dataType().sql()
                + " in the table. Nothing was committed. Fix the producer, or migrate the"
                + " column (ALTER TABLE ... ALTER COLUMN, for a widening Iceberg allows) and re-run.");
      }
    }
    return added;
  }
}
