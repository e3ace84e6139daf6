package io.c360.silver;

import io.c360.silver.validate.BatchCounts;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The human-readable summary a run prints: what was read, accepted, removed and quarantined. */
final class SilverSummary {
  private SilverSummary() {}

  static String format(
      Map<String, BatchCounts> counts, List<String> mismatches, List<LocalDate> dates) {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "silver-build: %d bronze date(s) %s%n",
            dates.size(),
            dates.isEmpty() ? "" : dates.get(0) + ".." + dates.get(dates.size() - 1)));
    text.append(
        String.format(
            Locale.ROOT,
            "  %-24s %12s %12s %12s %12s%n",
            "table",
            "read",
            "accepted",
            "quarantined",
            "duplicates"));
    counts.forEach(
        (table, tableCounts) ->
            text.append(
                String.format(
                    Locale.ROOT,
                    "  %-24s %,12d %,12d %,12d %,12d%n",
                    table,
                    tableCounts.total(BatchCounts.ROWS),
                    tableCounts.total(BatchCounts.ACCEPTED),
                    tableCounts.total(BatchCounts.QUARANTINED),
                    tableCounts.total(BatchCounts.DUPLICATES))));
    counts.forEach(
        (table, tableCounts) -> {
          StringBuilder rules = new StringBuilder();
          tableCounts
              .totals()
              .forEach(
                  (name, value) -> {
                    if ((name.startsWith("rule.") || name.startsWith("repaired.")) && value > 0) {
                      rules.append(String.format(Locale.ROOT, " %s=%,d", name, value));
                    }
                  });
          if (rules.length() > 0) {
            text.append("  ")
                .append(table)
                .append(':')
                .append(rules)
                .append(System.lineSeparator());
          }
        });
    text.append(
        mismatches.isEmpty()
            ? "  reconciliation: read = accepted + quarantined + duplicates; per-rule counts match the"
                + " bronze manifests"
            : "  reconciliation FAILED:\n    " + String.join("\n    ", mismatches));
    return text.toString();
  }
}
