package io.c360.silver.transform;

import static io.c360.common.naming.BronzeColumns.*;
import static org.apache.spark.sql.functions.*;

import io.c360.common.naming.SilverColumns;
import io.c360.common.naming.Vocabulary;
import io.c360.silver.validate.Rule;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * Cleans, deduplicates, validates and enriches bronze interactions. Pure: frames in, frames out.
 *
 * <p>The steps, in order: {@link #withCanonicalCodes} (keeps the values as received in {@code
 * raw_*} columns), {@link #withDuplicateFlag} (business key {@code interaction_id} across all
 * dates: a stored row, else the earliest delivery wins), {@link #withRuleIds} (needs the known
 * customer ids), {@link #withRedeliveryRule}, and {@link #withEnrichment} for the accepted rows.
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

  /** True on a removed delivery that repeats, on another date, the contents of the kept one. */
  public static final String IS_REDELIVERED = "is_redelivered";

  /** True on a delivery on another date with other contents than the kept one (quarantined). */
  public static final String REDELIVERED_CHANGED = "redelivered_changed";

  private static final String STORED = "_stored";
  private static final String STORED_ID = "_stored_id";
  private static final String STORED_DATE = "_stored_date";
  private static final String CONTENT_HASH = "_content_hash";
  private static final String TIE_BREAK = "_tie_break";
  private static final String REPEATED_ID = "_repeated_id";

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
        .withColumn(CHANNEL, code(col(CHANNEL), Vocabulary.CHANNELS))
        .withColumn(EVENT_TYPE, code(col(EVENT_TYPE), Vocabulary.EVENT_TYPES))
        .withColumn(ORDER_STATUS, code(col(ORDER_STATUS), Vocabulary.ORDER_STATUSES))
        .withColumn(
            CURRENCY,
            canonicalOr(col(CURRENCY), Vocabulary.CURRENCIES, cleanCurrency(col(CURRENCY))))
        .withColumn(REPAIRED_CHANNEL, not(col(RAW_CHANNEL).eqNullSafe(col(CHANNEL))));
  }

  private static Column code(Column value, List<String> vocabulary) {
    return canonicalOr(value, vocabulary, cleanCode(value));
  }

  /** A code cleaned: {@link Columns#cleanText}, lower case, separators as one underscore. */
  static Column cleanCode(Column value) {
    return regexp_replace(lower(Columns.cleanText(value)), "[\\s\\-_]+", "_");
  }

  /** A currency code cleaned: {@link Columns#cleanText}, upper case. */
  static Column cleanCurrency(Column value) {
    return upper(Columns.cleanText(value));
  }

  /**
   * {@code value} itself when it already is one of {@code vocabulary} (nearly every row: a hash-set
   * or equality test), else {@code cleaned}. The cleaning maps a vocabulary value to itself ({@code
   * InteractionTransformsTest} checks it for every value), so the result is the same; it spares the
   * rows that need no cleaning four regular expressions per column, which were the largest single
   * CPU cost of silver's validation.
   */
  private static Column canonicalOr(Column value, List<String> vocabulary, Column cleaned) {
    return when(value.isin(vocabulary.toArray()), value).otherwise(cleaned);
  }

  /**
   * {@link #withDuplicateFlag(Dataset, List, Optional)} without stored rows, the contents being
   * every column but the delivery's own ({@code ingested_at}, {@code event_date}) and the channel
   * helper columns.
   */
  public static Dataset<Row> withDuplicateFlag(Dataset<Row> rows) {
    List<String> contents =
        Arrays.stream(rows.columns())
            .filter(name -> !name.equals(RAW_CHANNEL) && !name.equals(REPAIRED_CHANNEL))
            .toList();
    return withDuplicateFlag(rows, contentColumns(contents), Optional.empty());
  }

  /**
   * The columns whose values are an interaction's contents: {@code bronzeColumns} without the
   * delivery's own {@code ingested_at} and bronze date, which a re-delivery changes by nature.
   */
  public static List<String> contentColumns(List<String> bronzeColumns) {
    return bronzeColumns.stream()
        .filter(name -> !name.equals(INGESTED_AT) && !name.equals(EVENT_DATE))
        .toList();
  }

  /**
   * Flags every delivery of an interaction but the one silver keeps, so that silver holds one row
   * per {@code interaction_id} across all dates. Per id, the kept delivery is a stored row (silver
   * already holds the id on a date outside the batch), else the batch's delivery on its earliest
   * date, the earliest {@code ingested_at} first, ties broken by a hash of the whole row (of its
   * content hash and its other columns); so a batch of several dates keeps what processing its
   * dates one by one would. Every other delivery is:
   *
   * <ul>
   *   <li>on the same date as the delivery before it: a duplicate ({@link #IS_DUPLICATE}), as
   *       before, whatever its contents;
   *   <li>on another date, with the kept delivery's contents: a re-delivery, removed and counted
   *       ({@link #IS_DUPLICATE} and {@link #IS_REDELIVERED});
   *   <li>on another date with other contents: {@link #REDELIVERED_CHANGED}, for {@link
   *       #withRedeliveryRule} to quarantine; the kept row stays as it is.
   * </ul>
   *
   * Contents are compared by {@link Columns#recordHash} (null-aware) of {@code contentColumns}.
   * Rows without an id are never duplicates (they are quarantined by their own rule).
   *
   * @param stored silver's rows on dates outside the batch whose id the batch holds: {@code
   *     interaction_id}, {@code event_date} and the content columns silver has (a column it lacks
   *     counts as null)
   */
  public static Dataset<Row> withDuplicateFlag(
      Dataset<Row> rows, List<String> contentColumns, Optional<Dataset<Row>> stored) {
    // Only an id delivered more than once (in the batch, or by silver on another date) needs the
    // ordering of its deliveries. Splitting those few rows off by a join with the repeated ids
    // (narrow, mostly small enough to broadcast) spares every other row the window's shuffle and
    // sort of the whole row, which was the largest cost of silver's validation
    // (docs/BENCHMARKS.md).
    Dataset<Row> repeated = repeatedIds(rows, stored);
    Dataset<Row> once =
        rows.join(repeated, col(INTERACTION_ID).equalTo(col(REPEATED_ID)), "left_anti")
            .withColumn(IS_DUPLICATE, lit(false))
            .withColumn(IS_REDELIVERED, lit(false))
            .withColumn(REDELIVERED_CHANGED, lit(false));
    Dataset<Row> more =
        rows.join(repeated, col(INTERACTION_ID).equalTo(col(REPEATED_ID)), "left_semi");
    return once.unionByName(orderedDeliveries(more, contentColumns, stored));
  }

  /**
   * One column, {@link #REPEATED_ID}: the ids {@code rows} holds more than once, and those of
   * {@code stored} (silver holds them on another date). Not distinct: only joined against.
   */
  private static Dataset<Row> repeatedIds(Dataset<Row> rows, Optional<Dataset<Row>> stored) {
    DataType idType = rows.schema().apply(INTERACTION_ID).dataType();
    Dataset<Row> repeated =
        rows.where(col(INTERACTION_ID).isNotNull())
            .groupBy(col(INTERACTION_ID))
            .agg(count(lit(1)).as("_deliveries"))
            .where(col("_deliveries").gt(1))
            .select(col(INTERACTION_ID).as(REPEATED_ID));
    return stored
        .map(kept -> repeated.union(kept.select(col(INTERACTION_ID).cast(idType).as(REPEATED_ID))))
        .orElse(repeated);
  }

  /** The flags of {@link #withDuplicateFlag} for the deliveries of repeated ids. */
  private static Dataset<Row> orderedDeliveries(
      Dataset<Row> rows, List<String> contentColumns, Optional<Dataset<Row>> stored) {
    // The tie-break must tell apart any two rows that differ in a column: the contents (by their
    // hash) and every other column of the row. Hashing the content hash with those few columns
    // does that at a fraction of the cost of hashing the whole row again.
    List<String> rest =
        Arrays.stream(rows.columns()).filter(name -> !contentColumns.contains(name)).toList();
    List<String> tieBreakInputs = new ArrayList<>(List.of(CONTENT_HASH));
    tieBreakInputs.addAll(rest);
    Dataset<Row> batch =
        rows.withColumn(STORED, lit(false))
            .withColumn(CONTENT_HASH, Columns.recordHash(contentColumns))
            .withColumn(TIE_BREAK, Columns.recordHash(tieBreakInputs));
    Dataset<Row> all =
        stored
            .map(kept -> batch.unionByName(storedDeliveries(kept, rows, contentColumns), true))
            .orElse(batch);
    WindowSpec deliveries =
        Window.partitionBy(col(INTERACTION_ID))
            .orderBy(
                col(STORED).desc(),
                col(EVENT_DATE).asc_nulls_last(),
                col(INGESTED_AT).asc_nulls_last(),
                col(TIE_BREAK).asc());
    Column later = col(INTERACTION_ID).isNotNull().and(row_number().over(deliveries).gt(lit(1)));
    Column sameDate =
        coalesce(
            lag(col(EVENT_DATE), 1)
                .over(deliveries)
                .equalTo(col(EVENT_DATE))
                .and(not(lag(col(STORED), 1).over(deliveries))),
            lit(false));
    Column unchanged = col(CONTENT_HASH).equalTo(first(col(CONTENT_HASH)).over(deliveries));
    return all.withColumn(IS_DUPLICATE, later.and(sameDate))
        .withColumn(IS_REDELIVERED, later.and(not(sameDate)).and(unchanged))
        .withColumn(REDELIVERED_CHANGED, later.and(not(sameDate)).and(not(unchanged)))
        .withColumn(IS_DUPLICATE, col(IS_DUPLICATE).or(col(IS_REDELIVERED)))
        .filter(not(col(STORED)))
        .drop(STORED, CONTENT_HASH, TIE_BREAK);
  }

  /** The stored rows as batch-shaped rows: id, date and content hash, flagged stored. */
  private static Dataset<Row> storedDeliveries(
      Dataset<Row> stored, Dataset<Row> rows, List<String> contentColumns) {
    StructType schema = rows.schema();
    List<String> present = Arrays.asList(stored.columns());
    List<Column> columns = new ArrayList<>();
    columns.add(col(INTERACTION_ID).cast(schema.apply(INTERACTION_ID).dataType()).as(STORED_ID));
    columns.add(col(EVENT_DATE).cast(schema.apply(EVENT_DATE).dataType()).as(STORED_DATE));
    for (String name : contentColumns) {
      DataType type = schema.apply(name).dataType();
      columns.add((present.contains(name) ? col(name).cast(type) : lit(null).cast(type)).as(name));
    }
    return stored
        .select(columns.toArray(Column[]::new))
        .select(
            col(STORED_ID).as(INTERACTION_ID),
            col(STORED_DATE).as(EVENT_DATE),
            Columns.recordHash(contentColumns).as(CONTENT_HASH),
            lit(true).as(STORED));
  }

  /**
   * Adds rule {@code redelivered_changed} to the {@code rule_ids} of the rows {@link
   * #withDuplicateFlag} flagged {@link #REDELIVERED_CHANGED}, so that they are quarantined.
   */
  public static Dataset<Row> withRedeliveryRule(Dataset<Row> checked) {
    return checked.withColumn(
        SilverColumns.RULE_IDS,
        when(
                col(REDELIVERED_CHANGED),
                concat(col(SilverColumns.RULE_IDS), array(lit(Rule.REDELIVERED_CHANGED.id()))))
            .otherwise(col(SilverColumns.RULE_IDS)));
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
    return joined.withColumn(SilverColumns.RULE_IDS, Columns.ruleIds(checks)).drop(KNOWN_CUSTOMER);
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
}
