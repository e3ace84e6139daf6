package io.c360.gold.read;

import static io.c360.common.naming.BronzeColumns.*;
import static io.c360.common.naming.GoldColumns.*;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.*;

import io.c360.common.cli.JobFailure;
import io.c360.common.iceberg.IcebergTables;
import io.c360.common.naming.SilverColumns;
import io.c360.common.naming.Tables.Qualified;
import io.c360.gold.GoldOptions;
import io.c360.gold.plan.DatePlan;
import io.c360.gold.plan.DatePlan.PartitionState;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Silver as one gold run sees it: silver.interactions pinned at one snapshot (a silver run
 * committing meanwhile cannot mix two states into gold), silver.customers, and what changed since
 * the last gold run, from Iceberg's {@code partitions} metadata, the progress gold recorded and the
 * signup counts.
 *
 * @param snapshotId the silver.interactions snapshot every read of this run uses
 * @param interactions silver.interactions at that snapshot, only {@link #INTERACTION_COLUMNS}
 * @param customers silver.customers
 */
public record SilverState(long snapshotId, Dataset<Row> interactions, Dataset<Row> customers) {
  /** The silver.interactions columns gold reads; the rest is never scanned. */
  public static final List<String> INTERACTION_COLUMNS =
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

  public SilverState {
    requireNonNull(interactions, "interactions is null");
    requireNonNull(customers, "customers is null");
  }

  /**
   * @throws JobFailure of category usage when a silver table is missing: silver-build comes first
   */
  public static void requireTables(SparkSession spark) {
    for (String table : List.of(Qualified.SILVER_INTERACTIONS, Qualified.SILVER_CUSTOMERS)) {
      if (!IcebergTables.exists(spark, table)) {
        throw JobFailure.usage(
            "Cannot build gold: "
                + table
                + " does not exist in this catalog. Run silver-build first (run_pipeline.py"
                + " --stage silver), with the same --warehouse or --metastore-uri.");
      }
    }
  }

  /** Silver at the current snapshot of silver.interactions. */
  public static SilverState pin(SparkSession spark) {
    long snapshotId = currentSnapshot(spark, Qualified.SILVER_INTERACTIONS);
    Dataset<Row> interactions =
        spark
            .read()
            .format("iceberg")
            .option("snapshot-id", snapshotId)
            .load(Qualified.SILVER_INTERACTIONS)
            .select(INTERACTION_COLUMNS.stream().map(functions::col).toArray(Column[]::new));
    return new SilverState(snapshotId, interactions, spark.table(Qualified.SILVER_CUSTOMERS));
  }

  /** silver.interactions' partitions at the pinned snapshot, from Iceberg metadata only. */
  public List<PartitionState> partitions(SparkSession spark) {
    List<PartitionState> states = new ArrayList<>();
    Dataset<Row> rows =
        spark
            .read()
            .format("iceberg")
            .option("snapshot-id", snapshotId)
            .load(Qualified.SILVER_INTERACTIONS + ".partitions")
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

  /**
   * The dates to recompute: the ones {@link DatePlan#choose} picks from the partitions and the
   * recorded progress, and, when it lists changed dates, those whose signups changed too.
   */
  public DatePlan plan(SparkSession spark, List<PartitionState> partitions, GoldOptions options) {
    DatePlan chosen =
        DatePlan.choose(partitions, recorded(spark), options.dates(), options.fullRebuild());
    return chosen.scope() == DatePlan.Scope.LISTED
        ? chosen.withRecomputed(signupChanges(spark, partitions, chosen))
        : chosen;
  }

  /** The interactions of {@code dates}. */
  public Dataset<Row> batch(List<Date> dates) {
    return interactions.filter(col(EVENT_DATE).isin(dates.toArray()));
  }

  /** The latest date with rows: the default as-of date of the customer tables. */
  public static LocalDate latestDate(List<PartitionState> partitions) {
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

  /** The first date with rows: where the customer tables' history starts. */
  public static LocalDate firstDate(List<PartitionState> partitions) {
    return partitions.stream()
        .filter(p -> p.rows() > 0)
        .map(PartitionState::date)
        .min(LocalDate::compareTo)
        .orElseThrow();
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

  /** Per date, the silver snapshot the last gold run aggregated (audit.gold_silver_partitions). */
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
  private List<LocalDate> signupChanges(
      SparkSession spark, List<PartitionState> partitions, DatePlan plan) {
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
    Dataset<Row> days = spark.createDataset(present, Encoders.DATE()).toDF("_day");
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
}
