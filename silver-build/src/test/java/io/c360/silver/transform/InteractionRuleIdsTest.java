package io.c360.silver.transform;

import static io.c360.common.naming.BronzeColumns.*;
import static io.c360.silver.testing.Frames.*;
import static io.c360.silver.transform.InteractionRows.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.c360.common.naming.SilverColumns;
import io.c360.common.testing.SparkTestBase;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The interaction rules: which ids {@code withRuleIds} lists for which rows. */
class InteractionRuleIdsTest extends SparkTestBase {
  @SafeVarargs
  private static Dataset<Row> bronze(Map<String, Object>... rows) {
    return frame(spark, BRONZE_INTERACTIONS, rows);
  }

  /** The rule ids of each row, in row order, against the known customers 10 and 11. */
  @SafeVarargs
  private static List<List<String>> ruleIds(Map<String, Object>... rows) {
    Dataset<Row> known =
        frame(spark, KNOWN_SCHEMA, values(CUSTOMER_ID, 10L), values(CUSTOMER_ID, 11L));
    return InteractionTransforms.withRuleIds(bronze(rows), known)
        .orderBy(EVENT_TS)
        .collectAsList()
        .stream()
        .map(row -> row.<String>getList(row.fieldIndex(SilverColumns.RULE_IDS)))
        .toList();
  }

  private static List<String> ruleIdsOf(Map<String, Object> row) {
    return ruleIds(row).get(0);
  }

  // withRuleIds

  @Test
  void aCleanPurchaseBreaksNoRule() {
    assertThat(ruleIdsOf(PURCHASE)).isEmpty();
  }

  @Test
  void aRowOfNullsBreaksTheRulesOfItsMissingValues() {
    assertThat(ruleIdsOf(values(EVENT_DATE, date("2026-03-02"))))
        .containsExactly(
            "interaction_missing_id",
            "interaction_missing_customer",
            "unknown_channel",
            "missing_event_ts",
            "unknown_event_type");
  }

  @Test
  void aCustomerNoOneKnowsIsAnOrphan() {
    assertThat(ruleIdsOf(with(PURCHASE, CUSTOMER_ID, 99L))).containsExactly("orphan_customer");
  }

  @Test
  void anEventAfterItsIngestionIsInTheFuture() {
    assertThat(ruleIdsOf(with(PURCHASE, EVENT_TS, ts("2026-03-02T10:20:01Z"))))
        .containsExactly("future_timestamp");
  }

  @Test
  void anEventIngestedTheSameInstantIsNotInTheFuture() {
    assertThat(ruleIdsOf(with(PURCHASE, EVENT_TS, ts("2026-03-02T10:20:00Z")))).isEmpty();
  }

  @Test
  void aNegativeQuantityIsANegativeAmount() {
    // -3 x 19.99 x 0.9 = -53.973: revenue 53.97 no longer matches either.
    assertThat(ruleIdsOf(with(PURCHASE, QUANTITY, -3)))
        .containsExactly("negative_amount", "revenue_mismatch");
  }

  @Test
  void aNegativeRevenueOnAPageViewIsANegativeAmountAndRevenueWithoutPurchase() {
    assertThat(
            ruleIdsOf(
                with(
                    PURCHASE,
                    EVENT_TYPE,
                    "page_view",
                    QUANTITY,
                    null,
                    UNIT_PRICE,
                    null,
                    DISCOUNT_RATE,
                    null,
                    REVENUE,
                    dec("-0.01"))))
        .containsExactly("negative_amount", "revenue_without_purchase");
  }

  @Test
  void aRevenueOneCentOffIsAMismatch() {
    assertThat(ruleIdsOf(with(PURCHASE, REVENUE, dec("53.98"))))
        .containsExactly("revenue_mismatch");
  }

  @Test
  void theExpectedRevenueIsRoundedHalfUp() {
    // 1 x 0.05 x (1 - 0.50) = 0.025, half up 0.03.
    Map<String, Object> half =
        with(PURCHASE, QUANTITY, 1, UNIT_PRICE, dec("0.05"), DISCOUNT_RATE, dec("0.50"));
    assertThat(ruleIdsOf(with(half, REVENUE, dec("0.03")))).isEmpty();
    assertThat(ruleIdsOf(with(half, REVENUE, dec("0.02")))).containsExactly("revenue_mismatch");
  }

