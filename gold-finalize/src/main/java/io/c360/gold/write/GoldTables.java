package io.c360.gold.write;

import static io.c360.common.naming.BronzeColumns.CHANNEL;
import static io.c360.common.naming.BronzeColumns.CUSTOMER_ID;
import static io.c360.common.naming.BronzeColumns.EVENT_DATE;
import static io.c360.common.naming.GoldColumns.*;
import static io.c360.common.naming.SilverColumns.VALUE_SEGMENT;

import io.c360.common.iceberg.IcebergTables;
import io.c360.common.iceberg.IcebergTables.Definition;
import io.c360.common.naming.Tables.Qualified;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The gold tables: names, columns with the comments a BI user sees in Trino's {@code DESCRIBE} and
 * in the catalog, and partitioning. docs/GOLD.md gives the full definition of every metric.
 */
public final class GoldTables {
  private static final DataType MONEY = DataTypes.createDecimalType(18, 2);
  private static final DataType LONG = DataTypes.LongType;
  private static final DataType INT = DataTypes.IntegerType;
  private static final DataType DOUBLE = DataTypes.DoubleType;
  private static final DataType DATE = DataTypes.DateType;
  private static final DataType STRING = DataTypes.StringType;

  public static final Definition DAILY_KPIS_TABLE =
      new Definition(
          Qualified.GOLD_DAILY_KPIS,
          schema(
              column(EVENT_DATE, DATE, "Calendar day of the interactions (UTC)"),
              column(ACTIVE_CUSTOMERS, LONG, "Distinct customers with at least one interaction"),
              column(
                  NEW_CUSTOMERS,
                  LONG,
                  "Customers whose signup_date is this day (silver.customers)"),
              column(SESSIONS, LONG, "Distinct session ids"),
              column(ORDERS, LONG, "Purchases not cancelled (returned orders included)"),
              column(REVENUE_USD, MONEY, "Sum of revenue_usd of the orders, in US dollars"),
              column(AVG_ORDER_VALUE_USD, MONEY, "revenue_usd / orders; null without orders"),
              column(BUYERS, LONG, "Distinct customers with at least one order"),
              column(
                  CONVERSION_RATE,
                  DOUBLE,
                  "buyers / active_customers: share of active customers who ordered"),
              column(RETURNED_ORDERS, LONG, "Orders of this day later returned"),
              column(RETURN_RATE, DOUBLE, "returned_orders / orders; null without orders"),
              column(SUPPORT_CONTACTS, LONG, "support_contact interactions"),
              column(NPS_RESPONSES, LONG, "Interactions carrying an NPS answer (0..10)"),
              column(
                  NPS,
                  DOUBLE,
                  "Net Promoter Score: % answers 9-10 minus % answers 0-6, -100..100; null"
                      + " without answers"),
              lineage()),
          List.of(EVENT_DATE),
          "Customer 360 KPIs, one row per day; recomputed for the days silver changed");

  public static final Definition REVENUE_BY_CHANNEL_TABLE =
      new Definition(
          Qualified.GOLD_REVENUE_BY_CHANNEL,
          schema(
              column(EVENT_DATE, DATE, "Calendar day of the orders (UTC)"),
              column(CHANNEL, STRING, "Interaction channel (web, mobile_app, store, ...)"),
              column(ORDERS, LONG, "Orders placed in this channel on this day"),
              column(REVENUE_USD, MONEY, "Revenue of those orders, in US dollars"),
              column(
                  REVENUE_SHARE,
                  DOUBLE,
                  "This channel's revenue / the day's revenue; null when the day has none"),
              lineage()),
          List.of(EVENT_DATE),
          "Revenue and orders per day and channel, every channel every day (zeros included)");

