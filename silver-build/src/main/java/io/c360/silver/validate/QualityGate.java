package io.c360.silver.validate;

import io.c360.common.cli.JobFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The data-quality gate: the share of a bronze table's rows that are quarantined must not exceed
 * the maximum reject rate. Checked per table over the whole batch, before any commit.
 */
public final class QualityGate {
  private QualityGate() {}

  /**
   * @throws JobFailure of the data-quality category, with the counts, when a table is above
   */
  public static void check(Map<String, BatchCounts> counts, double maxRejectRate) {
    List<String> failures = new ArrayList<>();
    counts.forEach(
        (table, tableCounts) -> {
          long rows = tableCounts.total(BatchCounts.ROWS);
          long quarantined = tableCounts.total(BatchCounts.QUARANTINED);
          double rate = rows == 0 ? 0.0 : (double) quarantined / rows;
          if (rate > maxRejectRate) {
            failures.add(
                String.format(
                    Locale.ROOT,
                    "%s: %d of %d rows quarantined (%.2f%%), above the maximum of %.2f%%",
                    table,
                    quarantined,
                    rows,
                    rate * 100,
                    maxRejectRate * 100));
          }
        });
    if (!failures.isEmpty()) {
      throw JobFailure.dataQuality(
          "Data-quality gate failed; nothing was committed:\n  "
              + String.join("\n  ", failures)
              + "\nInspect the rules in the summary above; raise --max-reject-rate only if this"
              + " bronze is expected to be this dirty.");
    }
  }
}
