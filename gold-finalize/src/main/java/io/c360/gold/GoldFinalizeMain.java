package io.c360.gold;

import static io.c360.common.naming.BronzeColumns.*;
import static io.c360.common.naming.GoldColumns.*;
import static org.apache.spark.sql.functions.*;

import io.c360.common.cli.JobFailure;
import io.c360.common.cli.JobLauncher;
import io.c360.common.iceberg.IcebergTables;
import io.c360.common.naming.SilverColumns;
import io.c360.common.naming.Tables;
import io.c360.common.naming.Tables.Qualified;
import io.c360.common.report.RunReport;
import io.c360.common.report.Steps;
import io.c360.gold.load.GoldTables;
import io.c360.gold.metrics.CustomerMetrics;
import io.c360.gold.metrics.DailyMetrics;
import io.c360.gold.plan.DatePlan;
import io.c360.gold.plan.DatePlan.PartitionState;
import io.c360.gold.report.GoldSnapshot;
import io.c360.gold.report.HtmlReport;
import io.c360.gold.validate.GoldReconciliation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * gold-finalize: plans the dates silver changed, recomputes the daily tables for them and the
 * per-customer tables as of a date, checks orders and revenue against silver before any commit,
 * then commits the daily tables, the customer tables and the progress record, in that order. Silver
 * is read at one snapshot, so a silver run committing meanwhile cannot mix two states.
 */
public final class GoldFinalizeMain {
  public static final String JOB = "gold-finalize";

  static final String SILVER_INTERACTIONS = Qualified.SILVER_INTERACTIONS;
  static final String SILVER_CUSTOMERS = Qualified.SILVER_CUSTOMERS;

  /** The silver.interactions columns gold reads; the rest is never scanned. */
  private static final List<String> SILVER_COLUMNS =
      List.of(
          EVENT_DATE,
          CUSTOMER_ID,
          SESSION_ID,
          EVENT_TYPE,
          CHANNEL,
          ORDER_STATUS,
          IS_RETURNED,
          SilverColumns.REVENUE_USD,
          NPS_SCORE,
          SESSION_DURATION_SEC);

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
    requireSilver(spark);
    List<String> reshaped = GoldTables.ensureAll(spark, options.fullRebuild());
    if (!reshaped.isEmpty()) {
      report.detail("tables_replaced_for_new_columns", reshaped);
    }
    long snapshotId = currentSnapshot(spark, SILVER_INTERACTIONS);
    Dataset<Row> silver =
        spark
            .read()
            .format("iceberg")
            .option("snapshot-id", snapshotId)
            .load(SILVER_INTERACTIONS)
            .select(
                SILVER_COLUMNS.stream()
                    .map(org.apache.spark.sql.functions::col)
                    .toArray(Column[]::new));
    Dataset<Row> customers = spark.table(SILVER_CUSTOMERS);
    report.detail("silver_snapshot_id", snapshotId);

    List<PartitionState> partitions =
        Steps.run(
            spark,
            report,
            "plan",
            "Read silver's partition metadata",
            () -> partitions(spark, snapshotId));
    DatePlan plan =
        Steps.run(
            spark,
            report,
            "plan",
            "Choose the dates to recompute",
            () -> {
              DatePlan chosen =
                  DatePlan.choose(
                      partitions, recorded(spark), options.dates(), options.fullRebuild());
              return chosen.scope() == DatePlan.Scope.LISTED
                  ? chosen.withRecomputed(signupChanges(spark, customers, partitions, chosen))
                  : chosen;
            });
    report.detail("dates", plan.recompute().stream().map(LocalDate::toString).toList());
    report.detail("dates_cleared", plan.cleared().stream().map(LocalDate::toString).toList());
    LocalDate asOf = options.asOf().orElseGet(() -> latestDate(partitions));
    report.detail("as_of", asOf.toString());

    String runId = report.runId();
    Timestamp loadedAt = Timestamp.from(Instant.now());

