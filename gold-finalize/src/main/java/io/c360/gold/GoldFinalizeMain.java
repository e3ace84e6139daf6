package io.c360.gold;

import io.c360.common.cli.JobLauncher;
import io.c360.common.report.RunReport;
import io.c360.common.report.Steps;
import io.c360.gold.metrics.CustomerResults;
import io.c360.gold.metrics.DailyResults;
import io.c360.gold.plan.DatePlan;
import io.c360.gold.plan.DatePlan.PartitionState;
import io.c360.gold.read.SilverState;
import io.c360.gold.report.GoldSnapshot;
import io.c360.gold.report.GoldSummary;
import io.c360.gold.report.HtmlReport;
import io.c360.gold.validate.RangeGate;
import io.c360.gold.validate.ReconciliationGate;
import io.c360.gold.write.GoldCommit;
import io.c360.gold.write.GoldTables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * gold-finalize: plans the dates silver changed, recomputes the daily tables for them and the
 * per-customer tables as of a date, checks orders and revenue against silver before any commit,
 * then commits the daily tables, the customer tables and the progress record, in that order. Silver
 * is read at one snapshot, so a silver run committing meanwhile cannot mix two states.
 */
public final class GoldFinalizeMain {
  public static final String JOB = "gold-finalize";

  private GoldFinalizeMain() {}

  public static void main(String[] args) {
    int exitCode = JobLauncher.forMain(JOB).run(newCommand(), args, GoldFinalizeMain::run);
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  /**
   * The job's argument parser: {@code main} uses it, and tests check deployed arguments with it.
   */
  public static GoldCommand newCommand() {
    return new GoldCommand();
  }

  /** The job body: also called by tests and benchmarks with their own session. */
  public static void run(SparkSession spark, GoldOptions options, RunReport report) {
    SilverState.requireTables(spark);
    List<String> reshaped = GoldTables.ensureAll(spark, options.fullRebuild());
    if (!reshaped.isEmpty()) {
      report.detail("tables_replaced_for_new_columns", reshaped);
    }
    SilverState silver = SilverState.pin(spark);
    report.detail("silver_snapshot_id", silver.snapshotId());

    List<PartitionState> partitions =
        Steps.run(
            spark,
            report,
            "plan",
            "Read silver's partition metadata",
            () -> silver.partitions(spark));
    DatePlan plan =
        Steps.run(
            spark,
            report,
            "plan",
            "Choose the dates to recompute",
            () -> silver.plan(spark, partitions, options));
    report.detail("dates", plan.recompute().stream().map(LocalDate::toString).toList());
    report.detail("dates_cleared", plan.cleared().stream().map(LocalDate::toString).toList());
    LocalDate asOf = options.asOf().orElseGet(() -> SilverState.latestDate(partitions));
    report.detail("as_of", asOf.toString());
    Timestamp loadedAt = Timestamp.from(Instant.now());

    List<Date> dates = plan.recompute().stream().map(Date::valueOf).toList();
    Dataset<Row> batch = silver.batch(dates);
    DailyResults daily =
        Steps.run(
            spark,
            report,
            "reconcile",
            "Sum orders and revenue per day and channel",
            () -> DailyResults.compute(batch, silver.customers(), dates));
    ReconciliationGate.requireReconciled(spark, report, batch, daily, silver.snapshotId());

    CustomerResults customers =
        CustomerResults.compute(
            silver.customers(), silver.interactions(), asOf, SilverState.firstDate(partitions));
    RangeGate.requireInRange(spark, report, daily, customers);
    new GoldCommit(spark, report, loadedAt).commitAll(plan, options, daily, customers, partitions);

    GoldSnapshot snapshot =
        Steps.run(
            spark,
            report,
            "summary",
            "Read the gold tables for the summary",
            () -> GoldSnapshot.read(spark));
    System.out.println(GoldSummary.format(JOB, plan, asOf, snapshot));
    options
        .report()
        .ifPresent(
            path -> {
              HtmlReport.write(path, HtmlReport.render(snapshot, report.runId(), Instant.now()));
              report.detail("report", path.toString());
              System.out.println(JOB + ": report written to " + path);
            });
    daily.unpersist();
    customers.unpersist();
  }
}
