package io.c360.silver;

import io.c360.common.cli.JobFailure;
import io.c360.common.report.RunReport;
import io.c360.silver.read.BronzeInventory;
import io.c360.silver.validate.BatchCounts;
import io.c360.silver.validate.QualityGate;
import io.c360.silver.validate.Reconciliation;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The batch's guarantees, checked after the counts and before any commit: the counts go to the
 * report, the reconciliation with the bronze manifests and the summary are printed, then the
 * reconciliation and the data-quality gate must pass.
 */
final class CommitGate {
  private CommitGate() {}

  /**
   * @param counts per bronze table, in the order the summary lists them
   * @throws JobFailure of the data-quality category when the counts do not reconcile or the quality
   *     gate fails; nothing is committed then
   */
  static void check(
      RunReport report,
      BronzeInventory inventory,
      Batch batch,
      Map<String, BatchCounts> counts,
      double maxRejectRate) {
    counts.forEach(
        (table, tableCounts) ->
            tableCounts.totals().forEach((name, value) -> report.count(table + "." + name, value)));
    List<String> mismatches = Reconciliation.check(inventory, counts, batch.dates());
    List<LocalDate> withoutManifest = batch.withoutManifest(inventory);
    report.detail(
        "reconciliation",
        mismatches.isEmpty()
            ? SilverSummary.reportDetail(batch.dates(), withoutManifest)
            : String.join("; ", mismatches));
    System.out.println(SilverSummary.format(counts, mismatches, batch.dates(), withoutManifest));
    if (!mismatches.isEmpty()) {
      throw JobFailure.dataQuality(
          "Counts do not reconcile with bronze; nothing was committed:\n  "
              + String.join("\n  ", mismatches));
    }
    QualityGate.check(counts, maxRejectRate);
  }
}
