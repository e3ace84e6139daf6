package io.c360.common.iceberg;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.types.StructType;

/**
 * Creates the lakehouse's Iceberg tables when missing, with the same table properties everywhere. A
 * table that exists is left as it is (its schema evolves through the jobs, not here).
 */
public final class IcebergTables {
  /** Properties every table of the lakehouse gets; each explained in docs/TUNING.md. */
  public static final Map<String, String> PROPERTIES =
      Map.of(
          // Row-level deletes and MERGE semantics Trino and Spark agree on.
          "format-version", "2",
          // Old metadata.json files do not pile up: each commit writes one.
          "write.metadata.delete-after-commit.enabled", "true",
          "write.metadata.previous-versions-max", "50");

  private IcebergTables() {}

  /** A table's definition: columns (with comments in their metadata) and partition columns. */
  public record Definition(
      String name, StructType schema, List<String> partitionBy, String comment) {
    public Definition {
      requireNonNull(name, "name is null");
      requireNonNull(schema, "schema is null");
      partitionBy = List.copyOf(requireNonNull(partitionBy, "partitionBy is null"));
      requireNonNull(comment, "comment is null");
    }
  }

  /** Creates the namespace and table of {@code definition} unless the table exists. */
  public static void ensure(SparkSession spark, Definition definition) {
    String name = definition.name();
    String namespace = name.substring(0, name.lastIndexOf('.'));
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + namespace);
    spark.sql(createStatement(definition));
  }

  /**
   * Replaces the table of {@code definition} by an empty one with the definition's columns, in one
   * atomic commit that keeps the table's history (Iceberg's {@code CREATE OR REPLACE TABLE}).
   */
  public static void replace(SparkSession spark, Definition definition) {
    spark.sql(createStatement(definition, "CREATE OR REPLACE TABLE "));
  }

  /**
   * Whether the existing table {@code definition} names has exactly the definition's column names
   * and types, in order (comments and nullability aside).
   */
  public static boolean hasColumnsOf(SparkSession spark, Definition definition) {
    StructType actual = spark.table(definition.name()).schema();
    StructType expected = definition.schema();
    if (actual.fields().length != expected.fields().length) {
      return false;
    }
    for (int i = 0; i < expected.fields().length; i++) {
      if (!actual.fields()[i].name().equals(expected.fields()[i].name())
          || !actual.fields()[i].dataType().sameType(expected.fields()[i].dataType())) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code name} exists in its catalog. */
  public static boolean exists(SparkSession spark, String name) {
    try {
      spark.table(name);
      return true;
    } catch (Exception e) {
      if (e instanceof NoSuchTableException
          || e instanceof org.apache.spark.sql.AnalysisException) {
        return false;
      }
      throw e;
    }
  }

  /** Appends {@code rows} to the existing table {@code name} in one commit. */
  public static void append(
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows, String name) {
    try {
      rows.writeTo(name).append();
    } catch (NoSuchTableException e) {
      throw new IllegalStateException("Cannot append to " + name + ": the table does not exist", e);
    }
  }

  /**
   * Replaces the rows of table {@code name} that match {@code condition} with {@code rows}, in one
   * commit (Iceberg's overwrite by filter).
   */
  public static void overwrite(
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows,
      String name,
      org.apache.spark.sql.Column condition) {
    try {
      rows.writeTo(name).overwrite(condition);
    } catch (NoSuchTableException e) {
      throw new IllegalStateException(
          "Cannot overwrite in " + name + ": the table does not exist", e);
    }
  }

  static String createStatement(Definition definition) {
    return createStatement(definition, "CREATE TABLE IF NOT EXISTS ");
  }

  private static String createStatement(Definition definition, String verb) {
    Map<String, String> properties = new LinkedHashMap<>(PROPERTIES);
    String partitioning =
        definition.partitionBy().isEmpty()
            ? ""
            : " PARTITIONED BY ("
                + definition.partitionBy().stream()
                    .map(column -> "`" + column + "`")
                    .collect(Collectors.joining(", "))
                + ")";
    String tableProperties =
        properties.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(entry -> "'" + entry.getKey() + "'='" + entry.getValue() + "'")
            .collect(Collectors.joining(", "));
    return verb
        + definition.name()
        + " ("
        + definition.schema().toDDL()
        + ") USING iceberg"
        + partitioning
        + " COMMENT '"
        + definition.comment().replace("'", "\\'")
        + "' TBLPROPERTIES ("
        + tableProperties
        + ")";
  }
}
