package io.c360.silver.transform;

import static io.c360.common.naming.BronzeColumns.*;
import static io.c360.silver.testing.Frames.*;
import static io.c360.silver.transform.InteractionRows.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.c360.common.naming.SilverColumns;
import io.c360.common.naming.Vocabulary;
import io.c360.common.testing.SparkTestBase;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Channel cleaning, deduplication, enrichment and the MERGE source of interactions. */
class InteractionTransformsTest extends SparkTestBase {
  @SafeVarargs
  private static Dataset<Row> bronze(Map<String, Object>... rows) {
    return frame(spark, BRONZE_INTERACTIONS, rows);
  }

  // withCanonicalCodes

  private static Row channel(String raw) {
    return InteractionTransforms.withCanonicalCodes(bronze(values(CHANNEL, raw)))
        .select(InteractionTransforms.RAW_CHANNEL, CHANNEL, InteractionTransforms.REPAIRED_CHANNEL)
        .first();
  }

  @Test
  void channelsAreTrimmedLowerCasedAndJoinedByOneUnderscore() {
    assertThat(channel(" Mobile-App ")).isEqualTo(row(" Mobile-App ", "mobile_app", true));
  }

  @Test
  void runsOfSpacesHyphensAndUnderscoresBecomeOneUnderscore() {
    assertThat(channel("CALL \u00a0-__ Center"))
        .isEqualTo(row("CALL \u00a0-__ Center", "call_center", true));
  }

  @Test
  void aCanonicalChannelIsNotCountedAsRepaired() {
    assertThat(channel("web")).isEqualTo(row("web", "web", false));
  }

  @Test
  void aNullChannelStaysNullAndIsNotRepaired() {
    assertThat(channel(null)).isEqualTo(row(null, null, false));
  }

  @Test
  void aBlankChannelBecomesEmptyAndCountsAsRepaired() {
    assertThat(channel(" \t ")).isEqualTo(row(" \t ", "", true));
  }

  @Test
  void aZeroWidthSpaceInsideAChannelIsRemoved() {
    assertThat(channel("w\u200beb")).isEqualTo(row("w\u200beb", "web", true));
  }

  @Test
  void cleaningMapsEveryVocabularyValueToItselfSoTheFastPathChangesNothing() {
    // withCanonicalCodes keeps a value already in its vocabulary without cleaning it: that is
    // only right if cleaning would have left it as it is.
    List<String> codes = new java.util.ArrayList<>(Vocabulary.CHANNELS);
    codes.addAll(Vocabulary.EVENT_TYPES);
    codes.addAll(Vocabulary.ORDER_STATUSES);
    for (String code : codes) {
      assertThat(spark.range(1).select(InteractionTransforms.cleanCode(lit(code))).first().get(0))
          .as(code)
          .isEqualTo(code);
    }
    for (String currency : Vocabulary.CURRENCIES) {
      assertThat(
              spark
                  .range(1)
                  .select(InteractionTransforms.cleanCurrency(lit(currency)))
                  .first()
                  .get(0))
          .as(currency)
          .isEqualTo(currency);
    }
  }

  @Test
  void aCodeThatIsNotYetCanonicalIsStillCleaned() {
    Row codes =
        InteractionTransforms.withCanonicalCodes(
                bronze(
                    values(
                        EVENT_TYPE, "Add-To-Cart\u200b",
                        ORDER_STATUS, " COMPLETED",
                        CURRENCY, "usd\u00a0")))
            .select(EVENT_TYPE, ORDER_STATUS, CURRENCY)
            .first();
    assertThat(codes).isEqualTo(row("add_to_cart", "completed", "USD"));
  }

  // withDuplicateFlag

  private static List<Row> duplicates(Dataset<Row> rows) {
    return InteractionTransforms.withDuplicateFlag(rows)
        .select(INTERACTION_ID, INGESTED_AT, InteractionTransforms.IS_DUPLICATE)
        .orderBy(INTERACTION_ID, INGESTED_AT)
        .collectAsList();
  }

  @Test
  void theEarliestDeliveryOfAnInteractionIsKept() {
    List<Row> flagged =
        duplicates(
            bronze(
                with(PURCHASE, INGESTED_AT, ts("2026-03-02T11:00:00Z")),
                with(PURCHASE, INGESTED_AT, ts("2026-03-02T10:20:00Z"))));
    assertThat(flagged)
        .containsExactly(
            row(1L, ts("2026-03-02T10:20:00Z"), false), row(1L, ts("2026-03-02T11:00:00Z"), true));
  }

  @Test
  void aDeliveryWithoutIngestedAtLosesToOneWithIt() {
    List<Row> flagged =
        duplicates(bronze(with(PURCHASE, INGESTED_AT, null), with(PURCHASE, REVENUE, dec("1.00"))));
    assertThat(flagged)
        .containsExactly(row(1L, null, true), row(1L, ts("2026-03-02T10:20:00Z"), false));
  }

