package io.c360.silver;

import static io.c360.common.naming.BronzeColumns.*;
import static org.apache.spark.sql.functions.*;

import io.c360.common.cli.JobFailure;
import io.c360.common.cli.JobLauncher;
import io.c360.common.iceberg.IcebergTables;
import io.c360.common.naming.BronzeSchemas;
import io.c360.common.naming.SilverColumns;
import io.c360.common.naming.Tables;
import io.c360.common.naming.Tables.Qualified;
import io.c360.common.report.RunReport;
import io.c360.common.report.Steps;
import io.c360.silver.read.BronzeInventory;
import io.c360.silver.read.BronzeReader;
import io.c360.silver.transform.CustomerTransforms;
import io.c360.silver.transform.InteractionTransforms;
import io.c360.silver.transform.Quarantine;
import io.c360.silver.validate.BatchCounts;
import io.c360.silver.validate.QualityGate;
import io.c360.silver.validate.Reconciliation;
import io.c360.silver.validate.Rule;
import io.c360.silver.write.SilverTables;
import io.c360.silver.write.SilverWriter;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * silver-build: picks the bronze dates to process, reads them, standardizes, validates and
 * deduplicates, checks the counts (reconciliation and the data-quality gate) before any commit,
 * then commits quarantine, interactions, customers and progress, in that order. Each commit is
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
            spark, report, "plan", "List bronze partitions and manifests", () -> scan(spark, root));
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
      report.count("input_rows", 0);
      report.count("output_rows", 0);
      report.count("rejected_rows", 0);
      report.detail("result", "nothing new in bronze: every complete partition is processed");
      System.out.println(JOB + ": nothing to do; every complete bronze partition is processed.");
      return;
    }
    Instant loadedAt = Instant.now();
    Timestamp loadedAtTs = Timestamp.from(loadedAt);
    String runId = report.runId();

    // Read and check the customers.
    BronzeReader.Read customersRead =
        BronzeReader.read(
            spark,
            new Path(root, Tables.BRONZE_CUSTOMERS).toString(),
            BronzeSchemas.CUSTOMERS,
            batch.partitions(Tables.BRONZE_CUSTOMERS));
    if (!customersRead.extraColumns().isEmpty()) {
      report.detail(
          "customers_columns_not_carried",
          customersRead.extraColumns().stream().map(f -> f.name()).toList());
    }
    Dataset<Row> checkedCustomers =
        CustomerTransforms.withRuleIds(CustomerTransforms.withStandardization(customersRead.rows()))
            .persist(StorageLevel.MEMORY_AND_DISK());
    BatchCounts customerCounts =
        Steps.run(
            spark,
            report,
            "validate",
            "Count customers per rule",
            () ->
                BatchCounts.count(
                    checkedCustomers,
                    Rule.Source.CUSTOMERS,
                    CustomerTransforms.bronzeEventDate(),
                    lit(false),
                    Map.of(
                        "nonstandard_state", col(CustomerTransforms.REPAIRED_STATE),
                        "nonstandard_country", col(CustomerTransforms.REPAIRED_COUNTRY),
                        "untrimmed_text", col(CustomerTransforms.REPAIRED_TEXT))));

    // Read and check the interactions.
    BronzeReader.Read interactionsRead =
        BronzeReader.read(
            spark,
            new Path(root, Tables.BRONZE_INTERACTIONS).toString(),
            BronzeSchemas.INTERACTIONS,
            batch.partitions(Tables.BRONZE_INTERACTIONS));
    List<String> bronzeInteractionColumns = Arrays.asList(interactionsRead.rows().columns());
    if (!interactionsRead.extraColumns().isEmpty()) {
      report.detail(
          "interactions_columns_added",
          interactionsRead.extraColumns().stream().map(f -> f.name()).toList());
    }
    Dataset<Row> knownCustomers = knownCustomerIds(spark, checkedCustomers);
    Dataset<Row> checkedInteractions =
        InteractionTransforms.withRuleIds(
                InteractionTransforms.withDuplicateFlag(
                    InteractionTransforms.withCanonicalChannel(interactionsRead.rows())),
                knownCustomers)
            .persist(StorageLevel.MEMORY_AND_DISK());
    BatchCounts interactionCounts =
        Steps.run(
            spark,
            report,
            "validate",
            "Count interactions per rule",
            () ->
                BatchCounts.count(
                    checkedInteractions,
                    Rule.Source.INTERACTIONS,
                    col(EVENT_DATE),
                    col(InteractionTransforms.IS_DUPLICATE),
                    Map.of("noncanonical_channel", col(InteractionTransforms.REPAIRED_CHANNEL))));

    // Guarantees, before any commit.
    Map<String, BatchCounts> counts = new LinkedHashMap<>();
    counts.put(Tables.BRONZE_CUSTOMERS, customerCounts);
    counts.put(Tables.BRONZE_INTERACTIONS, interactionCounts);
    report(report, counts);
    List<String> mismatches = Reconciliation.check(inventory, counts, batch.dates());
    report.detail(
        "reconciliation",
        mismatches.isEmpty()
            ? "ok: counts match the bronze manifests"
            : String.join("; ", mismatches));
    System.out.println(SilverSummary.format(counts, mismatches, batch.dates()));
    if (!mismatches.isEmpty()) {
      throw JobFailure.dataQuality(
          "Counts do not reconcile with bronze; nothing was committed:\n  "
              + String.join("\n  ", mismatches));
    }
    QualityGate.check(counts, options.maxRejectRate());

    // Commits.
    Dataset<Row> quarantine =
        Quarantine.fromCustomers(checkedCustomers, runId, loadedAtTs)
            .unionByName(
                Quarantine.fromInteractions(
                    checkedInteractions, bronzeInteractionColumns, runId, loadedAtTs));
    Steps.run(
        spark,
        report,
        "commit_quarantine",
        "Replace the quarantine rows of the batch's dates",
        () -> {
          IcebergTables.overwrite(
              quarantine, Qualified.SILVER_QUARANTINE, col(EVENT_DATE).isin(batch.dateValues()));
          return null;
        });

    Dataset<Row> acceptedInteractions =
        interactionsForSilver(checkedInteractions, bronzeInteractionColumns, runId, loadedAtTs);
    Steps.run(
        spark,
        report,
        "commit_interactions",
        "MERGE the batch into silver.interactions",
        () -> {
          SilverTables.ensureEvolving(
              spark,
              Qualified.SILVER_INTERACTIONS,
              acceptedInteractions.schema(),
              List.of(EVENT_DATE),
              "Deduplicated, validated, enriched Customer 360 interactions, one row per interaction_id");
          SilverWriter.run(
              spark,
              withTombstones(spark, acceptedInteractions, batch),
              "silver_batch_interactions",
              SilverWriter.mergeByDates(
                  Qualified.SILVER_INTERACTIONS,
                  "silver_batch_interactions",
                  List.of(INTERACTION_ID),
                  EVENT_DATE,
                  batch.dates(),
                  Arrays.asList(acceptedInteractions.columns()),
                  SilverColumns.RECORD_HASH,
                  DELETE_FLAG));
          return null;
        });

    LocalDate asOf = options.asOf().orElseGet(() -> latestEventDate(spark, batch));
    report.detail("features_as_of", asOf.toString());
    long customersWritten =
        Steps.run(
            spark,
            report,
            "commit_customers",
            "Refresh profiles, features and segments; MERGE into silver.customers",
            () -> CustomerLoad.run(spark, checkedCustomers, asOf, runId, loadedAtTs));

    Steps.run(
        spark,
        report,
        "commit_progress",
        "Record the processed bronze partitions",
        () -> {
          Progress.record(spark, batch, counts, runId, loadedAtTs);
          return null;
        });

    report.count(
        "input_rows",
        customerCounts.total(BatchCounts.ROWS) + interactionCounts.total(BatchCounts.ROWS));
    report.count("output_rows", interactionCounts.total(BatchCounts.ACCEPTED) + customersWritten);
    report.count(
        "rejected_rows",
        customerCounts.total(BatchCounts.QUARANTINED)
            + interactionCounts.total(BatchCounts.QUARANTINED));
    report.count("customers_in_silver", customersWritten);
    checkedCustomers.unpersist();
    checkedInteractions.unpersist();
  }

  private static final String DELETE_FLAG = "_delete";

  /**
   * The batch's rows, plus a deletion marker for every row silver has on the batch's dates that the
   * batch no longer has (a regenerated bronze date, a row now quarantined). Reads only the batch's
   * dates of the target.
   */
  private static Dataset<Row> withTombstones(
      SparkSession spark, Dataset<Row> accepted, Batch batch) {
    Dataset<Row> keys =
        accepted.select(col(INTERACTION_ID).as("_batch_id"), col(EVENT_DATE).as("_batch_date"));
    Dataset<Row> current =
        spark
            .table(Qualified.SILVER_INTERACTIONS)
            .filter(col(EVENT_DATE).isin(batch.dateValues()))
            .select(col(INTERACTION_ID), col(EVENT_DATE));
    Dataset<Row> stale =
        current.join(
            keys,
            col(INTERACTION_ID)
                .equalTo(col("_batch_id"))
                .and(col(EVENT_DATE).equalTo(col("_batch_date"))),
            "left_anti");
    return accepted
        .withColumn(DELETE_FLAG, lit(false))
        .unionByName(stale.withColumn(DELETE_FLAG, lit(true)), true);
  }

  /** Every customer id bronze or silver knows, accepted or quarantined. */
  private static Dataset<Row> knownCustomerIds(SparkSession spark, Dataset<Row> checkedCustomers) {
    Dataset<Row> known =
        checkedCustomers.select(col(CUSTOMER_ID)).filter(col(CUSTOMER_ID).isNotNull());
    if (IcebergTables.exists(spark, Qualified.SILVER_CUSTOMERS)) {
      known = known.union(spark.table(Qualified.SILVER_CUSTOMERS).select(col(CUSTOMER_ID)));
    }
    known =
        known.union(
            spark
                .table(Qualified.SILVER_QUARANTINE)
                .filter(
                    col(SilverColumns.SOURCE_TABLE)
                        .equalTo(lit(Tables.BRONZE_CUSTOMERS))
                        .and(col(CUSTOMER_ID).isNotNull()))
                .select(col(CUSTOMER_ID)));
    return known.distinct();
  }

  /** Accepted interactions in silver's column order, with enrichment, hash and lineage. */
  static Dataset<Row> interactionsForSilver(
      Dataset<Row> checked, List<String> bronzeColumns, String runId, Timestamp loadedAt) {
    Dataset<Row> accepted =
        InteractionTransforms.withEnrichment(
            checked.filter(
                not(col(InteractionTransforms.IS_DUPLICATE))
                    .and(size(col(SilverColumns.RULE_IDS)).equalTo(0))));
    List<String> business = new ArrayList<>(bronzeColumns);
    business.addAll(
        List.of(SilverColumns.EVENT_HOUR, SilverColumns.IS_WEEKEND, SilverColumns.REVENUE_USD));
    return accepted.select(io.c360.silver.transform.Columns.silverRow(business, runId, loadedAt));
  }

  private static LocalDate latestEventDate(SparkSession spark, Batch batch) {
    Row latest = spark.table(Qualified.SILVER_INTERACTIONS).agg(max(col(EVENT_DATE))).first();
    if (latest.isNullAt(0)) {
      return batch.dates().get(batch.dates().size() - 1);
    }
    return latest.getDate(0).toLocalDate();
  }

  private static void report(RunReport report, Map<String, BatchCounts> counts) {
    counts.forEach(
        (table, tableCounts) ->
            tableCounts.totals().forEach((name, value) -> report.count(table + "." + name, value)));
  }

  private static BronzeInventory scan(SparkSession spark, Path root) {
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) {
        throw JobFailure.usage(
            "Cannot build silver: the bronze root "
                + root
                + " does not exist. Run bronze-ingest"
                + " first, or pass the --output it used as --bronze.");
      }
      return BronzeInventory.scan(fs, root);
    } catch (IOException e) {
      throw JobFailure.externalUnavailable(
          "Cannot list the bronze root "
              + root
              + ": "
              + e.getMessage()
              + ". Check the endpoint, credentials and bucket (spark.hadoop.fs.s3a.*).",
          e);
    }
  }
}
