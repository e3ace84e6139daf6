package io.c360.gold.validate;

import io.c360.common.cli.JobFailure;
import io.c360.common.naming.Tables;
import io.c360.common.report.RunReport;
import io.c360.common.report.Steps;
import io.c360.gold.metrics.DailyResults;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The gate before any commit: the daily tables' orders and revenue per day must equal silver's
 * ({@link GoldReconciliation}); otherwise the run fails with nothing committed.
 */
public final class ReconciliationGate {
  private ReconciliationGate() {}

  /**
   * Checks {@code daily} against {@code batch} as step {@code reconcile}, and reports the outcome.
   *
   * @param batch the silver interactions the daily tables were computed from
   * @param snapshotId the silver.interactions snapshot of {@code batch}, named in the failure
   * @throws JobFailure of category data quality when a date does not reconcile
   */
  public static void requireReconciled(
      SparkSession spark,
      RunReport report,
      Dataset<Row> batch,
      DailyResults daily,
      long snapshotId) {
    List<String> mismatches =
        Steps.run(
            spark,
            report,
            "reconcile",
            "Check orders and revenue per day against silver",
            () -> {
              Map<String, Map<LocalDate, GoldReconciliation.Totals>> gold = new LinkedHashMap<>();
              gold.put(Tables.GOLD_DAILY_KPIS, GoldReconciliation.goldTotals(daily.kpis()));
              gold.put(
                  Tables.GOLD_REVENUE_BY_CHANNEL, GoldReconciliation.goldTotals(daily.channels()));
              return GoldReconciliation.check(GoldReconciliation.silverTotals(batch), gold);
            });
    report.detail(
        "reconciliation",
        mismatches.isEmpty()
            ? "ok: orders and revenue match silver"
            : String.join("; ", mismatches));
    if (!mismatches.isEmpty()) {
      throw JobFailure.dataQuality(
          "Gold does not reconcile with silver.interactions (snapshot "
              + snapshotId
              + "); nothing was committed:\n  "
              + String.join("\n  ", mismatches));
    }
  }
}