  @Test
  void aPurchaseWithoutDiscountRateCannotBeCheckedSoItIsAMismatch() {
    // Once passed unchecked: a rule whose input is missing rejects the row.
    assertThat(ruleIdsOf(with(PURCHASE, DISCOUNT_RATE, null, REVENUE, dec("1.00"))))
        .containsExactly("revenue_mismatch", "incomplete_purchase");
  }

  @Test
  void aQuantityBeyondThePriceTypeIsStillCheckedForRevenue() {
    // 2,000,000,000 does not fit decimal(10,2): the expected revenue once became null and the
    // revenue 1.00 passed. Computed in decimal(26,4), it is a mismatch.
    assertThat(ruleIdsOf(with(PURCHASE, QUANTITY, 2_000_000_000, REVENUE, dec("1.00"))))
        .containsExactly("revenue_mismatch", "amount_out_of_range");
    assertThat(ruleIdsOf(with(PURCHASE, QUANTITY, Integer.MAX_VALUE, REVENUE, dec("5.00"))))
        .containsExactly("revenue_mismatch", "amount_out_of_range");
  }

  @Test
  void aHundredMillionItemsAtAMatchingRevenueAreOnlyOutOfRange() {
    // 10^8 x 1.00 x (1 - 0) = 100,000,000.00: the expected revenue is computed, and equal.
    assertThat(
            ruleIdsOf(
                with(
                    PURCHASE,
                    QUANTITY,
                    100_000_000,
                    UNIT_PRICE,
                    dec("1.00"),
                    DISCOUNT_RATE,
                    dec("0.00"),
                    REVENUE,
                    dec("100000000.00"))))
        .containsExactly("amount_out_of_range");
  }

  @Test
  void anUnknownChannelIsRejected() {
    assertThat(ruleIdsOf(with(PURCHASE, CHANNEL, "fax"))).containsExactly("unknown_channel");
  }

  @Test
  void aChannelInTheWrongCaseIsUnknownBeforeCanonicalization() {
    assertThat(ruleIdsOf(with(PURCHASE, CHANNEL, "WEB"))).containsExactly("unknown_channel");
  }

  @Test
  void npsOutsideZeroToTenIsRejectedAndTheBoundsAreAccepted() {
    assertThat(
            ruleIds(
                with(PURCHASE, NPS_SCORE, -1, EVENT_TS, ts("2026-03-02T10:00:01Z")),
                with(PURCHASE, NPS_SCORE, 0, EVENT_TS, ts("2026-03-02T10:00:02Z")),
                with(PURCHASE, NPS_SCORE, 10, EVENT_TS, ts("2026-03-02T10:00:03Z")),
                with(PURCHASE, NPS_SCORE, 11, EVENT_TS, ts("2026-03-02T10:00:04Z")),
                with(PURCHASE, NPS_SCORE, Integer.MIN_VALUE, EVENT_TS, ts("2026-03-02T10:00:05Z"))))
        .containsExactly(
            List.of("nps_out_of_range"),
            List.of(),
            List.of(),
            List.of("nps_out_of_range"),
            List.of("nps_out_of_range"));
  }

  @Test
  void aReturnBeforeThePurchaseIsRejected() {
    assertThat(
            ruleIdsOf(with(PURCHASE, IS_RETURNED, true, RETURNED_AT, ts("2026-03-02T10:14:59Z"))))
        .containsExactly("return_before_purchase");
  }

  @Test
  void aMissingIngestionTimeIsAMissingTimestamp() {
    assertThat(ruleIdsOf(with(PURCHASE, INGESTED_AT, null))).containsExactly("missing_event_ts");
  }

  @Test
  void anEventTypeInTheWrongCaseIsUnknownAndItsRevenueIsWithoutPurchase() {
    assertThat(ruleIdsOf(with(PURCHASE, EVENT_TYPE, "PURCHASE")))
        .containsExactly("unknown_event_type", "revenue_without_purchase");
  }

  @Test
  void anEmptyEventTypeIsUnknown() {
    assertThat(ruleIdsOf(with(PURCHASE, EVENT_TYPE, "", REVENUE, null)))
        .containsExactly("unknown_event_type");
  }

  @Test
  void aPurchaseWithoutQuantityIsIncomplete() {
    assertThat(ruleIdsOf(with(PURCHASE, QUANTITY, null)))
        .containsExactly("revenue_mismatch", "incomplete_purchase");
  }

