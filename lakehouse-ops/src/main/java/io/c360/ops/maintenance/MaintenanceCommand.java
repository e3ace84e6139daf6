package io.c360.ops.maintenance;

import io.c360.common.cli.CommonOptions;
import io.c360.common.cli.JobCommand;
import io.c360.common.cli.JobVersionProvider;
import io.c360.common.cli.OptionChecks;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Command-line options of table-maintenance; {@link #toOptions()} validates them all. */
@Command(
    name = "table-maintenance",
    mixinStandardHelpOptions = true,
    versionProvider = JobVersionProvider.class,
    sortOptions = false,
    description = {
      "Compacts small data files, rewrites manifests, expires old snapshots and removes",
      "orphan files in every silver, gold and audit table. Safe to re-run; query results",
      "are unchanged by it."
    })
public final class MaintenanceCommand implements JobCommand<MaintenanceOptions> {
  /** Below this, orphan removal could delete the files of a write still in progress. */
  static final int MIN_ORPHAN_RETENTION_HOURS = 24;

  @Mixin CommonOptions common = new CommonOptions();

  @Option(
      names = "--snapshot-retention-hours",
      defaultValue = "168",
      description =
          "Keep snapshots younger than this for time travel and rollback (default: ${DEFAULT-VALUE},"
              + " a week).")
  int snapshotRetentionHours;

  @Option(
      names = "--retain-last",
      defaultValue = "5",
      description =
          "Always keep at least this many snapshots per table, however old (default:"
              + " ${DEFAULT-VALUE}).")
  int retainLast;

  @Option(
      names = "--orphan-retention-hours",
      defaultValue = "72",
      description =
          "Remove files no snapshot references only when older than this; at least "
              + MIN_ORPHAN_RETENTION_HOURS
              + ", longer than any write runs (default: ${DEFAULT-VALUE}).")
  int orphanRetentionHours;

  @Option(
      names = "--target-file-size-mb",
      defaultValue = "512",
      description = "Size compaction aims for per data file (default: ${DEFAULT-VALUE}).")
  int targetFileSizeMb;

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public MaintenanceOptions toOptions() {
    OptionChecks.requireRange(
        "--snapshot-retention-hours", snapshotRetentionHours, 0, 24 * 365 * 10);
    OptionChecks.requireRange("--retain-last", retainLast, 1, 10_000);
    OptionChecks.requireRange(
        "--orphan-retention-hours", orphanRetentionHours, MIN_ORPHAN_RETENTION_HOURS, 24 * 365);
    OptionChecks.requireRange("--target-file-size-mb", targetFileSizeMb, 1, 16_384);
    return new MaintenanceOptions(
        common.toSettings(),
        Duration.ofHours(snapshotRetentionHours),
        retainLast,
        Duration.ofHours(orphanRetentionHours),
        targetFileSizeMb * 1024L * 1024L);
  }
}