  @Test
  void deliveriesThatDifferOnlyInTheirRawChannelKeepTheSameOneWhateverTheirOrder() {
    // Same id, date, ingested_at and contents once cleaned: only the raw channel tells them
    // apart, and it decides whether a repair is counted. The kept one must not depend on the
    // order the rows arrive in.
    Map<String, Object> canonical = with(PURCHASE, CHANNEL, "web");
    Map<String, Object> repaired = with(PURCHASE, CHANNEL, " Web");
    java.util.function.Function<Dataset<Row>, String> kept =
        rows ->
            InteractionTransforms.withDuplicateFlag(InteractionTransforms.withCanonicalCodes(rows))
                .where(col(InteractionTransforms.IS_DUPLICATE).equalTo(false))
                .select(InteractionTransforms.RAW_CHANNEL)
                .first()
                .getString(0);

    String first = kept.apply(bronze(canonical, repaired));
    assertThat(kept.apply(bronze(repaired, canonical))).isEqualTo(first);
    assertThat(
            InteractionTransforms.withDuplicateFlag(
                    InteractionTransforms.withCanonicalCodes(bronze(canonical, repaired)))
                .where(col(InteractionTransforms.IS_DUPLICATE))
                .count())
        .isEqualTo(1);
  }

  @Test
  void identicalDeliveriesKeepExactlyOne() {
    List<Row> flagged = duplicates(bronze(PURCHASE, PURCHASE, PURCHASE));
    assertThat(flagged)
        .extracting(r -> r.getBoolean(2))
        .containsExactlyInAnyOrder(false, true, true);
  }

  @Test
  void rowsWithoutAnIdAreNeverDuplicates() {
    List<Row> flagged =
        duplicates(
            bronze(with(PURCHASE, INTERACTION_ID, null), with(PURCHASE, INTERACTION_ID, null)));
    assertThat(flagged).extracting(r -> r.getBoolean(2)).containsExactly(false, false);
  }

  @Test
  void differentIdsAreNotDuplicatesOfEachOther() {
    List<Row> flagged = duplicates(bronze(PURCHASE, with(PURCHASE, INTERACTION_ID, 2L)));
    assertThat(flagged).extracting(r -> r.getBoolean(2)).containsExactly(false, false);
  }

  // withDuplicateFlag across dates and against stored rows

  private static final Map<String, Object> NEXT_DAY =
      with(PURCHASE, EVENT_DATE, date("2026-03-03"), INGESTED_AT, ts("2026-03-03T01:00:00Z"));

  private static final List<String> CONTENTS =
      InteractionTransforms.contentColumns(List.of(BRONZE_INTERACTIONS.fieldNames()));

  /** Per row, ordered by date and ingestion: date, is_duplicate, is_redelivered, changed. */
  private static List<Row> deliveries(Dataset<Row> rows, Dataset<Row> stored) {
    return InteractionTransforms.withDuplicateFlag(
            rows, CONTENTS, java.util.Optional.ofNullable(stored))
        .select(
            col(EVENT_DATE),
            col(InteractionTransforms.IS_DUPLICATE),
            col(InteractionTransforms.IS_REDELIVERED),
            col(InteractionTransforms.REDELIVERED_CHANGED))
        .orderBy(EVENT_DATE, INGESTED_AT)
        .collectAsList();
  }

  @Test
  void anUnchangedDeliveryOnALaterDateOfTheBatchIsARedelivery() {
    assertThat(deliveries(bronze(NEXT_DAY, PURCHASE), null))
        .containsExactly(
            row(date("2026-03-02"), false, false, false),
            row(date("2026-03-03"), true, true, false));
  }

  @Test
  void theEarliestDateWinsEvenWhenItsDeliveryWasIngestedLater() {
    Map<String, Object> late = with(PURCHASE, INGESTED_AT, ts("2026-03-04T00:00:00Z"));
    assertThat(deliveries(bronze(NEXT_DAY, late), null))
        .extracting(r -> r.getBoolean(1))
        .containsExactly(false, true);
  }

  @Test
  void aChangedDeliveryOnAnotherDateIsFlaggedChangedNotDuplicate() {
    Map<String, Object> changed = with(NEXT_DAY, REVENUE, dec("99.00"));
    assertThat(deliveries(bronze(PURCHASE, changed), null))
        .containsExactly(
            row(date("2026-03-02"), false, false, false),
            row(date("2026-03-03"), false, false, true));
  }

  @Test
  void aValueThatOnlyMovesToAnotherNullColumnIsAChange() {
    Map<String, Object> base = with(PURCHASE, DEVICE_TYPE, "x", BROWSER, null);
    Map<String, Object> moved = with(NEXT_DAY, DEVICE_TYPE, null, BROWSER, "x");
    assertThat(deliveries(bronze(base, moved), null))
        .extracting(r -> r.getBoolean(3))
        .containsExactly(false, true);
  }

  @Test
  void aStoredRowOnAnotherDateWinsOverEveryDeliveryOfTheBatch() {
    Dataset<Row> stored = bronze(with(PURCHASE, EVENT_DATE, date("2026-03-01"), INGESTED_AT, null));
    Map<String, Object> changed = with(NEXT_DAY, REVENUE, dec("99.00"));
    assertThat(deliveries(bronze(PURCHASE, changed, with(NEXT_DAY, INGESTED_AT, null)), stored))
        .containsExactly(
            row(date("2026-03-02"), true, true, false),
            row(date("2026-03-03"), true, false, false),
            row(date("2026-03-03"), false, false, true));
  }

