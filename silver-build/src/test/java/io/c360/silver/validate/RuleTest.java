package io.c360.silver.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleTest {
  @Test
  void theIdIsTheNameInLowerCase() {
    assertThat(Rule.INTERACTION_MISSING_CUSTOMER.id()).isEqualTo("interaction_missing_customer");
  }

  @Test
  void everyRuleBelongsToExactlyOneSource() {
    List<Rule> both = new ArrayList<>(Rule.of(Rule.Source.CUSTOMERS));
    both.addAll(Rule.of(Rule.Source.INTERACTIONS));
    assertThat(both).containsExactlyInAnyOrder(Rule.values());
  }

  @Test
  void customerRulesAreTheTenProfileChecksInOrder() {
    assertThat(Rule.of(Rule.Source.CUSTOMERS))
        .containsExactly(
            Rule.CUSTOMER_MISSING_ID,
            Rule.MALFORMED_EMAIL,
            Rule.INVALID_PHONE,
            Rule.INVALID_ZIP,
            Rule.IMPLAUSIBLE_BIRTH_DATE,
            Rule.INVALID_COUNTRY,
            Rule.INVALID_STATE,
            Rule.INVALID_CUSTOMER_ID,
            Rule.IMPLAUSIBLE_ACCOUNT_DATES,
            Rule.LOYALTY_OUT_OF_RANGE);
  }

  @Test
  void onlyTheSanityAndDomainRulesAreNotBronzeDefects() {
    assertThat(Rule.values())
        .filteredOn(rule -> !rule.bronzeDefect())
        .containsExactly(
            Rule.INVALID_COUNTRY,
            Rule.INVALID_STATE,
            Rule.INVALID_CUSTOMER_ID,
            Rule.IMPLAUSIBLE_ACCOUNT_DATES,
            Rule.LOYALTY_OUT_OF_RANGE,
            Rule.MISSING_EVENT_TS,
            Rule.UNKNOWN_EVENT_TYPE,
            Rule.REVENUE_WITHOUT_PURCHASE,
            Rule.INCOMPLETE_PURCHASE,
            Rule.UNKNOWN_ORDER_STATUS,
            Rule.INVALID_ID,
            Rule.UNKNOWN_CURRENCY,
            Rule.AMOUNT_OUT_OF_RANGE,
            Rule.DISCOUNT_OUT_OF_RANGE,
            Rule.SESSION_OUT_OF_RANGE,
            Rule.SATISFACTION_OUT_OF_RANGE,
            Rule.EVENT_TS_OUTSIDE_PARTITION,
            Rule.IMPLAUSIBLE_INGESTED_AT,
            Rule.IMPLAUSIBLE_RETURN,
            Rule.REDELIVERED_CHANGED);
  }

  @Test
  void everyConvertibleCurrencyIsAnIso4217Code() {
    // The conversion table defines the accepted set; each entry must be a real ISO 4217 code.
    assertThat(io.c360.common.naming.Vocabulary.CURRENCIES)
        .allSatisfy(
            code ->
                assertThat(java.util.Currency.getInstance(code).getCurrencyCode()).isEqualTo(code));
  }

  @Test
  void everyRuleIsDescribed() {
    assertThat(Rule.values()).allSatisfy(rule -> assertThat(rule.description()).isNotBlank());
  }
}
