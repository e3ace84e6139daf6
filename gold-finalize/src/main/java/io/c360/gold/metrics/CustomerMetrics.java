package io.c360.gold.metrics;

import static io.c360.common.naming.BronzeColumns.CHANNEL;
import static io.c360.common.naming.BronzeColumns.CUSTOMER_ID;
import static io.c360.common.naming.BronzeColumns.EVENT_DATE;
import static io.c360.common.naming.BronzeColumns.EVENT_TYPE;
import static io.c360.common.naming.BronzeColumns.NPS_SCORE;
import static io.c360.common.naming.BronzeColumns.SESSION_DURATION_SEC;
import static io.c360.common.naming.BronzeColumns.SESSION_ID;
import static io.c360.common.naming.BronzeColumns.SIGNUP_DATE;
import static io.c360.common.naming.GoldColumns.*;
import static io.c360.common.naming.SilverColumns.VALUE_SEGMENT;
import static org.apache.spark.sql.functions.*;

import io.c360.common.metrics.Orders;
import io.c360.common.naming.Vocabulary;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Per-customer gold tables as of a date: {@code customer_engagement}, {@code churn_risk} and the
 * per-segment roll-up. Every score is a documented formula of behaviour in the 30 and 90 days
 * ending on the as-of date (docs/GOLD.md), so each value can be explained to a business user;
 * weights and thresholds are constants here, named once.
 */
public final class CustomerMetrics {
  /** Longest window, in days, the as-of date included. */
  public static final int WINDOW_DAYS = 90;

  static final double ENGAGEMENT_HIGH = 60;
  static final double ENGAGEMENT_MEDIUM = 30;
  static final double RISK_HIGH = 0.5;
  static final double RISK_MEDIUM = 0.25;
  static final double DRIVER_MIN_CONTRIBUTION = 0.05;

  /** Days without interactions at which inactivity is a full risk. */
  static final int INACTIVE_DAYS = 30;

  /** The recent window whose activity is compared with the days before it. */
  static final int RECENT_DAYS = 14;

  /** Fewest prior days (before the recent window) for a frequency comparison. */
  static final int MIN_PRIOR_DAYS = 7;

  /** Churn-risk drivers: column, weight, name shown in main_drivers. Weights sum to 1. */
  private static final String[][] DRIVERS = {
    {INACTIVITY_RISK, "0.35", "inactivity"},
    {FREQUENCY_DECLINE_RISK, "0.25", "declining_frequency"},
    {SUPPORT_RISK, "0.15", "support_contacts"},
    {NPS_RISK, "0.15", "low_nps"},
    {RETURNS_RISK, "0.10", "returns"},
  };

  /**
   * The type a component score (0 to 1, four decimals) is weighted in: exact decimal arithmetic, so
   * that a weighted sum ending in a 5 just past the published decimals (0.24995, 59.95) rounds half
   * up on every engine. In doubles it is 0.24994999... or 0.24995000...1 depending on the order of
   * the additions, and a band or level on a threshold would flip with it. Spark's {@code round} is
   * HALF_UP (functions.round, {@code Round} in mathExpressions.scala), exact on a decimal; decimal
   * times decimal keeps every digit (precision p1 + p2 + 1, scale s1 + s2: DecimalPrecision.scala).
   */
  private static final String COMPONENT = "decimal(5,4)";

  private CustomerMetrics() {}