  public static final Definition CUSTOMER_ENGAGEMENT_TABLE =
      new Definition(
          Qualified.GOLD_CUSTOMER_ENGAGEMENT,
          schema(
              column(CUSTOMER_ID, LONG, "Customer id (silver.customers)"),
              column(VALUE_SEGMENT, STRING, "RFM value segment from silver.customers"),
              column(AS_OF_DATE, DATE, "Date the engagement is measured at"),
              column(LAST_ACTIVE_DATE, DATE, "Latest interaction date up to as_of_date"),
              column(DAYS_SINCE_LAST_ACTIVE, INT, "as_of_date - last_active_date; null if never"),
              column(ACTIVE_DAYS_30D, INT, "Days with an interaction in the last 30 days"),
              column(SESSIONS_30D, INT, "Distinct sessions in the last 30 days"),
              column(MINUTES_30D, DOUBLE, "Session minutes in the last 30 days"),
              column(CHANNELS_90D, INT, "Distinct channels used in the last 90 days"),
              column(EMAIL_ENGAGEMENTS_30D, INT, "Email opens and clicks in the last 30 days"),
              column(RECENCY_SCORE, DOUBLE, "1 - days_since_last_active / 90, floored at 0"),
              column(FREQUENCY_SCORE, DOUBLE, "active_days_30d / 15, capped at 1"),
              column(SESSION_SCORE, DOUBLE, "sessions_30d / 20, capped at 1"),
              column(TIME_SCORE, DOUBLE, "minutes_30d / 300, capped at 1"),
              column(BREADTH_SCORE, DOUBLE, "channels_90d / 6"),
              column(EMAIL_SCORE, DOUBLE, "email_engagements_30d / 10, capped at 1"),
              column(
                  ENGAGEMENT_SCORE,
                  DOUBLE,
                  "0..100: 25 recency + 25 frequency + 15 session + 15 time + 10 breadth + 10"
                      + " email (scores times weights)"),
              column(ENGAGEMENT_LEVEL, STRING, "high (>= 60), medium (>= 30) or low"),
              lineage()),
          List.of(),
          "Engagement score and its components, one row per customer, as of as_of_date");

  public static final Definition SEGMENT_ENGAGEMENT_TABLE =
      new Definition(
          Qualified.GOLD_SEGMENT_ENGAGEMENT,
          schema(
              column(VALUE_SEGMENT, STRING, "RFM value segment; 'unknown' when silver has none"),
              column(AS_OF_DATE, DATE, "Date the engagement is measured at"),
              column(CUSTOMERS, LONG, "Customers in the segment"),
              column(AVG_ENGAGEMENT_SCORE, DOUBLE, "Mean engagement_score"),
              column(HIGH_ENGAGEMENT_SHARE, DOUBLE, "Share of customers with level high"),
              column(LOW_ENGAGEMENT_SHARE, DOUBLE, "Share of customers with level low"),
              column(AVG_CHURN_RISK, DOUBLE, "Mean churn_risk_score (gold.churn_risk)"),
              lineage()),
          List.of(),
          "Customer engagement and churn risk rolled up per value segment, as of as_of_date");

  public static final Definition CHURN_RISK_TABLE =
      new Definition(
          Qualified.GOLD_CHURN_RISK,
          schema(
              column(CUSTOMER_ID, LONG, "Customer id (silver.customers)"),
              column(VALUE_SEGMENT, STRING, "RFM value segment from silver.customers"),
              column(AS_OF_DATE, DATE, "Date the risk is assessed at"),
              column(DAYS_SINCE_LAST_ACTIVE, INT, "as_of_date - last_active_date; null if never"),
              column(EVENTS_LAST_14D, INT, "Interactions in the last 14 days"),
              column(
                  EVENTS_PRIOR_14D_AVG,
                  DOUBLE,
                  "Interactions per 14 days in days 15..90 (the part silver has); null with less"
                      + " than 7 such days"),
              column(SUPPORT_CONTACTS_90D, INT, "support_contact interactions in 90 days"),
              column(AVG_NPS_90D, DOUBLE, "Mean NPS answer in 90 days; null without answers"),
              column(RETURN_RATE_90D, DOUBLE, "Returned orders / orders in 90 days; 0 without"),
              column(
                  INACTIVITY_RISK, DOUBLE, "days_since_last_active / 30, capped at 1; 1 if never"),
              column(
                  FREQUENCY_DECLINE_RISK,
                  DOUBLE,
                  "Drop of events_last_14d against events_prior_14d_avg, 0..1"),
              column(SUPPORT_RISK, DOUBLE, "support_contacts_90d / 5, capped at 1"),
              column(NPS_RISK, DOUBLE, "(7 - avg_nps_90d) / 7 within 0..1; 0 without answers"),
              column(RETURNS_RISK, DOUBLE, "return_rate_90d"),
              column(
                  CHURN_RISK_SCORE,
                  DOUBLE,
                  "0..1: 0.35 inactivity + 0.25 frequency decline + 0.15 support + 0.15 NPS +"
                      + " 0.10 returns"),
              column(RISK_BAND, STRING, "high (>= 0.5), medium (>= 0.25) or low"),
              new StructField(
                      MAIN_DRIVERS,
                      DataTypes.createArrayType(DataTypes.StringType, false),
                      false,
                      Metadata.empty())
                  .withComment(
                      "Up to three drivers with the largest weighted contribution (at least"
                          + " 0.05), largest first"),
              lineage()),
          List.of(),
          "Explainable churn-risk score, band and main drivers, one row per customer");