    // The daily tables for the planned dates, checked against silver before any commit.
    List<Date> dates = plan.recompute().stream().map(Date::valueOf).toList();
    // Not cached: reading the planned partitions again (column-pruned Parquet) costs less than
    // building an in-memory copy of them (measured by the gold benchmark).
    Dataset<Row> batch = silver.filter(col(EVENT_DATE).isin(dates.toArray()));
    Dataset<Row> kpis =
        DailyMetrics.dailyKpis(batch, customers).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> channels =
        DailyMetrics.revenueByChannel(batch, dates).persist(StorageLevel.MEMORY_AND_DISK());
    List<String> mismatches =
        Steps.run(
            spark,
            report,
            "reconcile",
            "Check orders and revenue per day against silver",
            () -> {
              Map<String, Map<LocalDate, GoldReconciliation.Totals>> gold = new LinkedHashMap<>();
              gold.put(Tables.GOLD_DAILY_KPIS, GoldReconciliation.goldTotals(kpis));
              gold.put(Tables.GOLD_REVENUE_BY_CHANNEL, GoldReconciliation.goldTotals(channels));
              return GoldReconciliation.check(GoldReconciliation.silverTotals(batch), gold);
            });
    report.detail(
        "reconciliation",
        mismatches.isEmpty()
            ? "ok: orders and revenue match silver"
            : String.join("; ", mismatches));
    if (!mismatches.isEmpty()) {
      throw JobFailure.dataQuality(
          "Gold does not reconcile with silver.interactions (snapshot "
              + snapshotId
              + "); nothing was committed:\n  "
              + String.join("\n  ", mismatches));
    }

    // The per-customer tables, as of one date, over all of silver up to it.
    Dataset<Row> population =
        CustomerMetrics.population(
                customers, CustomerMetrics.activity(silver, asOf, firstDate(partitions)), asOf)
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> engagement =
        CustomerMetrics.engagement(population).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> churn =
        CustomerMetrics.churnRisk(population).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> segments = CustomerMetrics.segments(engagement, churn);

    Column replaced = replacedRows(plan, options);
    Map<String, Long> written = new LinkedHashMap<>();
    Steps.run(
        spark,
        report,
        "commit_daily",
        "Replace the planned dates of daily_kpis and revenue_by_channel",
        () -> {
          if (plan.isEmpty()) {
            // Nothing changed in silver: no empty commit on the daily tables.
            return null;
          }
          IcebergTables.overwrite(
              lineage(kpis, runId, loadedAt), Qualified.GOLD_DAILY_KPIS, replaced);
          IcebergTables.overwrite(
              lineage(channels, runId, loadedAt), Qualified.GOLD_REVENUE_BY_CHANNEL, replaced);
          written.put(Tables.GOLD_DAILY_KPIS, kpis.count());
          written.put(Tables.GOLD_REVENUE_BY_CHANNEL, channels.count());
          return null;
        });
    Steps.run(
        spark,
        report,
        "commit_customers",
        "Replace customer_engagement, churn_risk and segment_engagement",
        () -> {
          IcebergTables.overwrite(
              lineage(engagement, runId, loadedAt), Qualified.GOLD_CUSTOMER_ENGAGEMENT, lit(true));
          IcebergTables.overwrite(
              lineage(churn, runId, loadedAt), Qualified.GOLD_CHURN_RISK, lit(true));
          IcebergTables.overwrite(
              lineage(segments, runId, loadedAt), Qualified.GOLD_SEGMENT_ENGAGEMENT, lit(true));
          written.put(Tables.GOLD_CUSTOMER_ENGAGEMENT, engagement.count());
          written.put(Tables.GOLD_CHURN_RISK, churn.count());
          return null;
        });
    Steps.run(
        spark,
        report,
        "commit_progress",
        "Record the silver partitions aggregated",
        () -> {
          IcebergTables.overwrite(
              progressRows(spark, partitions, runId, loadedAt),
              Qualified.AUDIT_GOLD_PROGRESS,
              lit(true));
          return null;
        });