  @Test
  void everyBrokenRuleIsListed() {
    assertThat(
            ruleIdsOf(
                with(PURCHASE, CUSTOMER_ID, 12L, CHANNEL, "pigeon", NPS_SCORE, 42, REVENUE, null)))
        .containsExactly(
            "orphan_customer",
            "revenue_mismatch",
            "unknown_channel",
            "nps_out_of_range",
            "incomplete_purchase");
  }

  // domains

  @Test
  void idsMustBePositiveAndExactInADouble() {
    assertThat(ruleIdsOf(with(PURCHASE, INTERACTION_ID, 0L))).containsExactly("invalid_id");
    assertThat(ruleIdsOf(with(PURCHASE, INTERACTION_ID, 1L << 53))).containsExactly("invalid_id");
    assertThat(ruleIdsOf(with(PURCHASE, INTERACTION_ID, (1L << 53) - 1))).isEmpty();
    assertThat(ruleIdsOf(with(PURCHASE, SESSION_ID, -5L))).containsExactly("invalid_id");
    assertThat(ruleIdsOf(with(PURCHASE, PRODUCT_ID, "SKU-1\u200B"))).containsExactly("invalid_id");
    assertThat(ruleIdsOf(with(PURCHASE, STORE_ID, ""))).containsExactly("invalid_id");
    assertThat(ruleIdsOf(with(PURCHASE, PRODUCT_ID, "SKU-100003"))).isEmpty();
    // Past the plain-character shortcut: the regular expression still decides.
    assertThat(ruleIdsOf(with(PURCHASE, CAMPAIGN_ID, "spring sale"))).containsExactly("invalid_id");
    assertThat(ruleIdsOf(with(PURCHASE, STORE_ID, "ST-0101\t"))).containsExactly("invalid_id");
    assertThat(ruleIdsOf(with(PURCHASE, CAMPAIGN_ID, "été_2026"))).isEmpty();
    assertThat(ruleIdsOf(with(PURCHASE, STORE_ID, "ST-0101"))).isEmpty();
  }

  @Test
  void aCurrencySilverCannotConvertIsUnknown() {
    assertThat(ruleIdsOf(with(PURCHASE, CURRENCY, "XXX"))).containsExactly("unknown_currency");
    assertThat(ruleIdsOf(with(PURCHASE, CURRENCY, "<b>XXX</b>")))
        .containsExactly("unknown_currency");
    assertThat(ruleIdsOf(with(PURCHASE, CURRENCY, "JPY"))).containsExactly("unknown_currency");
    assertThat(ruleIdsOf(with(PURCHASE, CURRENCY, null))).containsExactly("unknown_currency");
    assertThat(ruleIdsOf(with(PURCHASE, CURRENCY, "EUR"))).isEmpty();
  }

  @Test
  void aLowerCaseCurrencyIsCanonicalizedThenAccepted() {
    Dataset<Row> known = frame(spark, KNOWN_SCHEMA, values(CUSTOMER_ID, 10L));
    Row row =
        InteractionTransforms.withRuleIds(
                InteractionTransforms.withCanonicalCodes(
                    bronze(with(PURCHASE, CURRENCY, " usd\u200B", EVENT_TYPE, " Purchase"))),
                known)
            .first();
    assertThat(row.<String>getAs(CURRENCY)).isEqualTo("USD");
    assertThat(row.<String>getAs(EVENT_TYPE)).isEqualTo("purchase");
    assertThat(row.<String>getAs(InteractionTransforms.RAW_CURRENCY)).isEqualTo(" usd\u200B");
    assertThat(row.getList(row.fieldIndex(SilverColumns.RULE_IDS))).isEmpty();
  }

  @Test
  void anOrderStatusIsKnownOnAPurchase() {
    assertThat(ruleIdsOf(with(PURCHASE, ORDER_STATUS, "refunded")))
        .containsExactly("unknown_order_status");
    assertThat(ruleIdsOf(with(PURCHASE, ORDER_STATUS, null)))
        .containsExactly("unknown_order_status");
  }

  @Test
  void aCancelledOrderInAnotherCaseIsStandardizedSoGoldDoesNotCountIt() {
    Dataset<Row> known = frame(spark, KNOWN_SCHEMA, values(CUSTOMER_ID, 10L));
    Row row =
        InteractionTransforms.withRuleIds(
                InteractionTransforms.withCanonicalCodes(
                    bronze(with(PURCHASE, ORDER_STATUS, " Cancelled"))),
                known)
            .first();
    assertThat(row.<String>getAs(ORDER_STATUS)).isEqualTo("cancelled");
    assertThat(row.getList(row.fieldIndex(SilverColumns.RULE_IDS))).isEmpty();
  }

