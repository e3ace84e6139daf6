package io.c360.gold.validate;

import io.c360.common.naming.Tables;
import io.c360.common.report.RunReport;
import io.c360.common.report.Steps;
import io.c360.gold.metrics.CustomerResults;
import io.c360.gold.metrics.DailyResults;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The gate before any commit that every gold value lies in its documented range ({@link
 * GoldRanges}). Silver's rules bound every input, so a violation is a bug of gold: the run fails
 * with exit code 1 (internal error), nothing committed, and the message names each table, column,
 * range and count of offending rows.
 */
public final class RangeGate {
  private RangeGate() {}

  /**
   * Checks the five computed tables as step {@code ranges}, and reports the outcome.
   *
   * @throws IllegalStateException (exit code 1) when a value is out of its documented range
   */
  public static void requireInRange(
      SparkSession spark, RunReport report, DailyResults daily, CustomerResults customers) {
    List<String> violations =
        Steps.run(
            spark,
            report,
            "ranges",
            "Check gold's values against their documented ranges",
            () -> {
              List<String> found = new ArrayList<>();
              found.addAll(GoldRanges.check(Tables.GOLD_DAILY_KPIS, daily.kpis()));
              found.addAll(GoldRanges.check(Tables.GOLD_REVENUE_BY_CHANNEL, daily.channels()));
              found.addAll(
                  GoldRanges.check(Tables.GOLD_CUSTOMER_ENGAGEMENT, customers.engagement()));
              found.addAll(GoldRanges.check(Tables.GOLD_CHURN_RISK, customers.churn()));
              found.addAll(GoldRanges.check(Tables.GOLD_SEGMENT_ENGAGEMENT, customers.segments()));
              return found;
            });
    report.detail(
        "ranges",
        violations.isEmpty()
            ? "ok: every value in its documented range"
            : String.join("; ", violations));
    if (!violations.isEmpty()) {
      throw new IllegalStateException(
          "Gold computed values outside their documented ranges (docs/GOLD.md) from validated"
              + " silver: a bug in gold-finalize, please report it with this message. Nothing was"
              + " committed.\n  "
              + String.join("\n  ", violations));
    }
  }
}
