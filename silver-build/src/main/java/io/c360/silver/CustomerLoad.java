package io.c360.silver;

import static io.c360.common.naming.BronzeColumns.*;
import static io.c360.common.naming.SilverColumns.*;
import static org.apache.spark.sql.functions.*;

import io.c360.common.naming.BronzeSchemas;
import io.c360.common.naming.Tables;
import io.c360.common.naming.Tables.Qualified;
import io.c360.common.report.RunReport;
import io.c360.common.report.Steps;
import io.c360.silver.read.BronzeReader;
import io.c360.silver.read.SilverReader;
import io.c360.silver.transform.Columns;
import io.c360.silver.transform.CustomerFeatures;
import io.c360.silver.transform.CustomerTransforms;
import io.c360.silver.validate.BatchCounts;
import io.c360.silver.validate.Rule;
import io.c360.silver.write.SilverTables;
import io.c360.silver.write.SilverWriter;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The batch's bronze customers: read, standardized and checked against the rules, then (after the
 * gate) the refresh of {@code silver.customers}: the newest accepted profile of every customer
 * (this batch's or the one silver has), its features as of a date from silver.interactions, its RFM
 * segment, MERGEd on customer_id. Every customer is refreshed, since recency and windows move with
 * the date.
 */
final class CustomerLoad {
  private static final List<String> FEATURE_COLUMNS =
      List.of(
          FEATURES_AS_OF,
          LAST_INTERACTION_DATE,
          RECENCY_DAYS,
          EVENTS_90D,
          ORDERS_90D,
          MONETARY_90D_USD,
          SESSIONS_7D,
          SESSIONS_30D,
          SESSIONS_90D,
          TIME_SPENT_7D_SEC,
          TIME_SPENT_30D_SEC,
          TIME_SPENT_90D_SEC,
          TOP_CHANNEL_90D,
          RETURN_RATE_90D,
          SUPPORT_CONTACTS_90D,
          NPS_LAST_30D,
          NPS_PREVIOUS_60D,
          NPS_TREND,
          RFM_RECENCY,
          RFM_FREQUENCY,
          RFM_MONETARY,
          RFM_SCORE,
          VALUE_SEGMENT);

  /** Interaction columns the features read (column pruning on silver.interactions). */
  private static final List<String> FEATURE_INPUTS =
      List.of(
          CUSTOMER_ID,
          EVENT_DATE,
          EVENT_TYPE,
          CHANNEL,
          SESSION_ID,
          SESSION_DURATION_SEC,
          ORDER_STATUS,
          IS_RETURNED,
          REVENUE_USD,
          NPS_SCORE);

  private static final String VIEW = "silver_batch_customers";

  /** Standardized rows with their rule ids, persisted: counts, quarantine and MERGE read them. */
  private final Dataset<Row> checked;

  private CustomerLoad(Dataset<Row> checked) {
    this.checked = checked;
  }

  /** Reads the batch's partitions of bronze customers and defines their checks (lazily). */
  static CustomerLoad read(SparkSession spark, RunReport report, Path root, Batch batch) {
    BronzeReader.Read read =
        BronzeReader.read(
            spark,
            root,
            Tables.BRONZE_CUSTOMERS,
            BronzeSchemas.CUSTOMERS,
            batch.partitions(Tables.BRONZE_CUSTOMERS));
    if (!read.extraColumns().isEmpty()) {
      report.detail("customers_columns_not_carried", read.extraColumnNames());
    }
    // Standardizing a profile (libphonenumber, the email validator, names) costs tens of
    // microseconds, 30 times moving the row: spread over every core, also when a day's snapshot is
    // one file read by one task.
    Dataset<Row> rows = read.rows().repartition(spark.sparkContext().defaultParallelism());
    return new CustomerLoad(
        CustomerTransforms.withRuleIds(CustomerTransforms.withStandardization(rows))
            .persist(StorageLevel.MEMORY_AND_DISK()));
  }

  /** Counts the rows per date, rule and repair (Spark job group {@code validate}). */
  BatchCounts check(SparkSession spark, RunReport report) {
    return Steps.run(
        spark,
        report,
        "validate",
        "Count customers per rule",
        () ->
            BatchCounts.count(
                checked,
                Rule.Source.CUSTOMERS,
                CustomerTransforms.bronzeEventDate(),
                lit(false),
                lit(false),
                Map.of(
                    "nonstandard_state", col(CustomerTransforms.REPAIRED_STATE),
                    "nonstandard_country", col(CustomerTransforms.REPAIRED_COUNTRY),
                    "untrimmed_text", col(CustomerTransforms.REPAIRED_TEXT))));
  }

  /** Standardized rows with {@code rule_ids}: the input of the quarantine. */
  Dataset<Row> checked() {
    return checked;
  }

  /** Every customer id bronze or silver knows, accepted or quarantined. */
  Dataset<Row> knownIds(SparkSession spark) {
    return CustomerTransforms.knownCustomerIds(checked, SilverReader.customerIds(spark));
  }

  /**
   * Refreshes silver.customers (Spark job group {@code commit_customers}).
   *
   * @return the number of customers in silver after the MERGE
   */
  long commit(SparkSession spark, RunReport report, LocalDate asOf, String runId, Timestamp at) {
    return Steps.run(
        spark,
        report,
        "commit_customers",
        "Refresh profiles, features and segments; MERGE into silver.customers",
        () -> merge(spark, asOf, runId, at));
  }

  /** Drops the cached checked rows. */
  void release() {
    checked.unpersist();
  }

  private long merge(SparkSession spark, LocalDate asOf, String runId, Timestamp at) {
    Dataset<Row> profiles =
        CustomerTransforms.latestProfiles(
            CustomerTransforms.selectProfile(checked.filter(size(col(RULE_IDS)).equalTo(0))),
            SilverReader.customers(spark));
    Dataset<Row> features =
        CustomerFeatures.features(SilverReader.interactions(spark, FEATURE_INPUTS), asOf);
    List<String> business = new ArrayList<>(CustomerTransforms.PROFILE_COLUMNS);
    business.addAll(FEATURE_COLUMNS);
    Dataset<Row> result =
        CustomerFeatures.withFeatures(profiles, features, asOf)
            .select(Columns.silverRow(business, runId, at));

    SilverTables.ensureEvolving(
        spark,
        Qualified.SILVER_CUSTOMERS,
        result.schema(),
        List.of(),
        "One current, standardized row per customer with behavioural features and RFM segment");
    SilverWriter.run(
        spark,
        result,
        VIEW,
        SilverWriter.mergeByKeys(
            Qualified.SILVER_CUSTOMERS,
            VIEW,
            List.of(CUSTOMER_ID),
            List.of(result.columns()),
            RECORD_HASH));
    return SilverReader.customerCount(spark);
  }
}
