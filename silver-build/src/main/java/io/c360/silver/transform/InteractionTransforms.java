package io.c360.silver.transform;

import static io.c360.common.naming.BronzeColumns.*;
import static org.apache.spark.sql.functions.*;

import io.c360.common.naming.SilverColumns;
import io.c360.common.naming.Vocabulary;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Cleans, deduplicates, validates and enriches bronze interactions. Pure: frames in, frames out.
 *
 * <p>The steps, in order: {@link #withCanonicalCodes} (keeps the values as received in {@code
 * raw_*} columns), {@link #withDuplicateFlag} (business key {@code interaction_id}: the earliest
 * delivery wins), {@link #withRuleIds} (needs the known customer ids), and {@link #withEnrichment}
 * for the accepted rows.
 */
public final class InteractionTransforms {
  public static final String RAW_CHANNEL = "raw_channel";
  public static final String IS_DUPLICATE = "is_duplicate";
  public static final String RAW_EVENT_TYPE = "raw_event_type";
  public static final String RAW_CURRENCY = "raw_currency";
  public static final String RAW_ORDER_STATUS = "raw_order_status";
  public static final String REPAIRED_CHANNEL = "repaired_channel";

  /** The bronze column of each {@code raw_} column of {@link #withCanonicalCodes}. */
  public static final Map<String, String> RAW_COLUMNS =
      Map.of(
          CHANNEL,
          RAW_CHANNEL,
          EVENT_TYPE,
          RAW_EVENT_TYPE,
          CURRENCY,
          RAW_CURRENCY,
          ORDER_STATUS,
          RAW_ORDER_STATUS);

  /** True on a tombstone from {@link #withTombstones}: the MERGE deletes that target row. */
  public static final String DELETE_FLAG = "_delete";

  private static final String KNOWN_CUSTOMER = "_known_customer";

  private InteractionTransforms() {}

  /**
   * Coded columns to their canonical form, each keeping its value as received under a {@code raw_}
   * name for the quarantine: {@code channel}, {@code event_type} and {@code order_status} trimmed,
   * lower case, runs of spaces, hyphens and underscores as one underscore ("Mobile-App " becomes
   * "mobile_app"); {@code currency} trimmed and upper case ("usd " becomes "USD"). Format
   * characters (zero-width, bidi controls) are removed with the whitespace ({@link
   * Columns#cleanText}).
   */
  public static Dataset<Row> withCanonicalCodes(Dataset<Row> bronze) {
    return bronze
        .withColumn(RAW_CHANNEL, col(CHANNEL))
        .withColumn(RAW_EVENT_TYPE, col(EVENT_TYPE))
        .withColumn(RAW_CURRENCY, col(CURRENCY))
        .withColumn(RAW_ORDER_STATUS, col(ORDER_STATUS))
        .withColumn(CHANNEL, code(col(CHANNEL)))
        .withColumn(EVENT_TYPE, code(col(EVENT_TYPE)))
        .withColumn(ORDER_STATUS, code(col(ORDER_STATUS)))
        .withColumn(CURRENCY, upper(Columns.cleanText(col(CURRENCY))))
        .withColumn(REPAIRED_CHANNEL, not(col(RAW_CHANNEL).eqNullSafe(col(CHANNEL))));
  }

  private static Column code(Column value) {
    return regexp_replace(lower(Columns.cleanText(value)), "[\\s\\-_]+", "_");
  }

  /**
   * Flags every delivery of an interaction but the first: per {@code interaction_id}, the earliest
   * {@code ingested_at} is kept, ties broken by a hash of the whole row. Rows without an id are
   * never duplicates (they are quarantined by their own rule).
   */
  public static Dataset<Row> withDuplicateFlag(Dataset<Row> rows) {
    Column wholeRow =
        xxhash64(
            Arrays.stream(rows.columns())
                .map(org.apache.spark.sql.functions::col)
                .toArray(Column[]::new));
    Column delivery =
        row_number()
            .over(
                Window.partitionBy(col(INTERACTION_ID))
                    .orderBy(col(INGESTED_AT).asc_nulls_last(), wholeRow.asc()));
    return rows.withColumn(IS_DUPLICATE, col(INTERACTION_ID).isNotNull().and(delivery.gt(lit(1))));
  }

  /**
   * Adds {@code rule_ids}, the ids of every interaction rule the row breaks ({@link
   * InteractionRules}); reads the canonical codes of {@link #withCanonicalCodes}.
   *
   * @param knownCustomerIds one column, {@code customer_id}, distinct: every customer bronze or
   *     silver knows, accepted or quarantined
   */
  public static Dataset<Row> withRuleIds(Dataset<Row> rows, Dataset<Row> knownCustomerIds) {
    Dataset<Row> known =
        knownCustomerIds
            .select(col(CUSTOMER_ID).as("_known_id"))
            .withColumn(KNOWN_CUSTOMER, lit(true));
    Dataset<Row> joined =
        rows.join(known, rows.col(CUSTOMER_ID).equalTo(known.col("_known_id")), "left_outer")
            .drop("_known_id");
    List<Column> checks = InteractionRules.checks(col(KNOWN_CUSTOMER).isNotNull());
    return joined
        .withColumn(SilverColumns.RULE_IDS, array_compact(array(checks.toArray(Column[]::new))))
        .drop(KNOWN_CUSTOMER);
  }

  /**
   * Adds {@code event_hour}, {@code is_weekend} and {@code revenue_usd} (revenue at the reference
   * rates of {@link Vocabulary#USD_PER_UNIT}).
   */
  public static Dataset<Row> withEnrichment(Dataset<Row> accepted) {
    Column rate = lit(null).cast("decimal(6,4)");
    for (int i = Vocabulary.CURRENCIES.size() - 1; i >= 0; i--) {
      rate =
          when(
                  col(CURRENCY).equalTo(lit(Vocabulary.CURRENCIES.get(i))),
                  lit(new java.math.BigDecimal(Vocabulary.USD_PER_UNIT.get(i)))
                      .cast("decimal(6,4)"))
              .otherwise(rate);
    }
    return accepted
        .withColumn(SilverColumns.EVENT_HOUR, hour(col(EVENT_TS)))
        .withColumn(SilverColumns.IS_WEEKEND, dayofweek(col(EVENT_DATE)).isin(1, 7))
        .withColumn(
            SilverColumns.REVENUE_USD, round(col(REVENUE).multiply(rate), 2).cast("decimal(14,2)"));
  }

  /**
   * The rows silver keeps: not a duplicate, no rule broken; enriched, in silver's column order
   * ({@code bronzeColumns}, then the enrichment), with the record hash and the run's lineage.
   */
  public static Dataset<Row> selectAccepted(
      Dataset<Row> checked, List<String> bronzeColumns, String runId, Timestamp loadedAt) {
    Dataset<Row> accepted =
        withEnrichment(
            checked.filter(
                not(col(IS_DUPLICATE)).and(size(col(SilverColumns.RULE_IDS)).equalTo(0))));
    List<String> business = new ArrayList<>(bronzeColumns);
    business.addAll(
        List.of(SilverColumns.EVENT_HOUR, SilverColumns.IS_WEEKEND, SilverColumns.REVENUE_USD));
    return accepted.select(Columns.silverRow(business, runId, loadedAt));
  }

  /**
   * The batch's rows with {@link #DELETE_FLAG} false, plus a tombstone (the key, {@link
   * #DELETE_FLAG} true, every other column null) for every row silver has on the batch's dates that
   * the batch no longer has (a regenerated bronze date, a row now quarantined).
   *
   * @param current {@code interaction_id} and {@code event_date} of silver's rows on the batch's
   *     dates
   */
  public static Dataset<Row> withTombstones(Dataset<Row> accepted, Dataset<Row> current) {
    Dataset<Row> keys =
        accepted.select(col(INTERACTION_ID).as("_batch_id"), col(EVENT_DATE).as("_batch_date"));
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
}
