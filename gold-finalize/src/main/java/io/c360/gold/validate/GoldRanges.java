package io.c360.gold.validate;

import static io.c360.common.naming.GoldColumns.*;
import static org.apache.spark.sql.functions.*;

import io.c360.common.naming.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The documented ranges of gold's columns (docs/GOLD.md), asserted on the computed tables before
 * anything is committed. Silver validates every input column's domain, so a value out of its range
 * here is a bug in gold's formulas, not bad input: {@link #check} lists the violations and the gate
 * fails the run with exit code 1 (internal error), naming table, column, range and count.
 */
public final class GoldRanges {
  /** No upper bound. */
  private static final double ANY = Double.MAX_VALUE;

  /** A closed range of one column; null values are allowed (documented as "null when ..."). */
  public record Range(String column, double min, double max) {
    Column outside() {
      return col(column).lt(min).or(col(column).gt(max));
    }

    /** The bounds as documented, e.g. {@code 0..100}, or {@code >= 0} without an upper one. */
    public String bounds() {
      return max == ANY ? ">= " + format(min) : format(min) + ".." + format(max);
    }

    private static String format(double value) {
      return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
  }

  /** Per gold table, its ranges. */
  public static final Map<String, List<Range>> RANGES = ranges();

  private GoldRanges() {}

  private static Map<String, List<Range>> ranges() {
    Map<String, List<Range>> ranges = new LinkedHashMap<>();
    ranges.put(
        Tables.GOLD_DAILY_KPIS,
        List.of(
            new Range(ACTIVE_CUSTOMERS, 0, ANY),
            new Range(NEW_CUSTOMERS, 0, ANY),
            new Range(SESSIONS, 0, ANY),
            new Range(ORDERS, 0, ANY),
            new Range(REVENUE_USD, 0, ANY),
            new Range(AVG_ORDER_VALUE_USD, 0, ANY),
            new Range(BUYERS, 0, ANY),
            new Range(CONVERSION_RATE, 0, 1),
            new Range(RETURNED_ORDERS, 0, ANY),
            new Range(RETURN_RATE, 0, 1),
            new Range(SUPPORT_CONTACTS, 0, ANY),
            new Range(NPS_RESPONSES, 0, ANY),
            new Range(NPS, -100, 100)));
    ranges.put(
        Tables.GOLD_REVENUE_BY_CHANNEL,
        List.of(
            new Range(ORDERS, 0, ANY),
            new Range(REVENUE_USD, 0, ANY),
            new Range(REVENUE_SHARE, 0, 1)));
    ranges.put(
        Tables.GOLD_CUSTOMER_ENGAGEMENT,
        List.of(
            new Range(DAYS_SINCE_LAST_ACTIVE, 0, ANY),
            new Range(ACTIVE_DAYS_30D, 0, 30),
            new Range(SESSIONS_30D, 0, ANY),
            new Range(MINUTES_30D, 0, ANY),
            new Range(CHANNELS_90D, 0, 6),
            new Range(EMAIL_ENGAGEMENTS_30D, 0, ANY),
            new Range(RECENCY_SCORE, 0, 1),
            new Range(FREQUENCY_SCORE, 0, 1),
            new Range(SESSION_SCORE, 0, 1),
            new Range(TIME_SCORE, 0, 1),
            new Range(BREADTH_SCORE, 0, 1),
            new Range(EMAIL_SCORE, 0, 1),
            new Range(ENGAGEMENT_SCORE, 0, 100)));
    ranges.put(
        Tables.GOLD_CHURN_RISK,
        List.of(
            new Range(INACTIVITY_RISK, 0, 1),
            new Range(FREQUENCY_DECLINE_RISK, 0, 1),
            new Range(SUPPORT_RISK, 0, 1),
            new Range(NPS_RISK, 0, 1),
            new Range(RETURNS_RISK, 0, 1),
            new Range(CHURN_RISK_SCORE, 0, 1)));
    ranges.put(
        Tables.GOLD_SEGMENT_ENGAGEMENT,
        List.of(
            new Range(CUSTOMERS, 0, ANY),
            new Range(AVG_ENGAGEMENT_SCORE, 0, 100),
            new Range(HIGH_ENGAGEMENT_SHARE, 0, 1),
            new Range(LOW_ENGAGEMENT_SHARE, 0, 1),
            new Range(AVG_CHURN_RISK, 0, 1)));
    return ranges;
  }

  /**
   * The violations of {@code table}'s ranges in {@code rows}, one readable line per column with
   * values out of range ({@code gold.<table>.<column>: N rows outside min..max (e.g. value)});
   * empty when every value is in range. One aggregation over the rows.
   */
  public static List<String> check(String table, Dataset<Row> rows) {
    List<Range> ranges = RANGES.get(table);
    if (ranges == null) {
      throw new IllegalArgumentException("No documented ranges for gold table " + table);
    }
    return check(table, rows, ranges);
  }

  /** {@link #check(String, Dataset)} for the given ranges of {@code table}. */
  static List<String> check(String table, Dataset<Row> rows, List<Range> ranges) {
    List<Column> aggregates = new ArrayList<>();
    for (Range range : ranges) {
      Column outside = coalesce(range.outside(), lit(false));
      aggregates.add(sum(when(outside, 1L).otherwise(0L)));
      aggregates.add(first(when(outside, col(range.column()).cast("string")), true));
    }
    Row counts =
        rows.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
            .first();
    List<String> violations = new ArrayList<>();
    for (int i = 0; i < ranges.size(); i++) {
      long outside = counts.isNullAt(2 * i) ? 0 : counts.getLong(2 * i);
      if (outside > 0) {
        violations.add(
            String.format(
                "%s.%s.%s: %d rows not %s (e.g. %s)",
                Tables.GOLD_NAMESPACE,
                table,
                ranges.get(i).column(),
                outside,
                ranges.get(i).bounds(),
                counts.getString(2 * i + 1)));
      }
    }
    return violations;
  }
}
