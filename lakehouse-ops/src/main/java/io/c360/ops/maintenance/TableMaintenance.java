package io.c360.ops.maintenance;

import java.time.Instant;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.DeleteOrphanFiles;
import org.apache.iceberg.actions.RewriteDataFiles;
import org.apache.iceberg.actions.RewriteManifests;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.SparkSession;

/**
 * The four maintenance actions on one Iceberg table, in the order that keeps each one cheap and
 * safe: compact data files (new snapshot), rewrite manifests (new snapshot), expire snapshots older
 * than the retention (never the last {@code retainLast}), then remove files no remaining snapshot
 * references and older than the orphan retention. Each action is a no-op when there is nothing to
 * do, so the whole is idempotent.
 */
final class TableMaintenance {
  /** Compact a partition once it has this many files smaller than the target (Iceberg: 5). */
  static final String MIN_INPUT_FILES = "2";

  private TableMaintenance() {}

  /** What maintenance did to one table. */
  record Outcome(
      String table,
      long dataFilesBefore,
      long dataFilesAfter,
      int filesRewritten,
      int filesAdded,
      int manifestsRewritten,
      int snapshotsExpired,
      long orphansRemoved) {}

  static Outcome run(SparkSession spark, String name, Table table, MaintenanceOptions options) {
    SparkActions actions = SparkActions.get(spark);
    long before = dataFiles(table);

    int rewritten = 0;
    int added = 0;
    if (table.currentSnapshot() != null) {
      RewriteDataFiles.Result compaction =
          actions
              .rewriteDataFiles(table)
              .binPack()
              .option(
                  RewriteDataFiles.TARGET_FILE_SIZE_BYTES,
                  Long.toString(options.targetFileSizeBytes()))
              .option("min-input-files", MIN_INPUT_FILES)
              // Commit compacted groups as they finish: a failure late in a large table keeps
              // the work done so far.
              .option(RewriteDataFiles.PARTIAL_PROGRESS_ENABLED, "true")
              .execute();
      rewritten = compaction.rewrittenDataFilesCount();
      added = compaction.addedDataFilesCount();
    }

    int manifests = 0;
    table.refresh();
    Snapshot current = table.currentSnapshot();
    if (current != null && current.dataManifests(table.io()).size() > 1) {
      RewriteManifests.Result result = actions.rewriteManifests(table).execute();
      manifests = count(result.rewrittenManifests());
    }

    table.refresh();
    int snapshotsBeforeExpiry = count(table.snapshots());
    Instant now = Instant.now();
    actions
        .expireSnapshots(table)
        .expireOlderThan(now.minus(options.snapshotRetention()).toEpochMilli())
        .retainLast(options.retainLast())
        .execute();

    table.refresh();
    DeleteOrphanFiles.Result orphans =
        actions
            .deleteOrphanFiles(table)
            .olderThan(now.minus(options.orphanRetention()).toEpochMilli())
            .execute();

    table.refresh();
    return new Outcome(
        name,
        before,
        dataFiles(table),
        rewritten,
        added,
        manifests,
        snapshotsBeforeExpiry - count(table.snapshots()),
        count(orphans.orphanFileLocations()));
  }

  private static int count(Iterable<?> items) {
    int count = 0;
    for (Object ignored : items) {
      count++;
    }
    return count;
  }

  /** Data files of the current snapshot, from its summary (no manifest reads). */
  static long dataFiles(Table table) {
    Snapshot snapshot = table.currentSnapshot();
    if (snapshot == null) {
      return 0;
    }
    Map<String, String> summary = snapshot.summary();
    return Long.parseLong(summary.getOrDefault("total-data-files", "0"));
  }
}
