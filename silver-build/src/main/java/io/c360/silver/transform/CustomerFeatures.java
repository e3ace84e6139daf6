package io.c360.silver.transform;

import static io.c360.common.naming.BronzeColumns.*;
import static io.c360.common.naming.SilverColumns.*;
import static org.apache.spark.sql.functions.*;

import io.c360.common.metrics.Orders;
import io.c360.common.naming.Vocabulary;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Behavioural features and the RFM value segment of each customer, as of a date, from the accepted
 * interactions of the 90 days that end on it. Definitions: docs/SILVER.md. Pure: the as-of date is
 * passed in, never read from a clock.
 */
public final class CustomerFeatures {
  /** Length of the longest feature window, in days, the as-of date included. */
  public static final int WINDOW_DAYS = 90;

  /** A purchase not cancelled (a cancelled order never happened); shared with gold. */
  private static final Column ORDER = Orders.isOrder();

  private CustomerFeatures() {}

  /** The first date of the window that ends on {@code asOf}. */
  public static LocalDate windowStart(LocalDate asOf) {
    return asOf.minusDays(WINDOW_DAYS - 1);
  }

  /**
   * Features per customer with at least one interaction in the window.
   *
   * @param interactions silver interactions; rows outside the window are ignored
   */
  public static Dataset<Row> features(Dataset<Row> interactions, LocalDate asOf) {
    Column asOfDate = lit(java.sql.Date.valueOf(asOf));
    Dataset<Row> window =
        interactions.filter(
            col(EVENT_DATE).between(lit(java.sql.Date.valueOf(windowStart(asOf))), asOfDate));
    Column daysAgo = datediff(asOfDate, col(EVENT_DATE));
    Column in7 = daysAgo.lt(7);
    Column in30 = daysAgo.lt(30);
    Column returned = coalesce(col(IS_RETURNED), lit(false));

    Dataset<Row> activity =
        window
            .groupBy(col(CUSTOMER_ID))
            .agg(
                max(col(EVENT_DATE)).as("_last_date"),
                count(lit(1)).as(EVENTS_90D),
                sum(when(ORDER, 1).otherwise(0)).cast("int").as(ORDERS_90D),
                coalesce(sum(when(ORDER.and(not(returned)), col(REVENUE_USD))), lit(0))
                    .cast("decimal(16,2)")
                    .as(MONETARY_90D_USD),
                sum(when(ORDER.and(returned), 1).otherwise(0)).as("_returns"),
                sum(when(in7, col(SESSION_DURATION_SEC)).otherwise(0))
                    .cast("long")
                    .as(TIME_SPENT_7D_SEC),
                sum(when(in30, col(SESSION_DURATION_SEC)).otherwise(0))
                    .cast("long")
                    .as(TIME_SPENT_30D_SEC),
                coalesce(sum(col(SESSION_DURATION_SEC)), lit(0))
                    .cast("long")
                    .as(TIME_SPENT_90D_SEC),
                sum(when(col(EVENT_TYPE).equalTo(lit(Vocabulary.SUPPORT_CONTACT)), 1).otherwise(0))
                    .cast("int")
                    .as(SUPPORT_CONTACTS_90D),
                avg(when(in30, col(NPS_SCORE))).as(NPS_LAST_30D),
                avg(when(not(in30), col(NPS_SCORE))).as(NPS_PREVIOUS_60D))
            .withColumn(
                RETURN_RATE_90D,
                when(col(ORDERS_90D).gt(0), round(col("_returns").divide(col(ORDERS_90D)), 4)))
            .drop("_returns");

    Dataset<Row> sessions =
        window
            .filter(col(SESSION_ID).isNotNull())
            .groupBy(col(CUSTOMER_ID), col(SESSION_ID))
            .agg(max(col(EVENT_DATE)).as("_session_date"))
            .groupBy(col(CUSTOMER_ID).as("_session_customer"))
            .agg(
                sum(when(datediff(asOfDate, col("_session_date")).lt(7), 1).otherwise(0))
                    .cast("int")
                    .as(SESSIONS_7D),
                sum(when(datediff(asOfDate, col("_session_date")).lt(30), 1).otherwise(0))
                    .cast("int")
                    .as(SESSIONS_30D),
                count(lit(1)).cast("int").as(SESSIONS_90D));

    Dataset<Row> channels =
        window
            .groupBy(col(CUSTOMER_ID), col(CHANNEL))
            .agg(count(lit(1)).as("_events"))
            .groupBy(col(CUSTOMER_ID).as("_channel_customer"))
            // Most events; on a tie, the first channel in alphabetical order.
            .agg(
                min_by(col(CHANNEL), struct(negate(col("_events")), col(CHANNEL)))
                    .as(TOP_CHANNEL_90D));

    return activity
        .join(sessions, col(CUSTOMER_ID).equalTo(col("_session_customer")), "left_outer")
        .join(channels, col(CUSTOMER_ID).equalTo(col("_channel_customer")), "left_outer")
        .select(
            col(CUSTOMER_ID),
            col("_last_date").as(LAST_INTERACTION_DATE),
            col(EVENTS_90D),
            col(ORDERS_90D),
            col(MONETARY_90D_USD),
            coalesce(col(SESSIONS_7D), lit(0)).as(SESSIONS_7D),
            coalesce(col(SESSIONS_30D), lit(0)).as(SESSIONS_30D),
            coalesce(col(SESSIONS_90D), lit(0)).as(SESSIONS_90D),
            col(TIME_SPENT_7D_SEC),
            col(TIME_SPENT_30D_SEC),
            col(TIME_SPENT_90D_SEC),
            col(TOP_CHANNEL_90D),
            col(RETURN_RATE_90D),
            col(SUPPORT_CONTACTS_90D),
            round(col(NPS_LAST_30D), 2).as(NPS_LAST_30D),
            round(col(NPS_PREVIOUS_60D), 2).as(NPS_PREVIOUS_60D));
  }

