package io.c360.gold;

import io.c360.common.audit.AuditLog;
import io.c360.common.iceberg.IcebergTables;
import io.c360.common.naming.Tables.Qualified;
import io.c360.gold.write.GoldTables;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * A hand-built silver: the columns gold reads, a handful of rows with known answers (docs/GOLD.md
 * worked through by hand in the tests). Values: (date, customer, session, type, channel, status,
 * returned, revenue_usd, nps, seconds).
 */
final class GoldFixture {
  static final String INTERACTIONS = Qualified.SILVER_INTERACTIONS;
  static final String CUSTOMERS = Qualified.SILVER_CUSTOMERS;

  /** 2026-03-01 and 2026-03-02; customer 4 never interacts. */
  static final List<String> ROWS =
      List.of(
          // day 1, customer 1, session 11: a view, a completed and a returned order, NPS 10
          "DATE'2026-03-01', 1, 11, 'page_view', 'web', NULL, NULL, NULL, NULL, 120",
          "DATE'2026-03-01', 1, 11, 'purchase', 'web', 'completed', false, 100.00, 10, 60",
          "DATE'2026-03-01', 1, 11, 'purchase', 'web', 'returned', true, 50.00, NULL, 60",
          // day 1, customer 1, session 12: a support contact with NPS 3
          "DATE'2026-03-01', 1, 12, 'support_contact', 'call_center', NULL, NULL, NULL, 3, 600",
          // day 1, customer 2: a cancelled purchase (not an order) and an email open without
          // session, NPS 8
          "DATE'2026-03-01', 2, 21, 'purchase', 'mobile_app', 'cancelled', false, 30.00, NULL, 30",
          "DATE'2026-03-01', 2, NULL, 'email_open', 'email', NULL, NULL, NULL, 8, NULL",
          // day 2, customer 3: a store order
          "DATE'2026-03-02', 3, 31, 'purchase', 'store', 'completed', false, 20.00, NULL, 300");

  private GoldFixture() {}

  /**
   * A lakehouse holding only the fixture's silver: the gold tables, gold's progress record and the
   * audit table dropped with their files, silver built again.
   */
  static void reset(SparkSession spark) {
    for (IcebergTables.Definition table : GoldTables.ALL) {
      spark.sql("DROP TABLE IF EXISTS " + table.name() + " PURGE");
    }
    spark.sql("DROP TABLE IF EXISTS " + AuditLog.TABLE + " PURGE");
    create(spark);
  }

  private static void create(SparkSession spark) {
    spark.sql("CREATE NAMESPACE IF NOT EXISTS lakehouse.silver");
    spark.sql("DROP TABLE IF EXISTS " + INTERACTIONS);
    spark.sql("DROP TABLE IF EXISTS " + CUSTOMERS);
    spark.sql(
        "CREATE TABLE "
            + INTERACTIONS
            + " (event_date DATE, customer_id BIGINT, session_id BIGINT, event_type STRING,"
            + " channel STRING, order_status STRING, is_returned BOOLEAN, revenue_usd"
            + " DECIMAL(14,2), nps_score INT, session_duration_sec INT) USING iceberg PARTITIONED"
            + " BY (event_date) TBLPROPERTIES ('format-version'='2')");
    spark.sql(
        "CREATE TABLE "
            + CUSTOMERS
            + " (customer_id BIGINT, signup_date DATE, value_segment STRING) USING iceberg");
    ROWS.forEach(row -> insert(spark, row));
    spark.sql(
        "INSERT INTO "
            + CUSTOMERS
            + " VALUES (1, DATE'2025-06-01', 'champions'), (2, DATE'2026-03-01', 'new'),"
            + " (3, DATE'2026-01-15', 'potential'), (4, DATE'2025-01-01', 'hibernating')");
  }

  static void insert(SparkSession spark, String values) {
    spark.sql(String.format(Locale.ROOT, "INSERT INTO %s VALUES (%s)", INTERACTIONS, values));
  }
}