  @Test
  void aStoredRowWithoutAContentColumnComparesItAsNull() {
    Dataset<Row> stored =
        bronze(with(PURCHASE, EVENT_DATE, date("2026-03-01"), CAMPAIGN_ID, null))
            .select(col(INTERACTION_ID), col(EVENT_DATE), col(REVENUE));
    assertThat(deliveries(bronze(PURCHASE), stored))
        .as("the stored row lacks every other column: the batch's values differ from null")
        .containsExactly(row(date("2026-03-02"), false, false, true));
  }

  // withEnrichment

  private static Row enriched(Map<String, Object> values) {
    return InteractionTransforms.withEnrichment(bronze(values))
        .select(SilverColumns.EVENT_HOUR, SilverColumns.IS_WEEKEND, SilverColumns.REVENUE_USD)
        .first();
  }

  @Test
  void theHourIsTheUtcHourOfTheEvent() {
    assertThat(enriched(with(PURCHASE, EVENT_TS, ts("2026-03-02T23:59:59Z"))).getInt(0))
        .isEqualTo(23);
  }

  @Test
  void saturdayAndSundayAreTheWeekend() {
    // 2026-03-01 is a Sunday: 03-02 Monday, 03-06 Friday, 03-07 Saturday.
    assertThat(enriched(with(PURCHASE, EVENT_DATE, date("2026-03-01"))).getBoolean(1)).isTrue();
    assertThat(enriched(with(PURCHASE, EVENT_DATE, date("2026-03-02"))).getBoolean(1)).isFalse();
    assertThat(enriched(with(PURCHASE, EVENT_DATE, date("2026-03-06"))).getBoolean(1)).isFalse();
    assertThat(enriched(with(PURCHASE, EVENT_DATE, date("2026-03-07"))).getBoolean(1)).isTrue();
  }

  @Test
  void revenueIsConvertedAtTheReferenceRateAndRoundedToCents() {
    // 100.00 EUR x 1.09 = 109.00; 10.01 CAD x 0.73 = 7.3073 -> 7.31; 1.01 GBP x 1.27 = 1.2827 ->
    // 1.28.
    assertThat(enriched(with(PURCHASE, REVENUE, dec("100.00"), CURRENCY, "EUR")).getDecimal(2))
        .isEqualByComparingTo("109.00");
    assertThat(enriched(with(PURCHASE, REVENUE, dec("10.01"), CURRENCY, "CAD")).getDecimal(2))
        .isEqualByComparingTo("7.31");
    assertThat(enriched(with(PURCHASE, REVENUE, dec("1.01"), CURRENCY, "GBP")).getDecimal(2))
        .isEqualByComparingTo("1.28");
  }

  @Test
  void aCurrencyInTheWrongCaseHasNoUsdRevenue() {
    assertThat(enriched(with(PURCHASE, CURRENCY, "usd")).isNullAt(2)).isTrue();
  }

  @Test
  void theLargestRevenueAtTheHighestRateFitsTheUsdType() {
    // 9,999,999,999.99 GBP x 1.27 = 12,699,999,999.9873 -> 12,699,999,999.99 (decimal(14,2)).
    assertThat(
            enriched(with(PURCHASE, REVENUE, dec("9999999999.99"), CURRENCY, "GBP")).getDecimal(2))
        .isEqualByComparingTo("12699999999.99");
  }

  // selectAccepted

  @Test
  void onlyRowsThatAreNeitherDuplicatesNorRejectedAreSelected() {
    Dataset<Row> checked =
        InteractionTransforms.withRuleIds(
            InteractionTransforms.withDuplicateFlag(
                bronze(
                    PURCHASE,
                    with(PURCHASE, INGESTED_AT, ts("2026-03-02T12:00:00Z")),
                    with(PURCHASE, INTERACTION_ID, 2L, NPS_SCORE, 11),
                    with(PURCHASE, INTERACTION_ID, 3L))),
            frame(spark, KNOWN_SCHEMA, values(CUSTOMER_ID, 10L)));
    Dataset<Row> accepted =
        InteractionTransforms.selectAccepted(
            checked, List.of(INTERACTION_ID, REVENUE), "run-1", ts("2026-03-03T00:00:00Z"));
    assertThat(accepted.columns())
        .containsExactly(
            INTERACTION_ID,
            REVENUE,
            SilverColumns.EVENT_HOUR,
            SilverColumns.IS_WEEKEND,
            SilverColumns.REVENUE_USD,
            SilverColumns.RECORD_HASH,
            SilverColumns.RUN_ID,
            SilverColumns.LOADED_AT);
    assertThat(accepted.orderBy(INTERACTION_ID).collectAsList())
        .extracting(r -> r.getLong(0))
        .containsExactly(1L, 3L);
  }
}
