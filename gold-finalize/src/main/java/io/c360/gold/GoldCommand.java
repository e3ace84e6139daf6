package io.c360.gold;

import io.c360.common.cli.CommonOptions;
import io.c360.common.cli.DateRange;
import io.c360.common.cli.JobCommand;
import io.c360.common.cli.JobVersionProvider;
import io.c360.common.cli.OptionChecks;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Command-line options of gold-finalize; {@link #toOptions()} validates them all. */
@Command(
    name = "gold-finalize",
    mixinStandardHelpOptions = true,
    versionProvider = JobVersionProvider.class,
    sortOptions = false,
    description = {
      "Recomputes the gold KPIs for the silver dates that changed since the last run (or",
      "--dates, or everything with --full-rebuild), checks revenue and orders against silver",
      "before committing, and refreshes customer engagement and churn risk as of a date."
    })
public final class GoldCommand implements JobCommand<GoldOptions> {
  @Mixin CommonOptions common = new CommonOptions();

  @Option(
      names = "--dates",
      paramLabel = "FIRST[..LAST]",
      description =
          "Recompute the daily tables for these dates, changed or not. Default: the dates whose"
              + " silver.interactions partitions changed since the last gold run.")
  String dates;

  @Option(
      names = "--full-rebuild",
      description = "Recompute every date silver has and clear the dates it no longer has.")
  boolean fullRebuild;

  @Option(
      names = "--as-of",
      paramLabel = "DATE",
      description =
          "Date customer engagement and churn risk are computed for. Default: the latest event"
              + " date in silver.interactions.")
  String asOf;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description =
          "Also write a self-contained HTML report of the gold tables (charts, no network"
              + " needed) to this local file.")
  String report;

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public GoldOptions toOptions() {
    if (fullRebuild && dates != null) {
      throw OptionChecks.invalid(
          "--dates",
          "'" + dates + "' together with --full-rebuild",
          "one of them: --full-rebuild already recomputes every date");
    }
    Optional<DateRange> range =
        Optional.ofNullable(dates).map(text -> DateRange.parse("--dates", text));
    Optional<LocalDate> asOfDate =
        Optional.ofNullable(asOf).map(value -> DateRange.date("--as-of", value));
    Optional<Path> reportFile = Optional.ofNullable(report).map(GoldCommand::reportFile);
    return new GoldOptions(common.toSettings(), range, fullRebuild, asOfDate, reportFile);
  }

  private static Path reportFile(String value) {
    if (value.isBlank() || value.contains("://")) {
      throw OptionChecks.invalid(
          "--report", "'" + value + "'", "a local file path such as target/c360-report.html");
    }
    Path path = Path.of(value).toAbsolutePath();
    if (java.nio.file.Files.isDirectory(path)) {
      throw OptionChecks.invalid(
          "--report", "'" + value + "' (a directory)", "a file path ending in .html");
    }
    return path;
  }
}
