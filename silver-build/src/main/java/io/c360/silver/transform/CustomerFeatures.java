package io.c360.silver.transform;

import static io.c360.common.naming.BronzeColumns.*;
import static io.c360.common.naming.SilverColumns.*;
import static org.apache.spark.sql.functions.*;

import io.c360.common.metrics.Orders;
import io.c360.common.naming.Vocabulary;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
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

  /** The channels in alphabetical order: the order of the top channel's tie-break. */
  private static final List<String> CHANNELS = Vocabulary.CHANNELS.stream().sorted().toList();

  private CustomerFeatures() {}

  /** The first date of the window that ends on {@code asOf}. */
  public static LocalDate windowStart(LocalDate asOf) {
    return asOf.minusDays(WINDOW_DAYS - 1);
  }

  /**
   * Features per customer with at least one interaction in the window, in one scan of the
   * interactions and no join: the events are first summed per customer and session (a session
   * counts in the window of its last event), then those sums per customer. Every sum is additive,
   * so the two levels give what one aggregation per feature gives; the averages carry their sum and
   * count. The top channel is counted over {@link Vocabulary#CHANNELS}, the only channels an
   * accepted interaction has (rule {@code unknown_channel}).
   *
   * @param interactions silver interactions; rows outside the window are ignored
   */
  public static Dataset<Row> features(Dataset<Row> interactions, LocalDate asOf) {
    Column asOfDate = lit(java.sql.Date.valueOf(asOf));
    Dataset<Row> window =
        interactions.filter(
            col(EVENT_DATE).between(lit(java.sql.Date.valueOf(windowStart(asOf))), asOfDate));
    Column in30 = datediff(asOfDate, col(EVENT_DATE)).lt(30);
    Column returned = coalesce(col(IS_RETURNED), lit(false));
    Column nps30 = when(in30, col(NPS_SCORE));
    Column nps60 = when(not(in30), col(NPS_SCORE));

    List<Column> perSession =
        new ArrayList<>(
            List.of(
                max(col(EVENT_DATE)).as("_last_date"),
                count(lit(1)).as("_events"),
                count(when(ORDER, 1)).as("_orders"),
                sum(when(ORDER.and(not(returned)), col(REVENUE_USD))).as("_monetary"),
                count(when(ORDER.and(returned), 1)).as("_returns"),
                sum(when(datediff(asOfDate, col(EVENT_DATE)).lt(7), col(SESSION_DURATION_SEC)))
                    .as("_time_7d"),
                sum(when(in30, col(SESSION_DURATION_SEC))).as("_time_30d"),
                sum(col(SESSION_DURATION_SEC)).as("_time_90d"),
                count(when(col(EVENT_TYPE).equalTo(lit(Vocabulary.SUPPORT_CONTACT)), 1))
                    .as("_support"),
                sum(nps30).as("_nps_30d_sum"),
                count(nps30).as("_nps_30d_n"),
                sum(nps60).as("_nps_60d_sum"),
                count(nps60).as("_nps_60d_n")));
    for (int i = 0; i < CHANNELS.size(); i++) {
      perSession.add(count(when(col(CHANNEL).equalTo(lit(CHANNELS.get(i))), 1)).as(channel(i)));
    }
    Dataset<Row> sessions =
        window
            .groupBy(col(CUSTOMER_ID), col(SESSION_ID))
            .agg(
                perSession.get(0), perSession.subList(1, perSession.size()).toArray(Column[]::new));

    Column sessionDaysAgo = datediff(asOfDate, col("_last_date"));
    Column isSession = col(SESSION_ID).isNotNull();
    List<Column> perCustomer =
        new ArrayList<>(
            List.of(
                max(col("_last_date")).as(LAST_INTERACTION_DATE),
                sum(col("_events")).as(EVENTS_90D),
                sum(col("_orders")).cast("int").as(ORDERS_90D),
                coalesce(sum(col("_monetary")), lit(0)).cast("decimal(16,2)").as(MONETARY_90D_USD),
                sum(col("_returns")).as("_returns"),
                count(when(isSession.and(sessionDaysAgo.lt(7)), 1)).cast("int").as(SESSIONS_7D),
                count(when(isSession.and(sessionDaysAgo.lt(30)), 1)).cast("int").as(SESSIONS_30D),
                count(col(SESSION_ID)).cast("int").as(SESSIONS_90D),
                coalesce(sum(col("_time_7d")), lit(0)).cast("long").as(TIME_SPENT_7D_SEC),
                coalesce(sum(col("_time_30d")), lit(0)).cast("long").as(TIME_SPENT_30D_SEC),
                coalesce(sum(col("_time_90d")), lit(0)).cast("long").as(TIME_SPENT_90D_SEC),
                sum(col("_support")).cast("int").as(SUPPORT_CONTACTS_90D),
                average("_nps_30d").as(NPS_LAST_30D),
                average("_nps_60d").as(NPS_PREVIOUS_60D)));
    for (int i = 0; i < CHANNELS.size(); i++) {
      perCustomer.add(sum(col(channel(i))).as(channel(i)));
    }
    return sessions
        .groupBy(col(CUSTOMER_ID))
        .agg(perCustomer.get(0), perCustomer.subList(1, perCustomer.size()).toArray(Column[]::new))
        .select(
            col(CUSTOMER_ID),
            col(LAST_INTERACTION_DATE),
            col(EVENTS_90D),
            col(ORDERS_90D),
            col(MONETARY_90D_USD),
            col(SESSIONS_7D),
            col(SESSIONS_30D),
            col(SESSIONS_90D),
            col(TIME_SPENT_7D_SEC),
            col(TIME_SPENT_30D_SEC),
            col(TIME_SPENT_90D_SEC),
            topChannel().as(TOP_CHANNEL_90D),
            when(col(ORDERS_90D).gt(0), round(col("_returns").divide(col(ORDERS_90D)), 4))
                .as(RETURN_RATE_90D),
            col(SUPPORT_CONTACTS_90D),
            round(col(NPS_LAST_30D), 2).as(NPS_LAST_30D),
            round(col(NPS_PREVIOUS_60D), 2).as(NPS_PREVIOUS_60D));
  }

  private static String channel(int index) {
    return "_channel_" + index;
  }

  /** The channel with the most events; on a tie, the first in alphabetical order. */
  private static Column topChannel() {
    Column most =
        greatest(
            IntStream.range(0, CHANNELS.size())
                .mapToObj(i -> col(channel(i)))
                .toArray(Column[]::new));
    Column top = null;
    for (int i = 0; i < CHANNELS.size(); i++) {
      Column isTop = most.gt(0).and(col(channel(i)).equalTo(most));
      top = top == null ? when(isTop, lit(CHANNELS.get(i))) : top.when(isTop, lit(CHANNELS.get(i)));
    }
    return top;
  }

  /** The average of the scores summed in {@code prefix_sum}, counted in {@code prefix_n}. */
  private static Column average(String prefix) {
    Column n = sum(col(prefix + "_n"));
    return when(n.gt(0), sum(col(prefix + "_sum")).cast("double").divide(n.cast("double")));
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
