package io.c360.silver;

import io.c360.common.cli.JobLauncher;
import io.c360.common.naming.Tables;
import io.c360.common.report.RunReport;
import io.c360.common.report.Steps;
import io.c360.silver.read.BronzeInventory;
import io.c360.silver.read.SilverReader;
import io.c360.silver.validate.BatchCounts;
import io.c360.silver.write.SilverTables;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * silver-build: picks the bronze dates to process, reads them, standardizes, validates and
 * deduplicates, checks the counts (reconciliation and the data-quality gate) before any commit,
 * then commits interactions, quarantine, customers and progress, in that order. Each commit is
 * idempotent, so a run killed between two of them converges when re-run.
 */
public final class SilverBuildMain {
  public static final String JOB = "silver-build";

  private SilverBuildMain() {}

  public static void main(String[] args) {
    int exitCode = JobLauncher.forMain(JOB).run(newCommand(), args, SilverBuildMain::run);
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  /**
   * The job's argument parser: {@code main} uses it, and tests check deployed arguments with it.
   */
  public static SilverCommand newCommand() {
    return new SilverCommand();
  }

  /** The job body: also called by tests and benchmarks with their own session. */
  public static void run(SparkSession spark, SilverOptions options, RunReport report) {
    Path root = new Path(options.bronze());
    BronzeInventory inventory =
        Steps.run(
            spark,
            report,
            "plan",
            "List bronze partitions and manifests",
            () -> BronzeInventory.open(spark, root));
    inventory.notes().forEach(note -> System.out.println(JOB + ": warning: " + note));
    if (!inventory.notes().isEmpty()) {
      report.detail("bronze_ignored", inventory.notes());
    }
    SilverTables.ensureProgress(spark);
    SilverTables.ensureQuarantine(spark);
    Batch batch =
        Steps.run(
            spark,
            report,
            "plan",
            "Choose the dates to process",
            () -> Batch.choose(spark, inventory, options));
    report.detail("dates", batch.dates().stream().map(LocalDate::toString).toList());
    batch.skipped().forEach((date, reason) -> report.detail("skipped_" + date, reason));
    if (batch.dates().isEmpty()) {
      reportNothingToDo(report);
      return;
    }
    Timestamp loadedAt = Timestamp.from(Instant.now());

    CustomerLoad customers = CustomerLoad.read(spark, report, root, batch);
    Map<String, BatchCounts> counts = new LinkedHashMap<>();
    counts.put(Tables.BRONZE_CUSTOMERS, customers.check(spark, report));
    InteractionLoad interactions =
        InteractionLoad.read(
            spark, report, root, batch, customers, options.redeliveryLookbackDays());
    counts.put(Tables.BRONZE_INTERACTIONS, interactions.check(spark, report));

    CommitGate.check(report, inventory, batch, counts, options.maxRejectRate());

    // Accepted rows first: a reader never sees a batch's quarantine without its accepted rows
    // (docs/RELIABILITY.md, "Atomicity and what readers see").
    interactions.commit(spark, report, batch, report.runId(), loadedAt);
    QuarantineLoad.commit(spark, report, batch, customers, interactions, loadedAt);
    LocalDate asOf =
        options
            .asOf()
            .orElseGet(() -> SilverReader.latestEventDate(spark).orElse(batch.lastDate()));
    report.detail("features_as_of", asOf.toString());
    long customersInSilver = customers.commit(spark, report, asOf, report.runId(), loadedAt);
    Progress.commit(spark, report, batch, counts, loadedAt);

    reportTotals(report, counts, customersInSilver);
    customers.release();
    interactions.release();
  }

  private static void reportNothingToDo(RunReport report) {
    report.count("input_rows", 0);
    report.count("output_rows", 0);
    report.count("rejected_rows", 0);
    report.detail("result", "nothing new in bronze: every complete partition is processed");
    System.out.println(JOB + ": nothing to do; every complete bronze partition is processed.");
  }

  private static void reportTotals(
      RunReport report, Map<String, BatchCounts> counts, long customersInSilver) {
    BatchCounts customers = counts.get(Tables.BRONZE_CUSTOMERS);
    BatchCounts interactions = counts.get(Tables.BRONZE_INTERACTIONS);
    report.count(
        "input_rows", customers.total(BatchCounts.ROWS) + interactions.total(BatchCounts.ROWS));
    report.count("output_rows", interactions.total(BatchCounts.ACCEPTED) + customersInSilver);
    report.count(
        "rejected_rows",
        customers.total(BatchCounts.QUARANTINED) + interactions.total(BatchCounts.QUARANTINED));
    report.count("customers_in_silver", customersInSilver);
  }
}
