package io.c360.ops;

import io.c360.common.audit.AuditLog;
import io.c360.common.iceberg.IcebergTables;
import io.c360.common.naming.Tables;
import io.c360.common.naming.Tables.Qualified;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A small lakehouse for the ops tests, built with plain SQL (no job's code): a silver.interactions
 * partitioned by day with one data file per insert, a gold.daily_kpis aggregated from it, and the
 * audit table. {@link #reset} drops every table first, so each test starts from the same state.
 */
public final class LakehouseFixture {
  /** Values: (event_date, customer_id, event_type, revenue_usd). */
  static final List<String> INTERACTIONS =
      List.of(
          "DATE'2026-03-01', 1, 'purchase', 100.00",
          "DATE'2026-03-01', 2, 'page_view', NULL",
          "DATE'2026-03-02', 3, 'purchase', 20.00");

  private LakehouseFixture() {}

  /** Drops every table of the silver, gold and audit namespaces and builds the fixture's. */
  public static void reset(SparkSession spark) {
    for (String namespace :
        List.of(Tables.SILVER_NAMESPACE, Tables.GOLD_NAMESPACE, Tables.AUDIT_NAMESPACE)) {
      spark.sql("CREATE NAMESPACE IF NOT EXISTS " + Tables.CATALOG + "." + namespace);
      for (Row table :
          spark.sql("SHOW TABLES IN " + Tables.CATALOG + "." + namespace).collectAsList()) {
        spark.sql("DROP TABLE " + Tables.qualified(namespace, table.getString(1)) + " PURGE");
      }
    }
    spark.sql(
        "CREATE TABLE "
            + Qualified.SILVER_INTERACTIONS
            + " (event_date DATE, customer_id BIGINT, event_type STRING, revenue_usd"
            + " DECIMAL(14,2)) USING iceberg PARTITIONED BY (event_date)"
            + " TBLPROPERTIES ('format-version'='2')");
    INTERACTIONS.forEach(values -> insert(spark, values));
    spark.sql(
        "CREATE TABLE "
            + Qualified.GOLD_DAILY_KPIS
            + " USING iceberg PARTITIONED BY (event_date) AS SELECT event_date, count(*) AS"
            + " interactions, sum(revenue_usd) AS revenue_usd FROM "
            + Qualified.SILVER_INTERACTIONS
            + " GROUP BY event_date");
    IcebergTables.ensure(spark, AuditLog.DEFINITION);
  }

  /** Appends one row to silver.interactions: one more data file in its partition. */
  public static void insert(SparkSession spark, String values) {
    spark.sql(
        String.format(
            Locale.ROOT, "INSERT INTO %s VALUES (%s)", Qualified.SILVER_INTERACTIONS, values));
  }
}
