package io.c360.bench.silver;

import io.c360.bench.harness.Folders;
import io.c360.common.audit.AuditLog;
import io.c360.common.naming.Tables;
import io.c360.common.naming.Tables.Qualified;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The silver benchmark's warehouses: a session per warehouse, and the incremental's starting point
 * kept as snapshots to roll back to.
 */
final class Warehouses {
  /** Tables silver commits to, the audit table included. */
  private static final List<String> COMMITTED_TABLES =
      List.of(
          Qualified.SILVER_INTERACTIONS,
          Qualified.SILVER_CUSTOMERS,
          Qualified.SILVER_QUARANTINE,
          Qualified.AUDIT_SILVER_PROGRESS,
          AuditLog.TABLE);

  private Warehouses() {}

  /**
   * A session of its own (same SparkContext and settings) whose catalog keeps its tables in {@code
   * warehouse}: a fresh catalog, with nothing cached from another warehouse.
   */
  static SparkSession session(SparkSession base, Path warehouse) {
    SparkSession spark = base.newSession();
    spark.conf().set("spark.sql.catalog." + Tables.CATALOG + ".warehouse", Folders.uri(warehouse));
    return spark;
  }

  /** The current snapshot of each table silver commits to. */
  static Map<String, Long> currentSnapshots(SparkSession spark) {
    Map<String, Long> snapshots = new LinkedHashMap<>();
    for (String table : COMMITTED_TABLES) {
      snapshots.put(
          table,
          spark
              .sql(
                  "SELECT snapshot_id FROM "
                      + table
                      + ".history WHERE is_current_ancestor ORDER BY made_current_at DESC LIMIT 1")
              .first()
              .getLong(0));
    }
    return snapshots;
  }

  /** Sets each table back to {@code snapshots} (Iceberg's rollback: metadata only). */
  static void rollBack(SparkSession spark, Map<String, Long> snapshots) {
    Map<String, Long> current = currentSnapshots(spark);
    snapshots.forEach(
        (table, snapshot) -> {
          if (!snapshot.equals(current.get(table))) {
            String name = table.substring(table.indexOf('.') + 1);
            spark.sql(
                "CALL "
                    + Tables.CATALOG
                    + ".system.rollback_to_snapshot('"
                    + name
                    + "', "
                    + snapshot
                    + ")");
          }
        });
  }
}