    // From the partition metadata: counting the batch would read it once more.
    report.count(
        "input_rows",
        partitions.stream()
            .filter(p -> plan.recompute().contains(p.date()))
            .mapToLong(PartitionState::rows)
            .sum());
    report.count("output_rows", written.values().stream().mapToLong(Long::longValue).sum());
    report.count("rejected_rows", 0);
    written.forEach((table, rows) -> report.count(table + ".rows", rows));
    report.count("customers_scored", written.getOrDefault(Tables.GOLD_CHURN_RISK, 0L));

    GoldSnapshot snapshot =
        Steps.run(
            spark,
            report,
            "summary",
            "Read the gold tables for the summary",
            () -> GoldSnapshot.read(spark));
    System.out.println(GoldSummary.format(plan, asOf, snapshot));
    options
        .report()
        .ifPresent(
            path -> {
              writeReport(path, HtmlReport.render(snapshot, runId, Instant.now()));
              report.detail("report", path.toString());
              System.out.println(JOB + ": report written to " + path);
            });
    kpis.unpersist();
    channels.unpersist();
    population.unpersist();
    engagement.unpersist();
    churn.unpersist();
  }

  private static void requireSilver(SparkSession spark) {
    for (String table : List.of(SILVER_INTERACTIONS, SILVER_CUSTOMERS)) {
      if (!IcebergTables.exists(spark, table)) {
        throw JobFailure.usage(
            "Cannot build gold: "
                + table
                + " does not exist in this catalog. Run silver-build first (run_pipeline.py"
                + " --stage silver), with the same --warehouse or --metastore-uri.");
      }
    }
  }

  private static long currentSnapshot(SparkSession spark, String name) {
    try {
      Table table = Spark3Util.loadIcebergTable(spark, name);
      Snapshot snapshot = table.currentSnapshot();
      if (snapshot == null) {
        throw JobFailure.usage(
            "Cannot build gold: " + name + " has no snapshot yet. Run silver-build first.");
      }
      return snapshot.snapshotId();
    } catch (org.apache.spark.sql.catalyst.parser.ParseException
        | org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IllegalStateException("Cannot load " + name + ": " + e.getMessage(), e);
    }
  }

  /** silver.interactions' partitions at the pinned snapshot, from Iceberg metadata only. */
  static List<PartitionState> partitions(SparkSession spark, long snapshotId) {
    List<PartitionState> states = new ArrayList<>();
    Dataset<Row> rows =
        spark
            .read()
            .format("iceberg")
            .option("snapshot-id", snapshotId)
            .load(SILVER_INTERACTIONS + ".partitions")
            .select(
                col("partition." + EVENT_DATE),
                col("last_updated_snapshot_id"),
                col("record_count"));
    for (Row row : rows.collectAsList()) {
      states.add(
          new PartitionState(
              row.getDate(0).toLocalDate(), row.isNullAt(1) ? -1 : row.getLong(1), row.getLong(2)));
    }
    return states;
  }

  private static Map<LocalDate, Long> recorded(SparkSession spark) {
    Map<LocalDate, Long> recorded = new HashMap<>();
    for (Row row :
        spark
            .table(Qualified.AUDIT_GOLD_PROGRESS)
            .select(col(EVENT_DATE), col(SILVER_SNAPSHOT_ID))
            .collectAsList()) {
      recorded.put(row.getDate(0).toLocalDate(), row.getLong(1));
    }
    return recorded;
  }

  /**
   * Dates silver has whose count of signups in silver.customers differs from the new_customers gold
   * holds: a customer MERGE changes them without touching the interactions.
   */
  private static List<LocalDate> signupChanges(
      SparkSession spark, Dataset<Row> customers, List<PartitionState> partitions, DatePlan plan) {
    List<Date> present =
        partitions.stream()
            .filter(p -> p.rows() > 0 && !plan.recompute().contains(p.date()))
            .map(p -> Date.valueOf(p.date()))
            .toList();
    if (present.isEmpty()) {
      return List.of();
    }
    Dataset<Row> signups =
        customers
            .filter(col(SIGNUP_DATE).isin(present.toArray()))
            .groupBy(col(SIGNUP_DATE).as("_date"))
            .agg(count(lit(1)).as("_signups"));
    Dataset<Row> gold =
        spark
            .table(Qualified.GOLD_DAILY_KPIS)
            .filter(col(EVENT_DATE).isin(present.toArray()))
            .select(col(EVENT_DATE), col(NEW_CUSTOMERS));
    Dataset<Row> days =
        spark.createDataset(present, org.apache.spark.sql.Encoders.DATE()).toDF("_day");
    return days
        .join(gold, col("_day").equalTo(col(EVENT_DATE)), "left")
        .join(signups, col("_day").equalTo(col("_date")), "left")
        .filter(
            not(coalesce(col(NEW_CUSTOMERS), lit(-1L)).equalTo(coalesce(col("_signups"), lit(0L)))))
        .select(col("_day"))
        .collectAsList()
        .stream()
        .map(row -> row.getDate(0).toLocalDate())
        .toList();
  }

  private static LocalDate latestDate(List<PartitionState> partitions) {
    return partitions.stream()
        .filter(p -> p.rows() > 0)
        .map(PartitionState::date)
        .max(LocalDate::compareTo)
        .orElseThrow(
            () ->
                JobFailure.usage(
                    "Cannot build gold: silver.interactions has no rows. Run silver-build on"
                        + " bronze data first."));
  }

  private static LocalDate firstDate(List<PartitionState> partitions) {
    return partitions.stream()
        .filter(p -> p.rows() > 0)
        .map(PartitionState::date)
        .min(LocalDate::compareTo)
        .orElseThrow();
  }

  /** The rows of the daily tables a commit replaces: exactly the plan's dates. */
  private static Column replacedRows(DatePlan plan, GoldOptions options) {
    return switch (plan.scope()) {
      case ALL -> lit(true);
      case RANGE -> {
        var range = options.dates().orElseThrow();
        yield col(EVENT_DATE)
            .between(lit(Date.valueOf(range.first())), lit(Date.valueOf(range.last())));
      }
      case LISTED -> {
        List<Date> dates = new ArrayList<>();
        plan.recompute().forEach(d -> dates.add(Date.valueOf(d)));
        plan.cleared().forEach(d -> dates.add(Date.valueOf(d)));
        yield dates.isEmpty() ? lit(false) : col(EVENT_DATE).isin(dates.toArray());
      }
    };
  }

  private static Dataset<Row> lineage(Dataset<Row> rows, String runId, Timestamp loadedAt) {
    return rows.withColumn(GOLD_RUN_ID, lit(runId)).withColumn(GOLD_LOADED_AT, lit(loadedAt));
  }

  private static Dataset<Row> progressRows(
      SparkSession spark, List<PartitionState> partitions, String runId, Timestamp at) {
    List<Row> rows =
        partitions.stream()
            .filter(p -> p.rows() > 0)
            .map(
                p ->
                    org.apache.spark.sql.RowFactory.create(
                        Date.valueOf(p.date()), p.snapshotId(), p.rows(), at, runId))
            .toList();
    return spark.createDataFrame(rows, GoldTables.PROGRESS_TABLE.schema());
  }

  private static void writeReport(Path path, String html) {
    try {
      Files.createDirectories(path.getParent());
      Files.writeString(path, html);
    } catch (IOException e) {
      throw JobFailure.usage(
          "Cannot write the report to "
              + path
              + ": "
              + e.getMessage()
              + ". Pass a writable --report path.");
    }
  }
}
