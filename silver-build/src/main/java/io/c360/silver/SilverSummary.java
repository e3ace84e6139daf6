package io.c360.silver;

import io.c360.silver.validate.BatchCounts;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The human-readable summary a run prints: what was read, accepted, removed and quarantined. */
final class SilverSummary {
  private SilverSummary() {}

  /**
   * @param dates the batch's dates
   * @param withoutManifest those of {@code dates} no bronze manifest covers (processed with {@code
   *     --dates}): only the row accounting is checked on them
   */
  static String format(
      Map<String, BatchCounts> counts,
      List<String> mismatches,
      List<LocalDate> dates,
      List<LocalDate> withoutManifest) {
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
            ? "  reconciliation: " + reconciliation(dates, withoutManifest)
            : "  reconciliation FAILED:\n    " + String.join("\n    ", mismatches));
    return text.toString();
  }

  /**
   * What a passed reconciliation checked: the row accounting on every date, and the manifests'
   * counts only on the dates a manifest covers; the dates none covers are named.
   */
  static String reconciliation(List<LocalDate> dates, List<LocalDate> withoutManifest) {
    String accounting = "read = accepted + quarantined + duplicates";
    if (withoutManifest.isEmpty()) {
      return accounting + "; per-rule counts match the bronze manifests";
    }
    String uncovered = "no bronze manifest covers " + list(withoutManifest);
    if (withoutManifest.size() == dates.size()) {
      return accounting + "; " + uncovered + ", so no count was checked against a manifest";
    }
    return accounting
        + "; per-rule counts match the bronze manifests on the other dates; "
        + uncovered
        + ", only the accounting was checked there";
  }

  /** The run report's {@code reconciliation} detail of a passed reconciliation. */
  static String reportDetail(List<LocalDate> dates, List<LocalDate> withoutManifest) {
    if (withoutManifest.isEmpty()) {
      return "ok: counts match the bronze manifests";
    }
    return "ok: " + reconciliation(dates, withoutManifest);
  }

  private static String list(List<LocalDate> dates) {
    if (dates.size() <= 5) {
      return String.join(", ", dates.stream().map(LocalDate::toString).toList());
    }
    return dates.get(0) + ", ..., " + dates.get(dates.size() - 1);
  }
}
