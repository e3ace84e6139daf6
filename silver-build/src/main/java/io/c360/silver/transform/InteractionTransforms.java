package io.c360.silver.transform;

import static io.c360.common.naming.BronzeColumns.*;
import static org.apache.spark.sql.functions.*;

import io.c360.common.naming.BronzeSchemas;
import io.c360.common.naming.SilverColumns;
import io.c360.common.naming.Vocabulary;
import io.c360.silver.validate.Rule;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Cleans, deduplicates, validates and enriches bronze interactions. Pure: frames in, frames out.
 *
 * <p>The steps, in order: {@link #withCanonicalChannel} (keeps the value as received in {@code
 * raw_channel}), {@link #withDuplicateFlag} (business key {@code interaction_id}: the earliest
 * delivery wins), {@link #withRuleIds} (needs the known customer ids), and {@link #withEnrichment}
 * for the accepted rows.
 */
public final class InteractionTransforms {
  public static final String RAW_CHANNEL = "raw_channel";
  public static final String IS_DUPLICATE = "is_duplicate";
  public static final String REPAIRED_CHANNEL = "repaired_channel";

  /** True on a tombstone from {@link #withTombstones}: the MERGE deletes that target row. */
  public static final String DELETE_FLAG = "_delete";

  private static final String KNOWN_CUSTOMER = "_known_customer";

  private InteractionTransforms() {}

  /**
   * Channels to their canonical form: trimmed, lower case, runs of spaces and hyphens as one
   * underscore ("Mobile-App " becomes "mobile_app").
   */
  public static Dataset<Row> withCanonicalChannel(Dataset<Row> bronze) {
    Column canonical = regexp_replace(lower(Columns.cleanText(col(CHANNEL))), "[\\s\\-_]+", "_");
    return bronze
        .withColumn(RAW_CHANNEL, col(CHANNEL))
        .withColumn(CHANNEL, canonical)
        .withColumn(REPAIRED_CHANNEL, not(col(RAW_CHANNEL).eqNullSafe(col(CHANNEL))));
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
   * Adds {@code rule_ids}, the ids of every interaction rule the row breaks.
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
    Column purchase = col(EVENT_TYPE).equalTo(lit(Vocabulary.PURCHASE));
    Column expectedRevenue =
        round(
            col(QUANTITY)
                .cast(BronzeSchemas.PRICE)
                .multiply(col(UNIT_PRICE))
                .multiply(lit(1).minus(col(DISCOUNT_RATE))),
            2);
    List<Column> checks = new ArrayList<>();
    checks.add(flag(Rule.INTERACTION_MISSING_ID, col(INTERACTION_ID).isNull()));
    checks.add(flag(Rule.INTERACTION_MISSING_CUSTOMER, col(CUSTOMER_ID).isNull()));
    checks.add(
        flag(Rule.ORPHAN_CUSTOMER, col(CUSTOMER_ID).isNotNull().and(col(KNOWN_CUSTOMER).isNull())));
    checks.add(flag(Rule.FUTURE_TIMESTAMP, col(EVENT_TS).gt(col(INGESTED_AT))));
    checks.add(
        flag(
            Rule.NEGATIVE_AMOUNT,
            col(QUANTITY).lt(0).or(col(UNIT_PRICE).lt(0)).or(col(REVENUE).lt(0))));
    checks.add(
        flag(
            Rule.REVENUE_MISMATCH,
            purchase
                .and(col(REVENUE).isNotNull())
                .and(expectedRevenue.isNotNull())
                .and(col(REVENUE).notEqual(expectedRevenue))));
    checks.add(
        flag(
            Rule.UNKNOWN_CHANNEL,
            not(coalesce(col(CHANNEL).isin(Vocabulary.CHANNELS.toArray()), lit(false)))));
    checks.add(flag(Rule.NPS_OUT_OF_RANGE, col(NPS_SCORE).lt(0).or(col(NPS_SCORE).gt(10))));
    checks.add(flag(Rule.RETURN_BEFORE_PURCHASE, col(RETURNED_AT).lt(col(EVENT_TS))));
    checks.add(flag(Rule.MISSING_EVENT_TS, col(EVENT_TS).isNull().or(col(INGESTED_AT).isNull())));
    checks.add(
        flag(
            Rule.UNKNOWN_EVENT_TYPE,
            not(coalesce(col(EVENT_TYPE).isin(Vocabulary.EVENT_TYPES.toArray()), lit(false)))));
    checks.add(flag(Rule.REVENUE_WITHOUT_PURCHASE, col(REVENUE).isNotNull().and(not(purchase))));
    checks.add(
        flag(
            Rule.INCOMPLETE_PURCHASE,
            purchase.and(
                col(QUANTITY).isNull().or(col(UNIT_PRICE).isNull()).or(col(REVENUE).isNull()))));
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

  private static Column flag(Rule rule, Column broken) {
    return when(broken, lit(rule.id()));
  }
}
