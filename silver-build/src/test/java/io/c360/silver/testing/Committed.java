package io.c360.silver.testing;

import io.c360.common.naming.Tables.Qualified;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What silver has committed: the tables' snapshots, and the rows it holds for a bronze date. */
public final class Committed {
  private static final List<String> TABLES =
      List.of(
          Qualified.SILVER_INTERACTIONS,
          Qualified.SILVER_QUARANTINE,
          Qualified.SILVER_CUSTOMERS,
          Qualified.AUDIT_SILVER_PROGRESS);

  private Committed() {}

  /** The snapshot ids of every table silver commits to; a missing table has none. */
  public static Map<String, List<Long>> snapshots(SparkSession spark) {
    Map<String, List<Long>> snapshots = new LinkedHashMap<>();
    for (String table : TABLES) {
      List<Long> ids =
          spark.catalog().tableExists(table)
              ? spark.table(table + ".snapshots").select("snapshot_id").collectAsList().stream()
                  .map(row -> row.getLong(0))
                  .sorted()
                  .toList()
              : List.of();
      snapshots.put(table, ids);
    }
    return snapshots;
  }

  /** Interactions of {@code date} in silver (accepted) plus those quarantined. */
  public static long interactions(SparkSession spark, LocalDate date) {
    return count(spark, Qualified.SILVER_INTERACTIONS, "TRUE", date)
        + count(spark, Qualified.SILVER_QUARANTINE, "source_table = 'customer_interactions'", date);
  }

  /** Customers of {@code date} quarantined. */
  public static long quarantined(SparkSession spark, String sourceTable, LocalDate date) {
    return count(spark, Qualified.SILVER_QUARANTINE, "source_table = '" + sourceTable + "'", date);
  }

  /** The rule ids of the quarantined rows of {@code date} with {@code key}. */
  public static List<String> rules(
      SparkSession spark, String sourceTable, LocalDate date, String key) {
    return spark
        .table(Qualified.SILVER_QUARANTINE)
        .where(
            "source_table = '"
                + sourceTable
                + "' AND event_date = DATE'"
                + date
                + "' AND record_key = '"
                + key
                + "'")
        .selectExpr("explode(rule_ids)")
        .collectAsList()
        .stream()
        .map((Row row) -> row.getString(0))
        .toList();
  }

  private static long count(SparkSession spark, String table, String where, LocalDate date) {
    if (!spark.catalog().tableExists(table)) {
      return 0;
    }
    return spark.table(table).where(where).where("event_date = DATE'" + date + "'").count();
  }
}
