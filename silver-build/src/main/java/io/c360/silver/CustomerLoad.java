package io.c360.silver;

import static io.c360.common.naming.BronzeColumns.*;
import static io.c360.common.naming.SilverColumns.*;
import static org.apache.spark.sql.functions.*;

import io.c360.common.iceberg.IcebergTables;
import io.c360.common.naming.Tables.Qualified;
import io.c360.silver.transform.Columns;
import io.c360.silver.transform.CustomerFeatures;
import io.c360.silver.transform.CustomerTransforms;
import io.c360.silver.write.SilverTables;
import io.c360.silver.write.SilverWriter;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Refreshes {@code silver.customers}: the newest accepted profile of every customer (this batch's
 * or the one silver has), its features as of a date from silver.interactions, its RFM segment,
 * MERGEd on customer_id. Every customer is refreshed, since recency and windows move with the date.
 */
final class CustomerLoad {
  static final List<String> FEATURE_COLUMNS =
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

  private CustomerLoad() {}

  /** Returns the number of customers in silver after the MERGE. */
  static long run(
      SparkSession spark,
      Dataset<Row> checkedCustomers,
      LocalDate asOf,
      String runId,
      Timestamp at) {
    Dataset<Row> batchProfiles =
        CustomerTransforms.selectProfile(checkedCustomers.filter(size(col(RULE_IDS)).equalTo(0)));
    boolean exists = IcebergTables.exists(spark, Qualified.SILVER_CUSTOMERS);
    Dataset<Row> candidates = batchProfiles;
    Dataset<Row> lastSeen = null;
    if (exists) {
      Dataset<Row> current = spark.table(Qualified.SILVER_CUSTOMERS);
      candidates =
          candidates.unionByName(
              current.select(
                  Columns.concatColumns(
                      CustomerTransforms.PROFILE_COLUMNS,
                      Columns.recordHash(CustomerTransforms.PROFILE_COLUMNS).as(RECORD_HASH))));
      lastSeen = current.select(col(CUSTOMER_ID).as("_seen_id"), col(LAST_INTERACTION_DATE));
    }
    Dataset<Row> profiles = CustomerTransforms.latestVersions(candidates).drop(RECORD_HASH);
    if (lastSeen == null) {
      profiles = profiles.withColumn(LAST_INTERACTION_DATE, lit(null).cast("date"));
    } else {
      profiles =
          profiles
              .join(
                  lastSeen,
                  profiles.col(CUSTOMER_ID).equalTo(lastSeen.col("_seen_id")),
                  "left_outer")
              .drop("_seen_id");
    }
    Dataset<Row> interactions =
        spark
            .table(Qualified.SILVER_INTERACTIONS)
            .select(
                FEATURE_INPUTS.stream()
                    .map(org.apache.spark.sql.functions::col)
                    .toArray(Column[]::new));
    Dataset<Row> withFeatures =
        CustomerFeatures.withFeatures(
            profiles, CustomerFeatures.features(interactions, asOf), asOf);

    List<String> business = new ArrayList<>(CustomerTransforms.PROFILE_COLUMNS);
    business.addAll(FEATURE_COLUMNS);
    Dataset<Row> result = withFeatures.select(Columns.silverRow(business, runId, at));

    SilverTables.ensureEvolving(
        spark,
        Qualified.SILVER_CUSTOMERS,
        result.schema(),
        List.of(),
        "One current, standardized row per customer with behavioural features and RFM segment");
    SilverWriter.run(
        spark,
        result,
        "silver_batch_customers",
        SilverWriter.mergeByKeys(
            Qualified.SILVER_CUSTOMERS,
            "silver_batch_customers",
            List.of(CUSTOMER_ID),
            List.of(result.columns()),
            RECORD_HASH));
    return spark.table(Qualified.SILVER_CUSTOMERS).count();
  }
}