  /**
   * Behaviour of each customer up to {@code asOf}: last active date over all history, and the
   * 30/90-day measures the scores need. Customers without interactions up to {@code asOf} get no
   * row; those without any in the 90-day window get a null {@code events_prior_14d_avg}.
   *
   * <p>One aggregation over the rows, shuffled once by customer (see {@link
   * DailyMetrics#byCustomer}): level 1 per customer and session (a session may span days, so its
   * distinct count needs this level), level 2 per customer. Distinct days and channels are counted
   * as bits of a {@code long} ({@code bit_or}, then {@code bit_count}): ordinary hash aggregates,
   * where sets would be an ObjectHashAggregate that sorts past 128 keys per task.
   */
  public static Dataset<Row> activity(
      Dataset<Row> interactions, LocalDate asOf, LocalDate historyStart) {
    Column asOfDate = lit(Date.valueOf(asOf));
    Column daysAgo = datediff(asOfDate, col(EVENT_DATE));
    Column in30 = daysAgo.lt(30);
    Column in14 = daysAgo.lt(RECENT_DAYS);
    Column in90 = daysAgo.lt(WINDOW_DAYS);
    long priorDays = priorDays(asOf, historyStart);
    Column email = col(EVENT_TYPE).isin(Vocabulary.EMAIL_OPEN, Vocabulary.EMAIL_CLICK);
    Dataset<Row> perSession =
        DailyMetrics.byCustomer(interactions.filter(col(EVENT_DATE).leq(asOfDate)))
            .groupBy(col(CUSTOMER_ID), col(SESSION_ID))
            .agg(
                max(col(EVENT_DATE)).as(LAST_ACTIVE_DATE),
                bit_or(when(in30, call_function("shiftleft", lit(1L), daysAgo)).otherwise(0L))
                    .as("_days30"),
                bit_or(when(in90, channelBit(col(CHANNEL))).otherwise(0L)).as("_channels90"),
                max(when(in30, 1).otherwise(0)).as("_in30"),
                sum(when(in30, col(SESSION_DURATION_SEC))).as("_seconds30"),
                countIf(in30.and(email)).as("_email30"),
                countIf(in14).as("_events14"),
                countIf(in90.and(not(in14))).as("_events_prior"),
                countIf(in90).as("_events90"),
                countIf(in90.and(col(EVENT_TYPE).equalTo(lit(Vocabulary.SUPPORT_CONTACT))))
                    .as("_support90"),
                countIf(in90.and(Orders.isOrder())).as("_orders"),
                countIf(in90.and(Orders.isReturnedOrder())).as("_returns"),
                sum(when(in90, col(NPS_SCORE))).as("_nps_sum"),
                count(when(in90, col(NPS_SCORE))).as("_nps_count"));
    Dataset<Row> perCustomer =
        perSession
            .groupBy(col(CUSTOMER_ID))
            .agg(
                max(col(LAST_ACTIVE_DATE)).as(LAST_ACTIVE_DATE),
                bit_count(bit_or(col("_days30"))).cast("int").as(ACTIVE_DAYS_30D),
                sum(when(col(SESSION_ID).isNotNull().and(col("_in30").equalTo(1)), 1).otherwise(0))
                    .cast("int")
                    .as(SESSIONS_30D),
                round(coalesce(sum(col("_seconds30")), lit(0L)).divide(60.0), 1).as(MINUTES_30D),
                bit_count(bit_or(col("_channels90"))).cast("int").as(CHANNELS_90D),
                sum(col("_email30")).cast("int").as(EMAIL_ENGAGEMENTS_30D),
                sum(col("_events14")).cast("int").as(EVENTS_LAST_14D),
                sum(col("_events_prior")).as("_events_prior"),
                sum(col("_events90")).as("_events90"),
                sum(col("_support90")).cast("int").as(SUPPORT_CONTACTS_90D),
                sum(col("_orders")).as("_orders"),
                sum(col("_returns")).as("_returns"),
                sum(col("_nps_sum")).as("_nps_sum"),
                sum(col("_nps_count")).as("_nps_count"));
    return perCustomer.select(
        col(CUSTOMER_ID),
        col(LAST_ACTIVE_DATE),
        col(ACTIVE_DAYS_30D),
        col(SESSIONS_30D),
        col(MINUTES_30D),
        col(CHANNELS_90D),
        col(EMAIL_ENGAGEMENTS_30D),
        col(EVENTS_LAST_14D),
        // Per 14 days over the prior days silver has; unknown with under a week of them, and for a
        // customer without interactions in the 90-day window.
        (priorDays < MIN_PRIOR_DAYS
                ? lit(null).cast("double")
                : when(
                    col("_events90").gt(0),
                    round(
                        col("_events_prior").multiply(RECENT_DAYS).divide((double) priorDays), 2)))
            .as(EVENTS_PRIOR_14D_AVG),
        col(SUPPORT_CONTACTS_90D),
        DailyMetrics.ratio(col("_nps_sum"), col("_nps_count"), 2).as(AVG_NPS_90D),
        coalesce(DailyMetrics.ratio(col("_returns"), col("_orders"), 4), lit(0.0))
            .as(RETURN_RATE_90D));
  }

