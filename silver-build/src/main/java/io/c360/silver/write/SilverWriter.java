package io.c360.silver.write;

import java.time.LocalDate;
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

  /**
   * MERGE of a batch of dates: insert new rows, update changed ones, and delete the target rows of
   * the batch's dates that the batch no longer has (a regenerated or re-validated bronze date).
   * Those arrive as source rows whose {@code deleteFlag} is true. The dates are part of the join
   * condition so that only their files are read and rewritten (no NOT MATCHED BY SOURCE clause,
   * which would make Spark rewrite every file of the table).
   */
  public static String mergeByDates(
      String table,
      String sourceView,
      List<String> keys,
      String dateColumn,
      List<LocalDate> dates,
      List<String> columns,
      String hashColumn,
      String deleteFlag) {
    String inDates =
        dates.stream().map(date -> "DATE '" + date + "'").collect(Collectors.joining(", "));
    String on = keyCondition(keys) + " AND t.`" + dateColumn + "` IN (" + inDates + ")";
    return merge(table, sourceView, on, columns, hashColumn, deleteFlag);
  }

  /** MERGE on keys: insert new rows, update changed ones (all matched rows without a hash). */
  public static String mergeByKeys(
      String table, String sourceView, List<String> keys, List<String> columns, String hashColumn) {
    return merge(table, sourceView, keyCondition(keys), columns, hashColumn, null);
  }

  private static String keyCondition(List<String> keys) {
    return keys.stream()
        .map(key -> "t.`" + key + "` = s.`" + key + "`")
        .collect(Collectors.joining(" AND "));
  }

  /** The statement; {@code hashColumn} and {@code deleteFlag} are optional (null). */
  private static String merge(
      String table,
      String sourceView,
      String on,
      List<String> columns,
      String hashColumn,
      String deleteFlag) {
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
    if (deleteFlag != null) {
      statement.append(" WHEN MATCHED AND s.`").append(deleteFlag).append("` THEN DELETE");
    }
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
    if (deleteFlag != null) {
      statement.append(" AND NOT s.`").append(deleteFlag).append('`');
    }
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
