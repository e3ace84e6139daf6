package io.c360.silver.transform;

import static io.c360.common.naming.BronzeColumns.*;
import static org.apache.spark.sql.functions.*;

import io.c360.common.naming.Vocabulary;
import io.c360.silver.validate.Domains;
import io.c360.silver.validate.Rule;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The checks of the interaction rules, one column per rule: the rule's id when the row breaks it,
 * else null. Every check is written so that an input it cannot evaluate (a missing value the rule
 * needs, an arithmetic overflow) breaks the rule instead of passing it: SQL's {@code NULL} in a
 * {@code WHEN} condition is false, so each condition is made null-free with {@code coalesce} or a
 * null-safe comparison where a null must reject.
 *
 * <p>Reads the canonical columns of {@link InteractionTransforms#withCanonicalCodes} and the
 * boolean column {@code knownCustomer} (true when the customer id is known).
 */
final class InteractionRules {
  /**
   * Expected revenue computed without overflow: {@code int} quantity (10 digits) as {@code
   * decimal(10,0)} times {@code decimal(10,2)} price times {@code decimal(4,2)} (1 - discount) is
   * at most {@code decimal(26,4)}, inside Spark's 38 digits, so the product is exact and never NULL
   * (Spark's DecimalPrecision rules: p = p1 + p2 + 1, s = s1 + s2 for a product). Casting the
   * quantity to the price's {@code decimal(10,2)}, as silver once did, overflows at 10^8 items into
   * NULL, and the revenue check passed.
   */
  static final String QUANTITY_DECIMAL = "decimal(10,0)";

  /** A text id: no whitespace, control or format (zero-width, bidi) character. */
  private static final String BAD_TEXT_ID = "^$|[\\p{Z}\\s\\p{Cc}\\p{Cf}]";

  private static final String PLAIN_ID_CHARACTERS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  private InteractionRules() {}

  static List<Column> checks(Column knownCustomer) {
    Column purchase = col(EVENT_TYPE).equalTo(lit(Vocabulary.PURCHASE));
    Column expectedRevenue =
        round(
            col(QUANTITY)
                .cast(QUANTITY_DECIMAL)
                .multiply(col(UNIT_PRICE))
                .multiply(lit(1).minus(col(DISCOUNT_RATE))),
            2);
    Column eventMicros = Columns.epochMicros(col(EVENT_TS));
    Column dayStart = Columns.dayStartMicros(col(EVENT_DATE));
    Column dayEnd = dayStart.plus(day(1));
    Column future = coalesce(col(EVENT_TS).gt(col(INGESTED_AT)), lit(false));

    List<Column> checks = new ArrayList<>();
    checks.add(flag(Rule.INTERACTION_MISSING_ID, col(INTERACTION_ID).isNull()));
    checks.add(flag(Rule.INTERACTION_MISSING_CUSTOMER, col(CUSTOMER_ID).isNull()));
    checks.add(flag(Rule.ORPHAN_CUSTOMER, col(CUSTOMER_ID).isNotNull().and(not(knownCustomer))));
    checks.add(flag(Rule.FUTURE_TIMESTAMP, future));
    checks.add(
        flag(
            Rule.NEGATIVE_AMOUNT,
            col(QUANTITY).lt(0).or(col(UNIT_PRICE).lt(0)).or(col(REVENUE).lt(0))));
    checks.add(
        flag(
            Rule.REVENUE_MISMATCH,
            purchase.and(not(coalesce(col(REVENUE).equalTo(expectedRevenue), lit(false))))));
    checks.add(flag(Rule.UNKNOWN_CHANNEL, not(isIn(col(CHANNEL), Vocabulary.CHANNELS))));
    checks.add(flag(Rule.NPS_OUT_OF_RANGE, outside(col(NPS_SCORE), 0, 10)));
    checks.add(flag(Rule.RETURN_BEFORE_PURCHASE, col(RETURNED_AT).lt(col(EVENT_TS))));
    checks.add(flag(Rule.MISSING_EVENT_TS, col(EVENT_TS).isNull().or(col(INGESTED_AT).isNull())));
    checks.add(flag(Rule.UNKNOWN_EVENT_TYPE, not(isIn(col(EVENT_TYPE), Vocabulary.EVENT_TYPES))));
    checks.add(flag(Rule.REVENUE_WITHOUT_PURCHASE, col(REVENUE).isNotNull().and(not(purchase))));
    checks.add(
        flag(
            Rule.INCOMPLETE_PURCHASE,
            purchase.and(
                col(QUANTITY)
                    .isNull()
                    .or(col(UNIT_PRICE).isNull())
                    .or(col(DISCOUNT_RATE).isNull())
                    .or(col(REVENUE).isNull()))));
    checks.add(
        flag(
            Rule.UNKNOWN_ORDER_STATUS,
            purchase.and(not(isIn(col(ORDER_STATUS), Vocabulary.ORDER_STATUSES)))));
    checks.add(flag(Rule.INVALID_ID, invalidIds()));
    checks.add(
        flag(
            Rule.UNKNOWN_CURRENCY,
            col(CURRENCY)
                .isNotNull()
                .and(not(isIn(col(CURRENCY), Vocabulary.CURRENCIES)))
                .or(
                    col(CURRENCY)
                        .isNull()
                        .and(col(UNIT_PRICE).isNotNull().or(col(REVENUE).isNotNull())))));
    checks.add(
        flag(
            Rule.AMOUNT_OUT_OF_RANGE,
            col(QUANTITY)
                .equalTo(0)
                .or(col(QUANTITY).gt(Domains.MAX_QUANTITY))
                .or(col(UNIT_PRICE).gt(lit(Domains.MAX_UNIT_PRICE)))
                .or(col(REVENUE).gt(lit(Domains.MAX_REVENUE)))));
    checks.add(flag(Rule.DISCOUNT_OUT_OF_RANGE, outside(col(DISCOUNT_RATE), 0, 1)));
    checks.add(
        flag(
            Rule.SESSION_OUT_OF_RANGE,
            outside(col(SESSION_DURATION_SEC), 0, Domains.MAX_SESSION_SECONDS)
                .or(outside(col(PAGE_VIEWS), 0, Domains.MAX_PAGE_VIEWS))));
    checks.add(
        flag(
            Rule.SATISFACTION_OUT_OF_RANGE,
            outside(col(SATISFACTION_SCORE), Domains.MIN_SATISFACTION, Domains.MAX_SATISFACTION)));
    checks.add(
        flag(
            Rule.EVENT_TS_OUTSIDE_PARTITION,
            eventMicros.lt(dayStart).or(eventMicros.geq(dayEnd).and(not(future)))));
    checks.add(
        flag(
            Rule.IMPLAUSIBLE_INGESTED_AT,
            Columns.epochMicros(col(INGESTED_AT))
                .geq(dayEnd.plus(day(Domains.MAX_INGEST_DELAY_DAYS)))));
    checks.add(
        flag(
            Rule.IMPLAUSIBLE_RETURN,
            col(RETURNED_AT)
                .gt(col(EVENT_TS).plus(expr("INTERVAL " + Domains.MAX_RETURN_DAYS + " DAYS")))
                .or(
                    not(
                        coalesce(col(IS_RETURNED), lit(false))
                            .equalTo(col(RETURNED_AT).isNotNull())))));
    return checks;
  }

  /** Numeric ids out of 1..{@link Domains#MAX_ID}; text ids blank or with stray characters. */
  private static Column invalidIds() {
    Column broken = lit(false);
    for (String id : List.of(INTERACTION_ID, CUSTOMER_ID, ORDER_ID, SUPPORT_TICKET_ID)) {
      broken = broken.or(coalesce(outside(col(id), 1, Domains.MAX_ID), lit(false)));
    }
    broken = broken.or(coalesce(col(SESSION_ID).leq(0), lit(false)));
    for (String id : List.of(PRODUCT_ID, STORE_ID, CAMPAIGN_ID)) {
      broken = broken.or(coalesce(badTextId(col(id)), lit(false)));
    }
    return broken;
  }

  /**
   * {@link #BAD_TEXT_ID} on {@code id}, with the regular expression spared for an id made only of
   * ASCII letters, digits, '-' and '_' (every id bronze writes, "SKU-000123", "spring_bundle"):
   * such an id is not empty and has no space, control or format character. {@code translate}
   * removes those characters; whatever is left needs the regular expression.
   */
  private static Column badTextId(Column id) {
    Column plain = length(translate(id, PLAIN_ID_CHARACTERS, "")).equalTo(0).and(id.notEqual(""));
    return when(plain, lit(false)).otherwise(id.rlike(BAD_TEXT_ID));
  }

  /** True when the value is outside min..max; null when it is null (a missing optional value). */
  private static Column outside(Column value, long min, long max) {
    return value.lt(min).or(value.gt(max));
  }

  /** True when the value is one of {@code values}; false (never null) when it is null. */
  private static Column isIn(Column value, List<String> values) {
    return coalesce(value.isin(values.toArray()), lit(false));
  }

  private static Column day(int days) {
    return lit(days * Domains.MICROS_PER_DAY);
  }

  private static Column flag(Rule rule, Column broken) {
    return when(broken, lit(rule.id()));
  }
}
