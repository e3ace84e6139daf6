package io.c360.ops.maintenance;

import static java.util.Objects.requireNonNull;

import io.c360.common.cli.CatalogSettings;
import io.c360.common.cli.JobOptions;
import io.c360.common.session.SessionSettings;
import java.time.Duration;
import java.util.Map;

/**
 * Validated options of one table-maintenance run.
 *
 * @param catalog where the job runs and its catalog
 * @param snapshotRetention snapshots younger than this are kept
 * @param retainLast snapshots kept per table regardless of age
 * @param orphanRetention unreferenced files younger than this are kept
 * @param targetFileSizeBytes compaction's target data file size
 */
public record MaintenanceOptions(
    CatalogSettings catalog,
    Duration snapshotRetention,
    int retainLast,
    Duration orphanRetention,
    long targetFileSizeBytes)
    implements JobOptions {
  public MaintenanceOptions {
    requireNonNull(catalog, "catalog is null");
    requireNonNull(snapshotRetention, "snapshotRetention is null");
    requireNonNull(orphanRetention, "orphanRetention is null");
  }

  @Override
  public SessionSettings sessionSettings(String appName) {
    return catalog.sessionSettings(appName, catalog.warehouseOnS3a());
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> parameters = catalog.parameters();
    parameters.put("snapshot_retention_hours", snapshotRetention.toHours());
    parameters.put("retain_last", retainLast);
    parameters.put("orphan_retention_hours", orphanRetention.toHours());
    parameters.put("target_file_size_bytes", targetFileSizeBytes);
    return parameters;
  }
}