  /**
   * Joins features to profiles (customers without interactions in the window get zeros), carries
   * the last interaction date forward from the previous silver row, and scores RFM.
   *
   * @param profiles current profiles, with {@code last_interaction_date} from the previous run
   *     (null for a new customer)
   */
  public static Dataset<Row> withFeatures(
      Dataset<Row> profiles, Dataset<Row> features, LocalDate asOf) {
    Column asOfDate = lit(java.sql.Date.valueOf(asOf));
    Dataset<Row> joined =
        profiles
            .join(
                features.withColumnRenamed(LAST_INTERACTION_DATE, "_window_last"),
                profiles.col(CUSTOMER_ID).equalTo(features.col(CUSTOMER_ID)),
                "left_outer")
            .drop(features.col(CUSTOMER_ID));
    Column last = greatest(col(LAST_INTERACTION_DATE), col("_window_last"));
    // Recency counts from the last interaction on or before the as-of date. A date carried from a
    // run with a later as-of is after it: then only the window's last date (never after as-of)
    // counts, and recency is unknown when the window has none, never negative.
    Column carriedUpToAsOf =
        when(col(LAST_INTERACTION_DATE).leq(asOfDate), col(LAST_INTERACTION_DATE));
    Column lastUpToAsOf = greatest(carriedUpToAsOf, col("_window_last"));
    Dataset<Row> filled =
        joined
            .withColumn(FEATURES_AS_OF, asOfDate)
            .withColumn(RECENCY_DAYS, datediff(asOfDate, lastUpToAsOf))
            .withColumn(LAST_INTERACTION_DATE, last)
            .withColumn(EVENTS_90D, coalesce(col(EVENTS_90D), lit(0L)))
            .withColumn(ORDERS_90D, coalesce(col(ORDERS_90D), lit(0)))
            .withColumn(
                MONETARY_90D_USD, coalesce(col(MONETARY_90D_USD), lit(0).cast("decimal(16,2)")))
            .withColumn(SESSIONS_7D, coalesce(col(SESSIONS_7D), lit(0)))
            .withColumn(SESSIONS_30D, coalesce(col(SESSIONS_30D), lit(0)))
            .withColumn(SESSIONS_90D, coalesce(col(SESSIONS_90D), lit(0)))
            .withColumn(TIME_SPENT_7D_SEC, coalesce(col(TIME_SPENT_7D_SEC), lit(0L)))
            .withColumn(TIME_SPENT_30D_SEC, coalesce(col(TIME_SPENT_30D_SEC), lit(0L)))
            .withColumn(TIME_SPENT_90D_SEC, coalesce(col(TIME_SPENT_90D_SEC), lit(0L)))
            .withColumn(SUPPORT_CONTACTS_90D, coalesce(col(SUPPORT_CONTACTS_90D), lit(0)))
            .withColumn(NPS_TREND, round(col(NPS_LAST_30D).minus(col(NPS_PREVIOUS_60D)), 2))
            .drop("_window_last");
    return Segmentation.withRfm(filled);
  }
}
