package io.c360.gold.report;

import static io.c360.common.naming.BronzeColumns.CHANNEL;
import static io.c360.common.naming.BronzeColumns.EVENT_DATE;
import static io.c360.common.naming.GoldColumns.*;
import static io.c360.common.naming.SilverColumns.VALUE_SEGMENT;
import static org.apache.spark.sql.functions.*;

import io.c360.common.naming.Tables.Qualified;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What the on-screen summary and the HTML report show, read from the committed gold tables (never
 * from the job's intermediate results, so both show what a BI user will query).
 */
public record GoldSnapshot(
    List<Day> days,
    List<Channel> channels,
    List<Band> bands,
    List<Driver> drivers,
    List<Segment> segments,
    Optional<LocalDate> asOf) {
  /** Days shown at most (the latest ones). */
  public static final int MAX_DAYS = 90;

  public record Day(
      LocalDate date,
      long activeCustomers,
      long orders,
      BigDecimal revenueUsd,
      BigDecimal avgOrderValueUsd,
      Double conversionRate,
      Double nps) {}

  public record Channel(String channel, long orders, BigDecimal revenueUsd, double share) {}

  public record Band(String band, long customers, double share, double avgScore) {}

  public record Driver(String driver, long customers) {}

  public record Segment(
      String segment,
      long customers,
      double avgEngagement,
      double highShare,
      Double avgChurnRisk) {}

  public GoldSnapshot {
    days = List.copyOf(days);
    channels = List.copyOf(channels);
    bands = List.copyOf(bands);
    drivers = List.copyOf(drivers);
    segments = List.copyOf(segments);
  }

  public static GoldSnapshot read(SparkSession spark) {
    List<Day> days =
        spark
            .table(Qualified.GOLD_DAILY_KPIS)
            .orderBy(col(EVENT_DATE).desc())
            .limit(MAX_DAYS)
            .select(
                col(EVENT_DATE),
                col(ACTIVE_CUSTOMERS),
                col(ORDERS),
                col(REVENUE_USD),
                col(AVG_ORDER_VALUE_USD),
                col(CONVERSION_RATE),
                col(NPS))
            .collectAsList()
            .stream()
            .map(
                r ->
                    new Day(
                        r.getDate(0).toLocalDate(),
                        r.getLong(1),
                        r.getLong(2),
                        r.getDecimal(3),
                        r.getDecimal(4),
                        nullableDouble(r, 5),
                        nullableDouble(r, 6)))
            .sorted(java.util.Comparator.comparing(Day::date))
            .toList();
    LocalDate first = days.isEmpty() ? null : days.get(0).date();
    List<Row> channelRows =
        first == null
            ? List.of()
            : spark
                .table(Qualified.GOLD_REVENUE_BY_CHANNEL)
                .filter(col(EVENT_DATE).geq(lit(java.sql.Date.valueOf(first))))
                .groupBy(col(CHANNEL))
                .agg(sum(col(ORDERS)).as(ORDERS), sum(col(REVENUE_USD)).as(REVENUE_USD))
                .orderBy(col(REVENUE_USD).desc(), col(CHANNEL))
                .collectAsList();
    BigDecimal total =
        channelRows.stream().map(r -> r.getDecimal(2)).reduce(BigDecimal.ZERO, BigDecimal::add);
    List<Channel> channels =
        channelRows.stream()
            .map(
                r ->
                    new Channel(
                        r.getString(0),
                        r.getLong(1),
                        r.getDecimal(2),
                        total.signum() == 0
                            ? 0
                            : r.getDecimal(2).doubleValue() / total.doubleValue()))
            .toList();
    List<Row> bandRows =
        spark
            .table(Qualified.GOLD_CHURN_RISK)
            .groupBy(col(RISK_BAND))
            .agg(count(lit(1)).as(CUSTOMERS), avg(col(CHURN_RISK_SCORE)).as("_avg"))
            .collectAsList();
    long scored = bandRows.stream().mapToLong(r -> r.getLong(1)).sum();
    List<Band> bands =
        List.of("high", "medium", "low").stream()
            .map(
                band ->
                    bandRows.stream()
                        .filter(r -> band.equals(r.getString(0)))
                        .findFirst()
                        .map(
                            r ->
                                new Band(
                                    band,
                                    r.getLong(1),
                                    scored == 0 ? 0 : (double) r.getLong(1) / scored,
                                    r.getDouble(2)))
                        .orElse(new Band(band, 0, 0, 0)))
            .toList();
    List<Driver> drivers =
        spark
            .table(Qualified.GOLD_CHURN_RISK)
            .filter(col(RISK_BAND).isin("high", "medium"))
            .select(explode(col(MAIN_DRIVERS)).as("_driver"))
            .groupBy(col("_driver"))
            .agg(count(lit(1)).as(CUSTOMERS))
            .orderBy(col(CUSTOMERS).desc(), col("_driver"))
            .collectAsList()
            .stream()
            .map(r -> new Driver(r.getString(0), r.getLong(1)))
            .toList();
    List<Segment> segments =
        spark
            .table(Qualified.GOLD_SEGMENT_ENGAGEMENT)
            .orderBy(col(CUSTOMERS).desc(), col(VALUE_SEGMENT))
            .select(
                col(VALUE_SEGMENT),
                col(CUSTOMERS),
                col(AVG_ENGAGEMENT_SCORE),
                col(HIGH_ENGAGEMENT_SHARE),
                col(AVG_CHURN_RISK))
            .collectAsList()
            .stream()
            .map(
                r ->
                    new Segment(
                        r.getString(0),
                        r.getLong(1),
                        r.getDouble(2),
                        r.getDouble(3),
                        nullableDouble(r, 4)))
            .toList();
    Optional<LocalDate> asOf =
        spark.table(Qualified.GOLD_CHURN_RISK).select(max(col(AS_OF_DATE))).collectAsList().stream()
            .filter(r -> !r.isNullAt(0))
            .map(r -> r.getDate(0).toLocalDate())
            .findFirst();
    return new GoldSnapshot(days, channels, bands, drivers, segments, asOf);
  }

  private static Double nullableDouble(Row row, int index) {
    return row.isNullAt(index) ? null : row.getDouble(index);
  }
}
