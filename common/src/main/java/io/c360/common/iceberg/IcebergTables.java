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
    return "CREATE TABLE IF NOT EXISTS "
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
