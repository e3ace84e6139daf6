package io.c360.silver;

import static io.c360.common.naming.BronzeColumns.*;
import static org.apache.spark.sql.functions.*;

import io.c360.common.naming.BronzeSchemas;
import io.c360.common.naming.SilverColumns;
import io.c360.common.naming.Tables;
import io.c360.common.naming.Tables.Qualified;
import io.c360.common.report.RunReport;
import io.c360.common.report.Steps;
import io.c360.silver.read.BronzeReader;
import io.c360.silver.read.SilverReader;
import io.c360.silver.transform.InteractionTransforms;
import io.c360.silver.validate.BatchCounts;
import io.c360.silver.validate.Rule;
import io.c360.silver.write.SilverTables;
import io.c360.silver.write.SilverWriter;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The batch's bronze interactions: read, with channels cleaned, duplicates and re-deliveries of
 * what silver holds on other dates flagged, and rules checked, then (after the gate) MERGEd into
 * {@code silver.interactions}, replacing the batch's dates.
 */
final class InteractionLoad {
  private static final String VIEW = "silver_batch_interactions";

  /** Checked rows with duplicate flag and rule ids, persisted: counts, quarantine and MERGE. */
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
   * MERGEs the accepted rows into silver.interactions on the batch's dates, deleting the rows of
   * those dates the batch no longer has (Spark job group {@code commit_interactions}).
   */
  void commit(SparkSession spark, RunReport report, Batch batch, String runId, Timestamp at) {
    Dataset<Row> accepted = InteractionTransforms.selectAccepted(checked, bronzeColumns, runId, at);
    Steps.run(
        spark,
        report,
        "commit_interactions",
        "MERGE the batch into silver.interactions",
        () -> {
          SilverTables.ensureEvolving(
              spark,
              Qualified.SILVER_INTERACTIONS,
              accepted.schema(),
              List.of(EVENT_DATE),
              "Deduplicated, validated, enriched Customer 360 interactions, one row per interaction_id");
          SilverWriter.run(
              spark,
              InteractionTransforms.withTombstones(
                  accepted, SilverReader.interactionKeys(spark, batch.dateValues())),
              VIEW,
              SilverWriter.mergeByDates(
                  Qualified.SILVER_INTERACTIONS,
                  VIEW,
                  List.of(INTERACTION_ID),
                  EVENT_DATE,
                  batch.dates(),
                  Arrays.asList(accepted.columns()),
                  SilverColumns.RECORD_HASH,
                  InteractionTransforms.DELETE_FLAG));
          return null;
        });
  }

  /** Drops the cached checked rows. */
  void release() {
    checked.unpersist();
  }
}
