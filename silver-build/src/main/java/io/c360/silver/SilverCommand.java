package io.c360.silver;

import io.c360.common.cli.CommonOptions;
import io.c360.common.cli.DateRange;
import io.c360.common.cli.JobCommand;
import io.c360.common.cli.JobVersionProvider;
import io.c360.common.cli.OptionChecks;
import java.time.LocalDate;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Command-line options of silver-build; {@link #toOptions()} validates them all. */
@Command(
    name = "silver-build",
    mixinStandardHelpOptions = true,
    versionProvider = JobVersionProvider.class,
    sortOptions = false,
    description = {
      "Standardizes, validates, deduplicates and enriches the bronze partitions not yet",
      "processed (or --dates), writes them into the silver Iceberg tables, quarantines",
      "rejected rows with their rules, and refreshes customer features and segments."
    })
public final class SilverCommand implements JobCommand<SilverOptions> {
  static final double DEFAULT_MAX_REJECT_RATE = 0.05;

  /** 100 years: enough to check the whole table, and no overflow of the date arithmetic. */
  static final int MAX_LOOKBACK_DAYS = 36_525;

  @Mixin CommonOptions common = new CommonOptions();

  @Option(
      names = "--bronze",
      required = true,
      description = "Bronze root written by bronze-ingest: an absolute path or a file:, s3a: URI.")
  String bronze;

  @Option(
      names = "--dates",
      paramLabel = "FIRST[..LAST]",
      description =
          "Reprocess these bronze dates (e.g. 2026-01-01..2026-01-07), whether processed or not."
              + " Default: every date whose partitions are new or changed since the last run.")
  String dates;

  @Option(
      names = "--max-reject-rate",
      defaultValue = "" + DEFAULT_MAX_REJECT_RATE,
      description =
          "Data-quality gate: the largest share of a table's rows that may be quarantined; above"
              + " it nothing is committed and the job exits 4 (default: ${DEFAULT-VALUE}).")
  double maxRejectRate;

  @Option(
      names = "--as-of",
      paramLabel = "DATE",
      description =
          "Date the customer features are computed for. Default: the latest event date in"
              + " silver.interactions.")
  String asOf;

  @Option(
      names = "--redelivery-lookback-days",
      paramLabel = "DAYS",
      defaultValue = "" + SilverOptions.DEFAULT_REDELIVERY_LOOKBACK_DAYS,
      description =
          "An interaction_id silver holds on a date up to DAYS days before or after the batch's"
              + " dates is a re-delivery, not a new row (docs/RELIABILITY.md, Grain); a larger"
              + " value reads more of silver's id column (default: ${DEFAULT-VALUE}).")
  int redeliveryLookbackDays;

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public SilverOptions toOptions() {
    String location = OptionChecks.requireLocation("--bronze", bronze);
    OptionChecks.requireRange("--max-reject-rate", maxRejectRate, 0.0, 1.0);
    Optional<DateRange> range =
        Optional.ofNullable(dates).map(text -> DateRange.parse("--dates", text));
    Optional<LocalDate> asOfDate =
        Optional.ofNullable(asOf).map(value -> DateRange.date("--as-of", value));
    int lookback =
        OptionChecks.requireRange(
            "--redelivery-lookback-days", redeliveryLookbackDays, 0, MAX_LOOKBACK_DAYS);
    return new SilverOptions(
        common.toSettings(), location, range, maxRejectRate, asOfDate, lookback);
  }
}
