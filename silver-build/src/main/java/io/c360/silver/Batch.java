package io.c360.silver;

import static io.c360.common.naming.SilverColumns.*;

import io.c360.common.cli.DateRange;
import io.c360.common.cli.JobFailure;
import io.c360.common.naming.BronzeColumns;
import io.c360.common.naming.Tables.Qualified;
import io.c360.silver.read.BronzeInventory;
import io.c360.silver.read.BronzeManifests;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The bronze dates one run processes. By default: every date covered by a bronze manifest (its
 * window is complete) whose partitions are new or changed since they were last processed, by the
 * fingerprint of their files; with {@code --dates}, every bronze date in the range.
 */
record Batch(
    List<LocalDate> dates,
    Map<String, List<BronzeInventory.Partition>> partitionsByTable,
    Map<LocalDate, String> skipped) {
  static Batch choose(SparkSession spark, BronzeInventory inventory, SilverOptions options) {
    List<LocalDate> dates = new ArrayList<>();
    Map<LocalDate, String> skipped = new LinkedHashMap<>();
    if (options.dates().isPresent()) {
      DateRange range = options.dates().get();
      inventory.dates().stream().filter(range::contains).forEach(dates::add);
      if (dates.isEmpty()) {
        throw JobFailure.usage(
            "Cannot build silver for --dates "
                + range
                + ": bronze under "
                + inventory.root()
                + " has no partition in that range (it has "
                + describe(inventory.dates())
                + ").");
      }
      requireNoCorruptManifest(inventory, dates);
    } else {
      Map<String, String> processed = processedFingerprints(spark);
      List<LocalDate> blocked = new ArrayList<>();
      for (LocalDate date : inventory.dates()) {
        boolean changed =
            BronzeInventory.TABLES.stream()
                .map(table -> inventory.partitions(table).get(date))
                .filter(java.util.Objects::nonNull)
                .anyMatch(p -> !p.fingerprint().equals(processed.get(key(p.table(), date))));
        if (!inventory.manifests().corruptClaiming(date).isEmpty()) {
          if (changed) {
            blocked.add(date);
          } else {
            skipped.put(date, "processed and unchanged, but a corrupt bronze manifest claims it");
          }
          continue;
        }
        if (inventory.manifest(date).isEmpty()) {
          skipped.put(
              date,
              "no bronze manifest covers it (window incomplete, or not written by bronze-ingest);"
                  + " pass --dates to process it anyway");
          continue;
        }
        if (changed) {
          dates.add(date);
        }
      }
      requireNoCorruptManifest(inventory, blocked);
    }
    Map<String, List<BronzeInventory.Partition>> partitions = new LinkedHashMap<>();
    for (String table : BronzeInventory.TABLES) {
      partitions.put(
          table,
          dates.stream()
              .map(date -> inventory.partitions(table).get(date))
              .filter(java.util.Objects::nonNull)
              .toList());
    }
    return new Batch(List.copyOf(dates), partitions, skipped);
  }

  /** The batch's dates no manifest covers: their counts are checked only against each other. */
  List<LocalDate> withoutManifest(BronzeInventory inventory) {
    return dates.stream().filter(date -> inventory.manifest(date).isEmpty()).toList();
  }

  /**
   * @throws JobFailure of the data-quality category when a corrupt manifest claims one of {@code
   *     dates}: its counts cannot be checked, and it may be a window half rewritten
   */
  private static void requireNoCorruptManifest(BronzeInventory inventory, List<LocalDate> dates) {
    Set<BronzeManifests.Corrupt> corrupt = new LinkedHashSet<>();
    List<LocalDate> claimed = new ArrayList<>();
    for (LocalDate date : dates) {
      List<BronzeManifests.Corrupt> claiming = inventory.manifests().corruptClaiming(date);
      if (!claiming.isEmpty()) {
        corrupt.addAll(claiming);
        claimed.add(date);
      }
    }
    if (corrupt.isEmpty()) {
      return;
    }
    throw JobFailure.dataQuality(
        "Cannot build silver for "
            + describe(claimed)
            + ": the bronze manifest(s) claiming "
            + (claimed.size() == 1 ? "it" : "them")
            + " cannot be read:\n  "
            + String.join("\n  ", corrupt.stream().map(BronzeManifests.Corrupt::describe).toList())
            + "\nNothing was read or committed. Regenerate the window with bronze-ingest, or"
            + " restore the manifest; other dates can be processed with --dates.");
  }

  List<BronzeInventory.Partition> partitions(String table) {
    return partitionsByTable.getOrDefault(table, List.of());
  }

  /** The batch's last date; the batch has at least one. */
  LocalDate lastDate() {
    return dates.get(dates.size() - 1);
  }

  /** The dates as SQL date values, for filters. */
  Object[] dateValues() {
    return dateValues(dates);
  }

  /** {@code dates} as SQL date values, for filters. */
  static Object[] dateValues(List<LocalDate> dates) {
    return dates.stream().map(java.sql.Date::valueOf).toArray();
  }

  private static Map<String, String> processedFingerprints(SparkSession spark) {
    Map<String, String> fingerprints = new HashMap<>();
    for (Row row :
        spark
            .table(Qualified.AUDIT_SILVER_PROGRESS)
            .select(SOURCE_TABLE, BronzeColumns.EVENT_DATE, FINGERPRINT)
            .collectAsList()) {
      fingerprints.put(key(row.getString(0), row.getDate(1).toLocalDate()), row.getString(2));
    }
    return fingerprints;
  }

  private static String key(String table, LocalDate date) {
    return table + "/" + date;
  }

  private static String describe(List<LocalDate> dates) {
    if (dates.isEmpty()) {
      return "no partitions at all";
    }
    return dates.get(0) + ".." + dates.get(dates.size() - 1);
  }
}
