package io.c360.silver.validate;

import io.c360.silver.read.BronzeInventory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The batch's guarantees, checked before anything is committed:
 *
 * <ul>
 *   <li>nothing lost: rows read = accepted + quarantined + duplicates removed (re-deliveries
 *       included), per table and date, each counted on its own; no row without a date;
 *   <li>against the bronze manifest, for every date it covers: rows read equal the rows bronze
 *       wrote, rows quarantined per rule equal the defects injected per kind, duplicates removed
 *       within the date (re-deliveries on another date left out) equal the duplicate events
 *       injected, and repairs equal the repairable defects injected.
 * </ul>
 */
public final class Reconciliation {
  /** Repairs whose count must equal the manifest's (clean values never change). */
  public static final Map<String, String> EXACT_REPAIRS =
      Map.of(
          "nonstandard_state", io.c360.common.naming.Tables.BRONZE_CUSTOMERS,
          "nonstandard_country", io.c360.common.naming.Tables.BRONZE_CUSTOMERS,
          "noncanonical_channel", io.c360.common.naming.Tables.BRONZE_INTERACTIONS);

  private static final String DUPLICATE_EVENT = "duplicate_event";

  private Reconciliation() {}

  /** Mismatches, one readable line each; empty when everything reconciles. */
  public static List<String> check(
      BronzeInventory inventory, Map<String, BatchCounts> countsByTable, List<LocalDate> dates) {
    List<String> mismatches = new ArrayList<>();
    countsByTable.forEach(
        (table, counts) -> {
          counts
              .byDate()
              .forEach((date, values) -> checkAccounted(mismatches, table, date, values));
          if (!counts.undated().isEmpty()) {
            mismatches.add(
                String.format(
                    "%s: %d rows have no event_date (a null or __HIVE_DEFAULT_PARTITION__"
                        + " partition value), so no bronze date accounts for them",
                    table, counts.undated().getOrDefault(BatchCounts.ROWS, 0L)));
          }
        });
    for (LocalDate date : dates) {
      Optional<BronzeInventory.Manifest> manifest = inventory.manifest(date);
      if (manifest.isEmpty()) {
        continue;
      }
      for (Map.Entry<String, BatchCounts> entry : countsByTable.entrySet()) {
        String table = entry.getKey();
        BatchCounts counts = entry.getValue();
        Long expectedRows = manifest.get().rows().get(table);
        if (expectedRows == null) {
          continue;
        }
        compare(
            mismatches, table, date, "rows read", expectedRows, counts.on(date, BatchCounts.ROWS));
        Map<String, Long> defects = manifest.get().defects().getOrDefault(table, Map.of());
        for (Rule rule : Rule.values()) {
          if (rule.bronzeDefect() && defects.containsKey(rule.id())) {
            compare(
                mismatches,
                table,
                date,
                "quarantined by " + rule.id(),
                defects.get(rule.id()),
                counts.on(date, BatchCounts.rule(rule)));
          }
        }
        if (defects.containsKey(DUPLICATE_EVENT)) {
          // Bronze injects duplicates within a date; a re-delivery on another date is not one of
          // its defects, so it is left out here (and reported as redelivered).
          compare(
              mismatches,
              table,
              date,
              "duplicates removed within the date",
              defects.get(DUPLICATE_EVENT),
              counts.on(date, BatchCounts.DUPLICATES) - counts.on(date, BatchCounts.REDELIVERED));
        }
        EXACT_REPAIRS.forEach(
            (kind, kindTable) -> {
              if (kindTable.equals(table) && defects.containsKey(kind)) {
                compare(
                    mismatches,
                    table,
                    date,
                    "repaired " + kind,
                    defects.get(kind),
                    counts.on(date, BatchCounts.repaired(kind)));
              }
            });
      }
    }
    return mismatches;
  }

  private static void checkAccounted(
      List<String> mismatches, String table, LocalDate date, Map<String, Long> values) {
    long rows = values.getOrDefault(BatchCounts.ROWS, 0L);
    long accounted =
        values.getOrDefault(BatchCounts.ACCEPTED, 0L)
            + values.getOrDefault(BatchCounts.QUARANTINED, 0L)
            + values.getOrDefault(BatchCounts.DUPLICATES, 0L);
    if (accounted != rows) {
      mismatches.add(
          String.format("%s %s: %d rows read but %d accounted for", table, date, rows, accounted));
    }
  }

  private static void compare(
      List<String> mismatches,
      String table,
      LocalDate date,
      String what,
      long expected,
      long actual) {
    if (expected != actual) {
      mismatches.add(
          String.format("%s %s: %s %d, the manifest says %d", table, date, what, actual, expected));
    }
  }
}
