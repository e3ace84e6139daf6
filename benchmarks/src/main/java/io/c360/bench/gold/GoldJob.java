package io.c360.bench.gold;

import io.c360.bench.harness.LocalSessions;
import io.c360.common.audit.AuditLog;
import io.c360.common.cli.ExitCode;
import io.c360.common.report.RunReport;
import io.c360.gold.GoldFinalizeMain;
import io.c360.gold.GoldOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The gold job as it runs with --full-rebuild (its body, then its audit row), in the caller's JVM.
 */
public final class GoldJob {
  private GoldJob() {}

  /**
   * One full rebuild in {@code spark}, whose catalog keeps its tables in {@code warehouse}. A
   * failed run (reconciliation, ranges) throws; the report of a successful one is returned.
   */
  public static RunReport run(SparkSession spark, Path warehouse, String runId) {
    GoldOptions options =
        new GoldOptions(
            LocalSessions.catalog(warehouse),
            Optional.empty(),
            true,
            Optional.empty(),
            Optional.empty());
    RunReport report =
        new RunReport(runId, GoldFinalizeMain.JOB, options.parameters(), Clock.systemUTC());
    GoldFinalizeMain.run(spark, options, report);
    report.finish(ExitCode.SUCCESS, null);
    AuditLog.append(spark, report);
    return report;
  }
}