  /** {@code 1} shifted by the channel's position in the vocabulary; any other channel: bit 62. */
  static Column channelBit(Column channel) {
    Column bit = when(channel.isNull(), lit(0L));
    for (int i = 0; i < Vocabulary.CHANNELS.size(); i++) {
      bit = bit.when(channel.equalTo(lit(Vocabulary.CHANNELS.get(i))), lit(1L << i));
    }
    return bit.otherwise(lit(1L << 62));
  }

  private static Column countIf(Column condition) {
    return sum(when(condition, 1L).otherwise(0L));
  }

  /**
   * Days of silver history in the prior window: from 90 days back (or the first date silver has, if
   * later) to the day before the recent window.
   */
  static long priorDays(LocalDate asOf, LocalDate historyStart) {
    LocalDate first = asOf.minusDays(WINDOW_DAYS - 1);
    if (historyStart.isAfter(first)) {
      first = historyStart;
    }
    LocalDate last = asOf.minusDays(RECENT_DAYS);
    return Math.max(0, java.time.temporal.ChronoUnit.DAYS.between(first, last) + 1);
  }

  /**
   * Every customer signed up by {@code asOf} (or without a signup date) with their activity;
   * customers never active get zeros and a null last active date.
   */
  public static Dataset<Row> population(
      Dataset<Row> customers, Dataset<Row> activity, LocalDate asOf) {
    Dataset<Row> eligible =
        customers
            .filter(col(SIGNUP_DATE).isNull().or(col(SIGNUP_DATE).leq(lit(Date.valueOf(asOf)))))
            .select(col(CUSTOMER_ID).as("_customer"), col(VALUE_SEGMENT));
    Dataset<Row> joined =
        eligible.join(activity, col("_customer").equalTo(activity.col(CUSTOMER_ID)), "left");
    return joined.select(
        col("_customer").as(CUSTOMER_ID),
        col(VALUE_SEGMENT),
        lit(Date.valueOf(asOf)).as(AS_OF_DATE),
        col(LAST_ACTIVE_DATE),
        datediff(lit(Date.valueOf(asOf)), col(LAST_ACTIVE_DATE)).as(DAYS_SINCE_LAST_ACTIVE),
        coalesce(col(ACTIVE_DAYS_30D), lit(0)).as(ACTIVE_DAYS_30D),
        coalesce(col(SESSIONS_30D), lit(0)).as(SESSIONS_30D),
        coalesce(col(MINUTES_30D), lit(0.0)).as(MINUTES_30D),
        coalesce(col(CHANNELS_90D), lit(0)).as(CHANNELS_90D),
        coalesce(col(EMAIL_ENGAGEMENTS_30D), lit(0)).as(EMAIL_ENGAGEMENTS_30D),
        coalesce(col(EVENTS_LAST_14D), lit(0)).as(EVENTS_LAST_14D),
        col(EVENTS_PRIOR_14D_AVG),
        coalesce(col(SUPPORT_CONTACTS_90D), lit(0)).as(SUPPORT_CONTACTS_90D),
        col(AVG_NPS_90D),
        coalesce(col(RETURN_RATE_90D), lit(0.0)).as(RETURN_RATE_90D));
  }

  /** The columns of gold.customer_engagement (without lineage) from {@link #population}. */
  public static Dataset<Row> engagement(Dataset<Row> population) {
    return engagementColumns(withEngagement(population));
  }

