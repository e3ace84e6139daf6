package io.c360.silver.write;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * MERGE statements of silver. A matched row is rewritten only when its {@code record_hash} changed,
 * so running a batch twice commits no change to the data.
 */
public final class SilverWriter {
  private SilverWriter() {}

  /** MERGE on keys: insert new rows, update changed ones (all matched rows without a hash). */
  public static String mergeByKeys(
      String table, String sourceView, List<String> keys, List<String> columns, String hashColumn) {
    return merge(table, sourceView, keyCondition(keys), columns, hashColumn);
  }

  private static String keyCondition(List<String> keys) {
    return keys.stream()
        .map(key -> "t.`" + key + "` = s.`" + key + "`")
        .collect(Collectors.joining(" AND "));
  }

  /** The statement; {@code hashColumn} is optional (null). */
  private static String merge(
      String table, String sourceView, String on, List<String> columns, String hashColumn) {
    String set =
        columns.stream()
            .map(column -> "t.`" + column + "` = s.`" + column + "`")
            .collect(Collectors.joining(", "));
    String names =
        columns.stream().map(column -> "`" + column + "`").collect(Collectors.joining(", "));
    String values =
        columns.stream().map(column -> "s.`" + column + "`").collect(Collectors.joining(", "));
    StringBuilder statement =
        new StringBuilder("MERGE INTO ")
            .append(table)
            .append(" t USING ")
            .append(sourceView)
            .append(" s ON ")
            .append(on);
    statement.append(" WHEN MATCHED");
    if (hashColumn != null) {
      statement
          .append(" AND t.`")
          .append(hashColumn)
          .append("` <> s.`")
          .append(hashColumn)
          .append('`');
    }
    statement.append(" THEN UPDATE SET ").append(set).append(" WHEN NOT MATCHED");
    return statement
        .append(" THEN INSERT (")
        .append(names)
        .append(") VALUES (")
        .append(values)
        .append(')')
        .toString();
  }

  /** Runs {@code statement} with {@code source} registered as {@code view}. */
  public static void run(SparkSession spark, Dataset<Row> source, String view, String statement) {
    source.createOrReplaceTempView(view);
    try {
      spark.sql(statement);
    } finally {
      spark.catalog().dropTempView(view);
    }
  }
}
