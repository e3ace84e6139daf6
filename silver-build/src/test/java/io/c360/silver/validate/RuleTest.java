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
  void customerRulesAreTheSevenProfileChecksInOrder() {
    assertThat(Rule.of(Rule.Source.CUSTOMERS))
        .containsExactly(
            Rule.CUSTOMER_MISSING_ID,
            Rule.MALFORMED_EMAIL,
            Rule.INVALID_PHONE,
            Rule.INVALID_ZIP,
            Rule.IMPLAUSIBLE_BIRTH_DATE,
            Rule.INVALID_COUNTRY,
            Rule.INVALID_STATE);
  }

  @Test
  void onlyTheSanityRulesAreNotBronzeDefects() {
    assertThat(Rule.values())
        .filteredOn(rule -> !rule.bronzeDefect())
        .containsExactly(
            Rule.INVALID_COUNTRY,
            Rule.INVALID_STATE,
            Rule.MISSING_EVENT_TS,
            Rule.UNKNOWN_EVENT_TYPE,
            Rule.REVENUE_WITHOUT_PURCHASE,
            Rule.INCOMPLETE_PURCHASE,
            Rule.REDELIVERED_CHANGED);
  }

  @Test
  void everyRuleIsDescribed() {
    assertThat(Rule.values()).allSatisfy(rule -> assertThat(rule.description()).isNotBlank());
  }
}