  /** {@code population} with the engagement components, score and level added. */
  static Dataset<Row> withEngagement(Dataset<Row> population) {
    Dataset<Row> scored =
        population
            .withColumn(
                RECENCY_SCORE,
                // greatest/least skip nulls: a customer never active is tested first.
                when(
                        col(DAYS_SINCE_LAST_ACTIVE).isNotNull(),
                        round(
                            greatest(
                                lit(0.0), lit(1.0).minus(col(DAYS_SINCE_LAST_ACTIVE).divide(90.0))),
                            4))
                    .otherwise(0.0))
            .withColumn(FREQUENCY_SCORE, capped(col(ACTIVE_DAYS_30D), 15))
            .withColumn(SESSION_SCORE, capped(col(SESSIONS_30D), 20))
            .withColumn(TIME_SCORE, capped(col(MINUTES_30D), 300))
            .withColumn(BREADTH_SCORE, capped(col(CHANNELS_90D), Vocabulary.CHANNELS.size()))
            .withColumn(EMAIL_SCORE, capped(col(EMAIL_ENGAGEMENTS_30D), 10));
    Column score =
        round(
                weighted(RECENCY_SCORE, "25")
                    .plus(weighted(FREQUENCY_SCORE, "25"))
                    .plus(weighted(SESSION_SCORE, "15"))
                    .plus(weighted(TIME_SCORE, "15"))
                    .plus(weighted(BREADTH_SCORE, "10"))
                    .plus(weighted(EMAIL_SCORE, "10")),
                1)
            .cast("double");
    return scored
        .withColumn(ENGAGEMENT_SCORE, score)
        .withColumn(
            ENGAGEMENT_LEVEL,
            when(col(ENGAGEMENT_SCORE).geq(ENGAGEMENT_HIGH), "high")
                .when(col(ENGAGEMENT_SCORE).geq(ENGAGEMENT_MEDIUM), "medium")
                .otherwise("low"));
  }

  /** The columns of gold.customer_engagement, in order, from {@link #scored}. */
  public static Dataset<Row> engagementColumns(Dataset<Row> scored) {
    return scored.select(
        col(CUSTOMER_ID),
        col(VALUE_SEGMENT),
        col(AS_OF_DATE),
        col(LAST_ACTIVE_DATE),
        col(DAYS_SINCE_LAST_ACTIVE),
        col(ACTIVE_DAYS_30D),
        col(SESSIONS_30D),
        col(MINUTES_30D),
        col(CHANNELS_90D),
        col(EMAIL_ENGAGEMENTS_30D),
        col(RECENCY_SCORE),
        col(FREQUENCY_SCORE),
        col(SESSION_SCORE),
        col(TIME_SCORE),
        col(BREADTH_SCORE),
        col(EMAIL_SCORE),
        col(ENGAGEMENT_SCORE),
        col(ENGAGEMENT_LEVEL));
  }

  /** The columns of gold.churn_risk (without lineage) from {@link #population}. */
  public static Dataset<Row> churnRisk(Dataset<Row> population) {
    return churnColumns(withChurnRisk(population));
  }

  /**
   * {@code population} with the engagement and the churn-risk columns both: one row per customer
   * from which the two customer tables and the segments are projections (one persisted dataset, and
   * no join of the two tables for the segments).
   */
  public static Dataset<Row> scored(Dataset<Row> population) {
    return withChurnRisk(withEngagement(population));
  }

