package io.c360.silver;

import static io.c360.common.naming.BronzeColumns.*;
import static org.apache.spark.sql.functions.*;

import io.c360.common.iceberg.IcebergTables;
import io.c360.common.naming.BronzeSchemas;
import io.c360.common.naming.Tables;
import io.c360.common.naming.Tables.Qualified;
import io.c360.common.report.RunReport;
import io.c360.common.report.Steps;
import io.c360.silver.read.BronzeReader;
import io.c360.silver.read.SilverReader;
import io.c360.silver.transform.InteractionTransforms;
import io.c360.silver.validate.BatchCounts;
import io.c360.silver.validate.Rule;
import io.c360.silver.write.DateDigests;
import io.c360.silver.write.SilverTables;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The batch's bronze interactions: read, with channels cleaned, duplicates and re-deliveries of
 * what silver holds on other dates flagged, and rules checked, then (after the gate) written to
 * {@code silver.interactions}, replacing the batch's dates.
 */
final class InteractionLoad {
  /** Checked rows with duplicate flag and rule ids, persisted: counts, quarantine and write. */
  private final Dataset<Row> checked;

  /** Bronze's columns as read, the contract's and new ones: silver's business columns. */
  private final List<String> bronzeColumns;

  private InteractionLoad(Dataset<Row> checked, List<String> bronzeColumns) {
    this.checked = checked;
    this.bronzeColumns = List.copyOf(bronzeColumns);
  }

  /**
   * Reads the batch's partitions of bronze interactions and defines their checks (lazily) against
   * the customers bronze or silver knows and the rows silver holds on the {@code lookbackDays}
   * dates either side of the batch (the ids are looked up now: a Spark job).
   */
  static InteractionLoad read(
      SparkSession spark,
      RunReport report,
      Path root,
      Batch batch,
      CustomerLoad customers,
      int lookbackDays) {
    BronzeReader.Read read =
        BronzeReader.read(
            spark,
            root,
            Tables.BRONZE_INTERACTIONS,
            BronzeSchemas.INTERACTIONS,
            batch.partitions(Tables.BRONZE_INTERACTIONS));
    List<String> bronzeColumns = Arrays.asList(read.rows().columns());
    if (!read.extraColumns().isEmpty()) {
      report.detail("interactions_columns_added", read.extraColumnNames());
    }
    List<String> contents = InteractionTransforms.contentColumns(bronzeColumns);
    Optional<Dataset<Row>> stored =
        Steps.run(
            spark,
            report,
            "redelivery",
            "Find the batch's interaction ids silver holds on other dates",
            () ->
                SilverReader.storedDeliveries(
                    spark,
                    read.rows(),
                    batch.dates().get(0).minusDays(lookbackDays),
                    batch.lastDate().plusDays(lookbackDays),
                    batch.dateValues(),
                    contents));
    Dataset<Row> checked =
        InteractionTransforms.withRedeliveryRule(
                InteractionTransforms.withRuleIds(
                    InteractionTransforms.withDuplicateFlag(
                        InteractionTransforms.withCanonicalCodes(read.rows()), contents, stored),
                    customers.knownIds(spark)))
            .persist(StorageLevel.MEMORY_AND_DISK());
    return new InteractionLoad(checked, bronzeColumns);
  }

  /** Counts the rows per date, rule and repair (Spark job group {@code validate}). */
  BatchCounts check(SparkSession spark, RunReport report) {
    return Steps.run(
        spark,
        report,
        "validate",
        "Count interactions per rule",
        () ->
            BatchCounts.count(
                checked,
                Rule.Source.INTERACTIONS,
                col(EVENT_DATE),
                col(InteractionTransforms.IS_DUPLICATE),
                col(InteractionTransforms.IS_REDELIVERED),
                Map.of("noncanonical_channel", col(InteractionTransforms.REPAIRED_CHANNEL))));
  }

  /** Checked rows with {@code is_duplicate} and {@code rule_ids}: the input of the quarantine. */
  Dataset<Row> checked() {
    return checked;
  }

  List<String> bronzeColumns() {
    return bronzeColumns;
  }

  /**
   * Replaces the rows silver.interactions holds on the batch's dates by the batch's accepted rows
   * (Spark job group {@code commit_interactions}): one Iceberg overwrite by filter of the dates
   * whose contents changed (Iceberg deletes their files whole, the identity partition on {@code
   * event_date} matching the filter). A bronze date is delivered whole, so replacing it is as
   * idempotent as a MERGE on the business key, and the grain (one row per {@code interaction_id}
   * across dates) is the batch's, which {@link #read} checked against the other dates. Dates whose
   * digest ({@link DateDigests}) equals what silver holds are left alone, so a re-run of unchanged
   * dates commits nothing.
   *
   * @return the dates replaced
   */
  List<LocalDate> commit(
      SparkSession spark, RunReport report, Batch batch, String runId, Timestamp at) {
    Dataset<Row> accepted = InteractionTransforms.selectAccepted(checked, bronzeColumns, runId, at);
    return Steps.run(
        spark,
        report,
        "commit_interactions",
        "Replace the batch's dates in silver.interactions",
        () -> {
          SilverTables.ensureEvolving(
              spark,
              Qualified.SILVER_INTERACTIONS,
              accepted.schema(),
              List.of(EVENT_DATE),
              "Deduplicated, validated, enriched Customer 360 interactions, one row per interaction_id");
          List<LocalDate> changed = changedDates(spark, batch, accepted);
          if (!changed.isEmpty()) {
            Column onChangedDates = col(EVENT_DATE).isin(Batch.dateValues(changed));
            IcebergTables.overwrite(
                SilverTables.alignTo(spark.table(Qualified.SILVER_INTERACTIONS).schema(), accepted)
                    .where(onChangedDates),
                Qualified.SILVER_INTERACTIONS,
                onChangedDates);
          }
          report.detail(
              "interactions_dates_replaced", changed.stream().map(LocalDate::toString).toList());
          return changed;
        });
  }

  /**
   * The batch's dates to replace: all of them when silver holds none of them (a new date: no digest
   * of the batch is needed), else those whose digests differ.
   */
  private static List<LocalDate> changedDates(
      SparkSession spark, Batch batch, Dataset<Row> accepted) {
    DateDigests stored =
        DateDigests.of(
            spark
                .table(Qualified.SILVER_INTERACTIONS)
                .where(col(EVENT_DATE).isin(batch.dateValues())));
    if (stored.isEmpty()) {
      return batch.dates();
    }
    return DateDigests.changed(batch.dates(), stored, DateDigests.of(accepted));
  }

  /** Drops the cached checked rows. */
  void release() {
    checked.unpersist();
  }
}