  @Test
  void amountsHaveUpperBoundsAndAnOrderLineHasAnItem() {
    assertThat(ruleIdsOf(with(PURCHASE, QUANTITY, 0, REVENUE, dec("0.00"))))
        .containsExactly("amount_out_of_range");
    assertThat(
            ruleIdsOf(
                with(
                    PURCHASE,
                    QUANTITY,
                    1,
                    UNIT_PRICE,
                    dec("100000.01"),
                    DISCOUNT_RATE,
                    dec("0.00"),
                    REVENUE,
                    dec("100000.01"))))
        .containsExactly("amount_out_of_range");
  }

  @Test
  void aDiscountIsAFractionOfZeroToOne() {
    assertThat(ruleIdsOf(with(PURCHASE, DISCOUNT_RATE, dec("-9.99"), REVENUE, dec("659.07"))))
        .containsExactly("discount_out_of_range");
    assertThat(ruleIdsOf(with(PURCHASE, DISCOUNT_RATE, dec("1.00"), REVENUE, dec("0.00"))))
        .isEmpty();
  }

  @Test
  void sessionsAndScoresStayInTheirScales() {
    assertThat(ruleIdsOf(with(PURCHASE, SESSION_DURATION_SEC, -1)))
        .containsExactly("session_out_of_range");
    assertThat(ruleIdsOf(with(PURCHASE, SESSION_DURATION_SEC, 86_401)))
        .containsExactly("session_out_of_range");
    assertThat(ruleIdsOf(with(PURCHASE, PAGE_VIEWS, -3))).containsExactly("session_out_of_range");
    assertThat(ruleIdsOf(with(PURCHASE, SATISFACTION_SCORE, 99_999)))
        .containsExactly("satisfaction_out_of_range");
    assertThat(ruleIdsOf(with(PURCHASE, SATISFACTION_SCORE, 0)))
        .containsExactly("satisfaction_out_of_range");
    assertThat(ruleIdsOf(with(PURCHASE, SATISFACTION_SCORE, 5, PAGE_VIEWS, 0))).isEmpty();
  }

  @Test
  void anEventOutsideItsPartitionsDateIsRejected() {
    assertThat(ruleIdsOf(with(PURCHASE, EVENT_TS, ts("1900-03-02T10:15:00Z"))))
        .containsExactly("event_ts_outside_partition");
    assertThat(ruleIdsOf(with(PURCHASE, EVENT_TS, ts("2026-03-01T23:59:59Z"))))
        .containsExactly("event_ts_outside_partition");
    assertThat(ruleIdsOf(with(PURCHASE, EVENT_TS, ts("2026-03-02T00:00:00Z")))).isEmpty();
  }

  @Test
  void anEventAfterItsPartitionAndItsIngestionIsOnlyInTheFuture() {
    assertThat(ruleIdsOf(with(PURCHASE, EVENT_TS, ts("9999-12-31T00:00:00Z"))))
        .containsExactly("future_timestamp");
  }

  @Test
  void anIngestionLongAfterThePartitionIsImplausible() {
    assertThat(ruleIdsOf(with(PURCHASE, INGESTED_AT, ts("2026-03-10T00:00:00Z"))))
        .containsExactly("implausible_ingested_at");
    assertThat(ruleIdsOf(with(PURCHASE, INGESTED_AT, ts("2026-03-09T23:59:59Z")))).isEmpty();
  }

  @Test
  void aReturnMustAgreeWithItsFlagAndComeWithinAYear() {
    assertThat(ruleIdsOf(with(PURCHASE, IS_RETURNED, true))).containsExactly("implausible_return");
    assertThat(ruleIdsOf(with(PURCHASE, RETURNED_AT, ts("2026-03-05T00:00:00Z"))))
        .containsExactly("implausible_return");
    assertThat(
            ruleIdsOf(with(PURCHASE, IS_RETURNED, true, RETURNED_AT, ts("2027-03-03T00:00:00Z"))))
        .containsExactly("implausible_return");
    assertThat(
            ruleIdsOf(with(PURCHASE, IS_RETURNED, true, RETURNED_AT, ts("2026-03-05T00:00:00Z"))))
        .isEmpty();
  }
}