  /** {@code population} with the churn drivers, score, band and main drivers added. */
  static Dataset<Row> withChurnRisk(Dataset<Row> population) {
    Column prior = col(EVENTS_PRIOR_14D_AVG);
    Dataset<Row> drivers =
        population
            .withColumn(
                INACTIVITY_RISK,
                coalesce(capped(col(DAYS_SINCE_LAST_ACTIVE), INACTIVE_DAYS), lit(1.0)))
            .withColumn(
                FREQUENCY_DECLINE_RISK,
                when(
                        prior.gt(0),
                        round(
                            greatest(
                                lit(0.0),
                                least(lit(1.0), prior.minus(col(EVENTS_LAST_14D)).divide(prior))),
                            4))
                    .otherwise(0.0))
            .withColumn(SUPPORT_RISK, capped(col(SUPPORT_CONTACTS_90D), 5))
            .withColumn(
                NPS_RISK,
                when(
                        col(AVG_NPS_90D).isNotNull(),
                        round(
                            greatest(
                                lit(0.0),
                                least(lit(1.0), lit(7.0).minus(col(AVG_NPS_90D)).divide(7.0))),
                            4))
                    .otherwise(0.0))
            .withColumn(RETURNS_RISK, round(col(RETURN_RATE_90D), 4));
    Column score = null;
    Column[] contributions = new Column[DRIVERS.length];
    for (int i = 0; i < DRIVERS.length; i++) {
      Column weighted = weighted(DRIVERS[i][0], DRIVERS[i][1]);
      score = score == null ? weighted : score.plus(weighted);
      contributions[i] =
          struct(round(weighted, 4).as("contribution"), lit(DRIVERS[i][2]).as("name"));
    }
    Column mainDrivers =
        transform(
            slice(
                sort_array(
                    filter(
                        array(contributions),
                        driver -> driver.getField("contribution").geq(DRIVER_MIN_CONTRIBUTION)),
                    false),
                1,
                3),
            driver -> driver.getField("name"));
    return drivers
        .withColumn(CHURN_RISK_SCORE, round(score, 4).cast("double"))
        .withColumn(
            RISK_BAND,
            when(col(CHURN_RISK_SCORE).geq(RISK_HIGH), "high")
                .when(col(CHURN_RISK_SCORE).geq(RISK_MEDIUM), "medium")
                .otherwise("low"))
        .withColumn(MAIN_DRIVERS, mainDrivers);
  }

  /** The columns of gold.churn_risk, in order, from {@link #scored}. */
  public static Dataset<Row> churnColumns(Dataset<Row> scored) {
    return scored.select(
        col(CUSTOMER_ID),
        col(VALUE_SEGMENT),
        col(AS_OF_DATE),
        col(DAYS_SINCE_LAST_ACTIVE),
        col(EVENTS_LAST_14D),
        col(EVENTS_PRIOR_14D_AVG),
        col(SUPPORT_CONTACTS_90D),
        col(AVG_NPS_90D),
        col(RETURN_RATE_90D),
        col(INACTIVITY_RISK),
        col(FREQUENCY_DECLINE_RISK),
        col(SUPPORT_RISK),
        col(NPS_RISK),
        col(RETURNS_RISK),
        col(CHURN_RISK_SCORE),
        col(RISK_BAND),
        col(MAIN_DRIVERS));
  }

  /** The columns of gold.segment_engagement (without lineage) from {@link #scored}. */
  public static Dataset<Row> segments(Dataset<Row> scored) {
    return scored
        .groupBy(coalesce(col(VALUE_SEGMENT), lit("unknown")).as(VALUE_SEGMENT), col(AS_OF_DATE))
        .agg(
            count(lit(1)).as(CUSTOMERS),
            round(avg(col(ENGAGEMENT_SCORE)), 1).as(AVG_ENGAGEMENT_SCORE),
            round(avg(when(col(ENGAGEMENT_LEVEL).equalTo("high"), 1.0).otherwise(0.0)), 4)
                .as(HIGH_ENGAGEMENT_SHARE),
            round(avg(when(col(ENGAGEMENT_LEVEL).equalTo("low"), 1.0).otherwise(0.0)), 4)
                .as(LOW_ENGAGEMENT_SHARE),
            round(avg(col(CHURN_RISK_SCORE)), 4).as(AVG_CHURN_RISK));
  }

  /** A component score times its weight, as exact decimals ({@link #COMPONENT}). */
  private static Column weighted(String component, String weight) {
    return col(component).cast(COMPONENT).multiply(lit(new BigDecimal(weight)));
  }

  /** {@code value / limit} rounded to 4 decimals and capped at 1 (null stays null). */
  private static Column capped(Column value, double limit) {
    // least() skips nulls, which would turn a missing value into 1.
    return when(value.isNotNull(), round(least(lit(1.0), value.cast("double").divide(limit)), 4));
  }
}
