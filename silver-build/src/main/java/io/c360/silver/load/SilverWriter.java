package io.c360.silver.load;

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
    String on =
        keys.stream()
                .map(key -> "t.`" + key + "` = s.`" + key + "`")
                .collect(Collectors.joining(" AND "))
            + " AND t.`"
            + dateColumn
            + "` IN ("
            + inDates
            + ")";
    String set =
        columns.stream()
            .map(column -> "t.`" + column + "` = s.`" + column + "`")
            .collect(Collectors.joining(", "));
    String names =
        columns.stream().map(column -> "`" + column + "`").collect(Collectors.joining(", "));
    String values =
        columns.stream().map(column -> "s.`" + column + "`").collect(Collectors.joining(", "));
    return "MERGE INTO "
        + table
        + " t USING "
        + sourceView
        + " s ON "
        + on
        + " WHEN MATCHED AND s.`"
        + deleteFlag
        + "` THEN DELETE"
        + " WHEN MATCHED AND t.`"
        + hashColumn
        + "` <> s.`"
        + hashColumn
        + "` THEN UPDATE SET "
        + set
        + " WHEN NOT MATCHED AND NOT s.`"
        + deleteFlag
        + "` THEN INSERT ("
        + names
        + ") VALUES ("
        + values
        + ")";
  }

  /** MERGE on keys: insert new rows, update changed ones, leave the others. */
  public static String mergeByKeys(
      String table, String sourceView, List<String> keys, List<String> columns, String hashColumn) {
    String on =
        keys.stream()
            .map(key -> "t.`" + key + "` = s.`" + key + "`")
            .collect(Collectors.joining(" AND "));
    return merge(table, sourceView, on, columns, hashColumn);
  }

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
    String matched =
        hashColumn == null
            ? " WHEN MATCHED THEN UPDATE SET "
            : " WHEN MATCHED AND t.`" + hashColumn + "` <> s.`" + hashColumn + "` THEN UPDATE SET ";
    return "MERGE INTO "
        + table
        + " t USING "
        + sourceView
        + " s ON "
        + on
        + matched
        + set
        + " WHEN NOT MATCHED THEN INSERT ("
        + names
        + ") VALUES ("
        + values
        + ")";
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
