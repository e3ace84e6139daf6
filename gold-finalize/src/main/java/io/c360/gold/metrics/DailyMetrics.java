package io.c360.gold.metrics;

import static io.c360.common.naming.BronzeColumns.CHANNEL;
import static io.c360.common.naming.BronzeColumns.CUSTOMER_ID;
import static io.c360.common.naming.BronzeColumns.EVENT_DATE;
import static io.c360.common.naming.BronzeColumns.EVENT_TYPE;
import static io.c360.common.naming.BronzeColumns.NPS_SCORE;
import static io.c360.common.naming.BronzeColumns.SESSION_ID;
import static io.c360.common.naming.BronzeColumns.SIGNUP_DATE;
import static io.c360.common.naming.GoldColumns.*;
import static org.apache.spark.sql.functions.*;

import io.c360.common.metrics.Orders;
import io.c360.common.naming.SilverColumns;
import io.c360.common.naming.Vocabulary;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The daily gold tables, {@code daily_kpis} and {@code revenue_by_channel}, from silver rows of the
 * dates to recompute. Pure: the caller chooses the dates by filtering the input. Definitions:
 * docs/GOLD.md.
 *
 * <p>Distinct counts are computed by grouping in levels (customer and day, then day) with small
 * per-customer sets rather than with several {@code COUNT(DISTINCT)}s, which Spark would plan as an
 * {@code Expand} that multiplies the input rows by the number of distinct aggregates before the
 * shuffle.
 */
public final class DailyMetrics {
  static final String MONEY = "decimal(18,2)";

  private DailyMetrics() {}

  /**
   * One row per date present in {@code interactions}: the columns of gold.daily_kpis, without
   * lineage.
   *
   * @param interactions silver.interactions rows of the dates to compute
   * @param customers silver.customers (its {@code signup_date} gives new customers)
   */
  public static Dataset<Row> dailyKpis(Dataset<Row> interactions, Dataset<Row> customers) {
    Column order = Orders.isOrder();
    Column nps = col(NPS_SCORE);
    // The distinct counts (customers, buyers, sessions) in levels that carry only what they count:
    // level 1 one row per customer, day and session, level 2 per customer and day, level 3 per
    // day. Only ordinary (declarative) aggregates, so every level is a code-generated hash
    // aggregation: a collect_set would be planned as an ObjectHashAggregate, which falls back to
    // sorting past 128 keys per task (spark.sql.objectHashAggregate.sortBased.fallbackThreshold,
    // Spark's SQLConf). The rows are shuffled once, by customer: every level groups by a superset
    // of customer_id, so none needs another exchange (Spark's EnsureRequirements: a hash
    // partitioning on customer_id satisfies a clustered distribution on any key that contains it).
    Dataset<Row> distinctCounts =
        byCustomer(interactions)
            .groupBy(col(EVENT_DATE), col(CUSTOMER_ID), col(SESSION_ID))
            .agg(max(when(order, 1).otherwise(0)).as("_bought"))
            .groupBy(col(EVENT_DATE), col(CUSTOMER_ID))
            .agg(count(col(SESSION_ID)).as(SESSIONS), max(col("_bought")).as("_bought"))
            .groupBy(col(EVENT_DATE))
            .agg(
                count(col(CUSTOMER_ID)).as(ACTIVE_CUSTOMERS),
                sum(col(SESSIONS)).as(SESSIONS),
                sum(col("_bought")).cast("long").as(BUYERS));
    // The additive measures straight from the rows, per day: a few keys, so each task's partial
    // aggregation leaves one row per day. Revenue in whole cents as a long: exact, and no
    // BigDecimal arithmetic per row.
    Dataset<Row> additive =
        interactions
            .groupBy(col(EVENT_DATE).as("_sum_date"))
            .agg(
                sum(when(order, 1L).otherwise(0L)).as(ORDERS),
                dollars(coalesce(sum(when(order, cents(col(SilverColumns.REVENUE_USD)))), lit(0L)))
                    .as(REVENUE_USD),
                sum(when(Orders.isReturnedOrder(), 1L).otherwise(0L)).as(RETURNED_ORDERS),
                sum(when(col(EVENT_TYPE).equalTo(lit(Vocabulary.SUPPORT_CONTACT)), 1L)
                        .otherwise(0L))
                    .as(SUPPORT_CONTACTS),
                count(nps).as(NPS_RESPONSES),
                sum(when(nps.geq(9), 1L).otherwise(0L)).as("_promoters"),
                sum(when(nps.leq(6), 1L).otherwise(0L)).as("_detractors"));
    Dataset<Row> perDay =
        distinctCounts.join(additive, col(EVENT_DATE).equalTo(col("_sum_date")), "inner");
    Dataset<Row> signups =
        customers
            .filter(col(SIGNUP_DATE).isNotNull())
            .groupBy(col(SIGNUP_DATE).as("_signup_date"))
            .agg(count(lit(1)).as(NEW_CUSTOMERS));
    return perDay
        .join(signups, col(EVENT_DATE).equalTo(col("_signup_date")), "left")
        .select(
            col(EVENT_DATE),
            col(ACTIVE_CUSTOMERS),
            coalesce(col(NEW_CUSTOMERS), lit(0L)).as(NEW_CUSTOMERS),
            col(SESSIONS),
            col(ORDERS),
            col(REVENUE_USD),
            when(col(ORDERS).gt(0), round(col(REVENUE_USD).divide(col(ORDERS)), 2))
                .cast(MONEY)
                .as(AVG_ORDER_VALUE_USD),
            col(BUYERS),
            ratio(col(BUYERS), col(ACTIVE_CUSTOMERS), 4).as(CONVERSION_RATE),
            col(RETURNED_ORDERS),
            ratio(col(RETURNED_ORDERS), col(ORDERS), 4).as(RETURN_RATE),
            col(SUPPORT_CONTACTS),
            col(NPS_RESPONSES),
            ratio(col("_promoters").minus(col("_detractors")).multiply(100), col(NPS_RESPONSES), 1)
                .as(NPS));
  }