  public static final Definition PROGRESS_TABLE =
      new Definition(
          Qualified.AUDIT_GOLD_PROGRESS,
          schema(
              column(EVENT_DATE, DATE, "silver.interactions partition"),
              column(SILVER_SNAPSHOT_ID, LONG, "Snapshot that last changed the partition"),
              column(SILVER_ROWS, LONG, "Rows in the partition at that snapshot"),
              column(PROCESSED_AT, DataTypes.TimestampType, "When gold aggregated it"),
              column(GOLD_RUN_ID, STRING, "Run id of that gold-finalize run")),
          List.of(),
          "The silver.interactions partitions gold-finalize has aggregated, as of which snapshot");

  public static final List<Definition> ALL =
      List.of(
          DAILY_KPIS_TABLE,
          REVENUE_BY_CHANNEL_TABLE,
          CUSTOMER_ENGAGEMENT_TABLE,
          SEGMENT_ENGAGEMENT_TABLE,
          CHURN_RISK_TABLE,
          PROGRESS_TABLE);

  private GoldTables() {}

  /** Tables every run replaces whole: a new version's columns simply replace the old ones. */
  private static final List<Definition> REPLACED_WHOLE =
      List.of(
          CUSTOMER_ENGAGEMENT_TABLE, SEGMENT_ENGAGEMENT_TABLE, CHURN_RISK_TABLE, PROGRESS_TABLE);

  /**
   * Creates every gold table that is missing, and brings the columns of existing ones to this
   * version's definitions. Tables replaced whole on every run are replaced (atomically, history
   * kept); the daily tables only with {@code fullRebuild}, since an incremental run would leave old
   * dates in the old shape.
   *
   * @return the tables replaced
   * @throws io.c360.common.cli.JobFailure of category usage when a daily table needs a rebuild
   */
  public static List<String> ensureAll(SparkSession spark, boolean fullRebuild) {
    List<String> replaced = new ArrayList<>();
    for (Definition definition : ALL) {
      if (!IcebergTables.exists(spark, definition.name())) {
        IcebergTables.ensure(spark, definition);
      } else if (!IcebergTables.hasColumnsOf(spark, definition)) {
        if (!fullRebuild && !REPLACED_WHOLE.contains(definition)) {
          throw io.c360.common.cli.JobFailure.usage(
              definition.name()
                  + " was written by a version of gold-finalize with other columns than this"
                  + " one. Run this version once with --full-rebuild (run_pipeline.py --stage gold"
                  + " --full-rebuild) to recompute every date in the new shape.");
        }
        IcebergTables.replace(spark, definition);
        replaced.add(definition.name());
      }
    }
    return replaced;
  }

  private static StructField column(String name, DataType type, String comment) {
    return new StructField(name, type, true, Metadata.empty()).withComment(comment);
  }

  private static StructField[] lineage() {
    return new StructField[] {
      column(GOLD_RUN_ID, STRING, "Run id of the gold-finalize run that wrote the row"),
      column(GOLD_LOADED_AT, DataTypes.TimestampType, "When that run wrote it")
    };
  }

  private static StructType schema(Object... fields) {
    List<StructField> all = new ArrayList<>();
    for (Object field : fields) {
      if (field instanceof StructField[] several) {
        all.addAll(List.of(several));
      } else {
        all.add((StructField) field);
      }
    }
    return new StructType(all.toArray(StructField[]::new));
  }
}
