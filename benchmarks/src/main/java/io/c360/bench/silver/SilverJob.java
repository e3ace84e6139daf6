package io.c360.bench.silver;

import io.c360.bench.harness.Folders;
import io.c360.bench.harness.LocalSessions;
import io.c360.common.audit.AuditLog;
import io.c360.common.cli.DateRange;
import io.c360.common.cli.ExitCode;
import io.c360.common.report.RunReport;
import io.c360.silver.SilverBuildMain;
import io.c360.silver.SilverOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** The silver job as it runs (its body, then its audit row), in the benchmark's JVM. */
public final class SilverJob {
  /** silver-build's default data-quality gate (SilverCommand). */
  private static final double MAX_REJECT_RATE = 0.05;

  private SilverJob() {}

  /**
   * One run in {@code spark}, whose catalog keeps its tables in {@code warehouse}, on the bronze
   * below {@code bronze} ({@code dates}, or every new date). A failed run (reconciliation, gate)
   * throws; the report of a successful one is returned.
   */
  public static RunReport run(
      SparkSession spark, Path warehouse, Path bronze, Optional<DateRange> dates, String runId) {
    SilverOptions options =
        new SilverOptions(
            LocalSessions.catalog(warehouse),
            Folders.uri(bronze),
            dates,
            MAX_REJECT_RATE,
            Optional.empty());
    RunReport report =
        new RunReport(runId, SilverBuildMain.JOB, options.parameters(), Clock.systemUTC());
    SilverBuildMain.run(spark, options, report);
    report.finish(ExitCode.SUCCESS, null);
    AuditLog.append(spark, report);
    return report;
  }
}