  /**
   * One row per date and channel, for every date of {@code dates} and every channel of the
   * vocabulary (zeros where a channel sold nothing): the columns of gold.revenue_by_channel,
   * without lineage. Spark sums the orders per date and channel (at most dates x channels rows);
   * the grid and the shares are completed on the driver ({@link #channelGrid}), which saves the
   * cross join, the join and the window's shuffles of a grid this small.
   */
  public static Dataset<Row> revenueByChannel(
      Dataset<Row> interactions, List<java.sql.Date> dates) {
    List<Row> sold =
        interactions
            .filter(Orders.isOrder())
            .groupBy(col(EVENT_DATE), col(CHANNEL))
            .agg(count(lit(1)).as(ORDERS), sum(cents(col(SilverColumns.REVENUE_USD))).as("_cents"))
            .collectAsList();
    return interactions.sparkSession().createDataFrame(channelGrid(sold, dates), CHANNEL_SCHEMA);
  }

  static final StructType CHANNEL_SCHEMA =
      new StructType()
          .add(EVENT_DATE, DataTypes.DateType)
          .add(CHANNEL, DataTypes.StringType)
          .add(ORDERS, DataTypes.LongType, false)
          .add(REVENUE_USD, DataTypes.createDecimalType(18, 2))
          .add(REVENUE_SHARE, DataTypes.DoubleType);

  /**
   * The rows of gold.revenue_by_channel from the orders and cents sold per (date, channel): every
   * date of {@code dates} times every channel, zeros where nothing sold, and each channel's share
   * of the day's revenue rounded as {@link #ratio} rounds it in Spark (the double quotient, half up
   * from its decimal representation: Spark's {@code Round} on a double, {@code
   * mathExpressions.scala}). Pure.
   *
   * @param sold rows of (event_date, channel, orders, cents); dates outside {@code dates} ignored
   */
  static List<Row> channelGrid(List<Row> sold, List<java.sql.Date> dates) {
    Map<java.sql.Date, Map<String, long[]>> byDate = new HashMap<>();
    for (Row row : sold) {
      byDate
          .computeIfAbsent(row.getDate(0), d -> new HashMap<>())
          .put(row.getString(1), new long[] {row.getLong(2), row.isNullAt(3) ? 0 : row.getLong(3)});
    }
    List<Row> rows = new ArrayList<>();
    for (java.sql.Date date : new TreeSet<>(dates)) {
      Map<String, long[]> channels = byDate.getOrDefault(date, Map.of());
      BigDecimal day = BigDecimal.ZERO;
      for (String channel : Vocabulary.CHANNELS) {
        day = day.add(BigDecimal.valueOf(channels.getOrDefault(channel, new long[2])[1], 2));
      }
      for (String channel : Vocabulary.CHANNELS) {
        long[] sums = channels.getOrDefault(channel, new long[2]);
        BigDecimal revenue = BigDecimal.valueOf(sums[1], 2);
        Double share =
            day.signum() > 0
                ? new BigDecimal(
                        Double.toString(revenue.doubleValue() / day.doubleValue()),
                        MathContext.DECIMAL128)
                    .setScale(4, RoundingMode.HALF_UP)
                    .doubleValue()
                : null;
        rows.add(RowFactory.create(date, channel, sums[0], revenue, share));
      }
    }
    return rows;
  }

  /**
   * The rows hash-partitioned by customer: one shuffle of the scanned rows, after which every
   * aggregation by a key that contains {@code customer_id} runs without another one.
   */
  static Dataset<Row> byCustomer(Dataset<Row> interactions) {
    return interactions.repartition(col(CUSTOMER_ID));
  }

  /** An amount with two decimals as whole cents: exact, summed as a long. */
  static Column cents(Column amount) {
    return amount.multiply(100).cast("long");
  }

  /** Whole cents back to an amount with two decimals. */
  static Column dollars(Column cents) {
    return cents.cast("decimal(20,0)").divide(100).cast(MONEY);
  }

  /** {@code numerator / denominator} rounded half up, null when the denominator is 0 or null. */
  static Column ratio(Column numerator, Column denominator, int scale) {
    return when(
        denominator.gt(0),
        round(numerator.cast("double").divide(denominator.cast("double")), scale));
  }
}
