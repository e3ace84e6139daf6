package io.c360.ops.maintenance;

import io.c360.common.cli.JobFailure;
import io.c360.common.cli.JobLauncher;
import io.c360.common.naming.Tables;
import io.c360.common.report.RunReport;
import io.c360.common.report.Steps;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * table-maintenance: the explicit maintenance stage. Runs {@link TableMaintenance} on every table
 * of the silver, gold and audit namespaces, one table at a time (each action already uses the whole
 * cluster), and reports what it did per table.
 */
public final class TableMaintenanceMain {
  public static final String JOB = "table-maintenance";

  /** Namespaces maintained: every table the pipeline writes. */
  static final List<String> NAMESPACES =
      List.of(Tables.SILVER_NAMESPACE, Tables.GOLD_NAMESPACE, Tables.AUDIT_NAMESPACE);

  /**
   * Attempts per table when its commits conflict with another writer; each commit of an attempt is
   * already retried by Iceberg (commit.retry.num-retries, 4 by default).
   */
  static final int ATTEMPTS_PER_TABLE = 2;

  private TableMaintenanceMain() {}

  public static void main(String[] args) {
    int exitCode = JobLauncher.forMain(JOB).run(newCommand(), args, TableMaintenanceMain::run);
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  /**
   * The job's argument parser: {@code main} uses it, and tests check deployed arguments with it.
   */
  public static MaintenanceCommand newCommand() {
    return new MaintenanceCommand();
  }

  /** The job body: also called by tests with their own session. */
  public static void run(SparkSession spark, MaintenanceOptions options, RunReport report) {
    List<String> tables =
        Steps.run(spark, report, "list", "List the lakehouse tables", () -> tables(spark));
    EachTable.Result<TableMaintenance.Outcome> result =
        EachTable.run(
            tables,
            ATTEMPTS_PER_TABLE,
            name ->
                Steps.run(
                    spark,
                    report,
                    "maintain_" + name.substring(name.indexOf('.') + 1).replace('.', '_'),
                    "Compact, rewrite manifests, expire snapshots, remove orphans: " + name,
                    () -> TableMaintenance.run(spark, name, load(spark, name), options)));
    List<TableMaintenance.Outcome> outcomes = result.done();
    long before = outcomes.stream().mapToLong(TableMaintenance.Outcome::dataFilesBefore).sum();
    long after = outcomes.stream().mapToLong(TableMaintenance.Outcome::dataFilesAfter).sum();
    report.count("input_rows", 0);
    report.count("output_rows", 0);
    report.count("rejected_rows", 0);
    report.count("tables", outcomes.size());
    report.count("data_files_before", before);
    report.count("data_files_after", after);
    report.count(
        "files_rewritten",
        outcomes.stream().mapToLong(TableMaintenance.Outcome::filesRewritten).sum());
    report.count(
        "manifests_rewritten",
        outcomes.stream().mapToLong(TableMaintenance.Outcome::manifestsRewritten).sum());
    report.count(
        "snapshots_expired",
        outcomes.stream().mapToLong(TableMaintenance.Outcome::snapshotsExpired).sum());
    report.count(
        "orphan_files_removed",
        outcomes.stream().mapToLong(TableMaintenance.Outcome::orphansRemoved).sum());
    report.count("tables_skipped", result.skipped().size());
    System.out.println(summary(outcomes));
    if (!result.skipped().isEmpty()) {
      throw JobFailure.externalUnavailable(skippedMessage(result.skipped()), null);
    }
  }

  /** Exit 3: the other tables were maintained; the skipped ones need only a re-run. */
  static String skippedMessage(List<EachTable.Skipped> skipped) {
    StringBuilder message =
        new StringBuilder("Skipped ")
            .append(skipped.size())
            .append(" table(s): another writer was committing to them at the same time, and")
            .append(" maintenance's commits still conflicted after ")
            .append(ATTEMPTS_PER_TABLE)
            .append(" attempts each. The other tables were maintained; these are unchanged, and")
            .append(
                " re-running table-maintenance (when silver and gold are not writing) is safe:");
    for (EachTable.Skipped table : skipped) {
      message.append("\n  ").append(table.table()).append(": ").append(table.reason());
    }
    return message.toString();
  }

  /** Every table of {@link #NAMESPACES} that exists, qualified, in a stable order. */
  static List<String> tables(SparkSession spark) {
    List<String> existing = new ArrayList<>();
    List<String> namespaces =
        spark.sql("SHOW NAMESPACES IN " + Tables.CATALOG).collectAsList().stream()
            .map(row -> row.getString(0))
            .toList();
    for (String namespace : NAMESPACES) {
      if (!namespaces.contains(namespace)) {
        continue;
      }
      for (Row row :
          spark.sql("SHOW TABLES IN " + Tables.CATALOG + "." + namespace).collectAsList()) {
        existing.add(Tables.qualified(namespace, row.getString(1)));
      }
    }
    existing.sort(String::compareTo);
    return existing;
  }

  private static Table load(SparkSession spark, String name) {
    try {
      return Spark3Util.loadIcebergTable(spark, name);
    } catch (org.apache.spark.sql.catalyst.parser.ParseException
        | org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IllegalStateException("Cannot load " + name + ": " + e.getMessage(), e);
    }
  }

  static String summary(List<TableMaintenance.Outcome> outcomes) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%n%s: %d table(s)%n  %-40s %13s %10s %10s %10s %8s%n",
            JOB,
            outcomes.size(),
            "table",
            "data files",
            "rewritten",
            "manifests",
            "snapshots",
            "orphans"));
    for (TableMaintenance.Outcome o : outcomes) {
      out.append(
          String.format(
              Locale.ROOT,
              "  %-40s %6d -> %-4d %10d %10d %10d %8d%n",
              o.table(),
              o.dataFilesBefore(),
              o.dataFilesAfter(),
              o.filesRewritten(),
              o.manifestsRewritten(),
              o.snapshotsExpired(),
              o.orphansRemoved()));
    }
    return out.toString();
  }
}
