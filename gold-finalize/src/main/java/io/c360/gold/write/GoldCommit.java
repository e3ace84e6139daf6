package io.c360.gold.write;

import static io.c360.common.naming.BronzeColumns.EVENT_DATE;
import static io.c360.common.naming.GoldColumns.GOLD_LOADED_AT;
import static io.c360.common.naming.GoldColumns.GOLD_RUN_ID;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.c360.common.cli.DateRange;
import io.c360.common.iceberg.IcebergTables;
import io.c360.common.naming.Tables;
import io.c360.common.naming.Tables.Qualified;
import io.c360.common.report.RunReport;
import io.c360.common.report.Steps;
import io.c360.gold.GoldOptions;
import io.c360.gold.metrics.CustomerResults;
import io.c360.gold.metrics.DailyResults;
import io.c360.gold.plan.DatePlan;
import io.c360.gold.plan.DatePlan.PartitionState;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The commits of one gold run, in their order: the daily tables (only the planned dates), the
 * customer tables (whole), then the progress record. The progress comes last so that a run failing
 * in between is simply redone by the next one. Every row carries the run id and load time.
 *
 * @param spark the job's session
 * @param report the run report: steps are timed into it, rows written counted
 * @param loadedAt the load time written into every row
 */
public record GoldCommit(SparkSession spark, RunReport report, Timestamp loadedAt) {
  public GoldCommit {
    requireNonNull(spark, "spark is null");
    requireNonNull(report, "report is null");
    requireNonNull(loadedAt, "loadedAt is null");
  }

  /**
   * Commits everything and counts the rows read and written into the report.
   *
   * @param partitions silver's partitions at the pinned snapshot: recorded as aggregated
   */
  public void commitAll(
      DatePlan plan,
      GoldOptions options,
      DailyResults daily,
      CustomerResults customers,
      List<PartitionState> partitions) {
    Map<String, Long> written = new LinkedHashMap<>();
    Column replaced = replacedRows(plan, options);
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
          IcebergTables.overwrite(lineage(daily.kpis()), Qualified.GOLD_DAILY_KPIS, replaced);
          IcebergTables.overwrite(
              lineage(daily.channels()), Qualified.GOLD_REVENUE_BY_CHANNEL, replaced);
          written.put(Tables.GOLD_DAILY_KPIS, daily.kpis().count());
          written.put(Tables.GOLD_REVENUE_BY_CHANNEL, daily.channels().count());
          return null;
        });
    Steps.run(
        spark,
        report,
        "commit_customers",
        "Replace customer_engagement, churn_risk and segment_engagement",
        () -> {
          IcebergTables.overwrite(
              lineage(customers.engagement()), Qualified.GOLD_CUSTOMER_ENGAGEMENT, lit(true));
          IcebergTables.overwrite(lineage(customers.churn()), Qualified.GOLD_CHURN_RISK, lit(true));
          IcebergTables.overwrite(
              lineage(customers.segments()), Qualified.GOLD_SEGMENT_ENGAGEMENT, lit(true));
          written.put(Tables.GOLD_CUSTOMER_ENGAGEMENT, customers.engagement().count());
          written.put(Tables.GOLD_CHURN_RISK, customers.churn().count());
          return null;
        });
    Steps.run(
        spark,
        report,
        "commit_progress",
        "Record the silver partitions aggregated",
        () -> {
          IcebergTables.overwrite(
              progressRows(partitions), Qualified.AUDIT_GOLD_PROGRESS, lit(true));
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
  }

  /** The rows of the daily tables a commit replaces: exactly the plan's dates. */
  static Column replacedRows(DatePlan plan, GoldOptions options) {
    return switch (plan.scope()) {
      case ALL -> lit(true);
      case RANGE -> {
        DateRange range = options.dates().orElseThrow();
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

  private Dataset<Row> lineage(Dataset<Row> rows) {
    return rows.withColumn(GOLD_RUN_ID, lit(report.runId()))
        .withColumn(GOLD_LOADED_AT, lit(loadedAt));
  }

  private Dataset<Row> progressRows(List<PartitionState> partitions) {
    List<Row> rows =
        partitions.stream()
            .filter(p -> p.rows() > 0)
            .map(
                p ->
                    RowFactory.create(
                        Date.valueOf(p.date()), p.snapshotId(), p.rows(), loadedAt, report.runId()))
            .toList();
    return spark.createDataFrame(rows, GoldTables.PROGRESS_TABLE.schema());
  }
}
