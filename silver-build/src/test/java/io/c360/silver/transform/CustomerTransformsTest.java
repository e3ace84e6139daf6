package io.c360.silver.transform;

import static io.c360.common.naming.BronzeColumns.*;
import static io.c360.silver.testing.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.c360.common.naming.SilverColumns;
import io.c360.common.testing.SparkTestBase;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class CustomerTransformsTest extends SparkTestBase {
  /** A clean profile: 94105 is a San Francisco zip, inside California's prefixes. */
  private static final Map<String, Object> ADA =
      values(
          CUSTOMER_ID, 10L,
          FIRST_NAME, "Ada",
          LAST_NAME, "Lovelace",
          EMAIL, "ada@example.com",
          PHONE, "(559) 992-5335",
          BIRTH_DATE, date("1990-05-17"),
          GENDER, "female",
          STREET_ADDRESS, "1 Main St",
          CITY, "San Francisco",
          STATE, "CA",
          ZIP_CODE, "94105",
          COUNTRY, "US",
          SIGNUP_DATE, date("2020-01-15"),
          LOYALTY_POINTS, 120,
          UPDATED_AT, ts("2026-03-01T08:00:00Z"),
          EVENT_DATE, date("2026-03-02"));

  private static Dataset<Row> standardized(Map<String, Object> values) {
    return CustomerTransforms.withStandardization(frame(spark, BRONZE_CUSTOMERS, values));
  }

  private static List<String> ruleIdsOf(Map<String, Object> values) {
    Row checked = CustomerTransforms.withRuleIds(standardized(values)).first();
    return checked.getList(checked.fieldIndex(SilverColumns.RULE_IDS));
  }

  private static Object standard(Map<String, Object> values, String column) {
    return standardized(values).select(column).first().get(0);
  }

  // withStandardization

  @Test
  void theRowAsReceivedIsKeptUnderRawNames() {
    Row row =
        standardized(with(ADA, EMAIL, " ADA@Example.COM ", GENDER, null))
            .select(
                CustomerTransforms.rawName(EMAIL), EMAIL, CustomerTransforms.rawName(EVENT_DATE))
            .first();
    assertThat(row).isEqualTo(row(" ADA@Example.COM ", "ada@example.com", date("2026-03-02")));
  }

  @Test
  void theProfileDateIsTheBronzePartition() {
    assertThat(standard(ADA, SilverColumns.PROFILE_DATE)).isEqualTo(date("2026-03-02"));
  }

  @Test
  void aCountryNameInAnyCaseBecomesItsCodeAndCountsAsRepaired() {
    Row row =
        standardized(with(ADA, COUNTRY, " united STATES "))
            .select(COUNTRY, CustomerTransforms.REPAIRED_COUNTRY)
            .first();
    assertThat(row).isEqualTo(row("US", true));
  }

  @Test
  void aCountryAlreadyStandardIsNotRepaired() {
    assertThat(standard(ADA, CustomerTransforms.REPAIRED_COUNTRY)).isEqualTo(false);
  }

  @Test
  void aStateNameBecomesItsCodeAndCountsAsRepaired() {
    Row row =
        standardized(with(ADA, STATE, "california"))
            .select(STATE, CustomerTransforms.REPAIRED_STATE)
            .first();
    assertThat(row).isEqualTo(row("CA", true));
  }

  @Test
  void aMissingStateIsNotARepair() {
    assertThat(standard(with(ADA, STATE, null), CustomerTransforms.REPAIRED_STATE))
        .isEqualTo(false);
  }

  @Test
  void casingAndSpacesFixedInANameCountAsRepairedText() {
    Row row =
        standardized(with(ADA, FIRST_NAME, "  ADA  "))
            .select(FIRST_NAME, CustomerTransforms.REPAIRED_TEXT)
            .first();
    assertThat(row).isEqualTo(row("Ada", true));
  }

  @Test
  void aCleanProfileRepairsNothing() {
    Row row =
        standardized(ADA)
            .select(
                CustomerTransforms.REPAIRED_STATE,
                CustomerTransforms.REPAIRED_COUNTRY,
                CustomerTransforms.REPAIRED_TEXT)
            .first();
    assertThat(row).isEqualTo(row(false, false, false));
  }

  @Test
  void codesAreTrimmedAndLowerCasedAndBlankIsNull() {
    Row row =
        standardized(
                with(
                    ADA,
                    GENDER,
                    "\u00a0FeMale\t",
                    LOYALTY_TIER,
                    "\u3000",
                    SIGNUP_CHANNEL,
                    "",
                    PREFERRED_CHANNEL,
                    " Mobile  App "))
            .select(GENDER, LOYALTY_TIER, SIGNUP_CHANNEL, PREFERRED_CHANNEL)
            .first();
    assertThat(row).isEqualTo(row("female", null, null, "mobile app"));
  }

  @Test
  void addressTextIsTrimmedAndCollapsedAndFormatCharactersRemoved() {
    Row row =
        standardized(
                with(ADA, STREET_ADDRESS, " 1\t\tMain \u2003St\ufeff ", CITY, "San\u200bFrancisco"))
            .select(STREET_ADDRESS, CITY)
            .first();
    assertThat(row).isEqualTo(row("1 Main St", "SanFrancisco"));
  }

  @Test
  void namesLoseTheirZeroWidthCharacters() {
    Row row =
        standardized(with(ADA, FIRST_NAME, "A\u200cda\u2060", LAST_NAME, "\u200dLovelace"))
            .select(FIRST_NAME, LAST_NAME)
            .first();
    assertThat(row).isEqualTo(row("Ada", "Lovelace"));
  }

  @Test
  void aNationalPhoneIsReadInTheStandardizedCountry() {
    assertThat(standard(with(ADA, COUNTRY, "usa"), PHONE)).isEqualTo("+15599925335");
  }

  // withRuleIds

  @Test
  void aCleanProfileBreaksNoRule() {
    assertThat(ruleIdsOf(ADA)).isEmpty();
  }

  @Test
  void aRowOfNullsBreaksTheRulesOfItsMissingValues() {
    assertThat(ruleIdsOf(values(EVENT_DATE, date("2026-03-02"))))
        .containsExactly(
            "customer_missing_id",
            "malformed_email",
            "invalid_phone",
            "invalid_zip",
            "implausible_birth_date",
            "invalid_country",
            "implausible_account_dates");
  }

  @Test
  void aBirthAfterSignupIsImplausible() {
    assertThat(ruleIdsOf(with(ADA, BIRTH_DATE, date("2020-01-16"))))
        .containsExactly("implausible_birth_date");
  }

  @Test
  void aBirthOnTheSignupDayIsPlausible() {
    assertThat(ruleIdsOf(with(ADA, BIRTH_DATE, date("2020-01-15")))).isEmpty();
  }

  @Test
  void aBirthExactly120YearsBeforeSignupIsPlausibleAndADayEarlierIsNot() {
    assertThat(ruleIdsOf(with(ADA, BIRTH_DATE, date("1900-01-15")))).isEmpty();
    assertThat(ruleIdsOf(with(ADA, BIRTH_DATE, date("1900-01-14"))))
        .containsExactly("implausible_birth_date");
  }

  @Test
  void aBirthDateWithoutSignupDateCannotBeCheckedSoItIsRejected() {
    // Once passed unchecked: a rule whose input is missing rejects the row.
    assertThat(ruleIdsOf(with(ADA, BIRTH_DATE, date("0001-01-01"), SIGNUP_DATE, null)))
        .containsExactly("implausible_birth_date", "implausible_account_dates");
    assertThat(ruleIdsOf(with(ADA, BIRTH_DATE, null))).containsExactly("implausible_birth_date");
  }

  @Test
  void aSignupAfterTheProfilesDateOrBefore1970IsImplausible() {
    assertThat(ruleIdsOf(with(ADA, SIGNUP_DATE, date("2026-03-03"))))
        .containsExactly("implausible_account_dates");
    assertThat(
            ruleIdsOf(with(ADA, SIGNUP_DATE, date("1969-12-31"), BIRTH_DATE, date("1950-01-01"))))
        .containsExactly("implausible_account_dates");
    assertThat(
            ruleIdsOf(
                with(ADA, SIGNUP_DATE, date("2026-03-02"), UPDATED_AT, ts("2026-03-02T08:00:00Z"))))
        .isEmpty();
  }

  @Test
  void anUpdateAfterTheProfilesDayOrBeforeSignupIsImplausible() {
    assertThat(ruleIdsOf(with(ADA, UPDATED_AT, ts("9999-12-31T23:59:59Z"))))
        .containsExactly("implausible_account_dates");
    assertThat(ruleIdsOf(with(ADA, UPDATED_AT, ts("2026-03-03T00:00:00Z"))))
        .containsExactly("implausible_account_dates");
    assertThat(ruleIdsOf(with(ADA, UPDATED_AT, ts("2020-01-14T23:59:59Z"))))
        .containsExactly("implausible_account_dates");
    assertThat(ruleIdsOf(with(ADA, UPDATED_AT, null))).containsExactly("implausible_account_dates");
    assertThat(ruleIdsOf(with(ADA, UPDATED_AT, ts("2026-03-02T23:59:59Z")))).isEmpty();
  }

  @Test
  void loyaltyPointsAreNonNegativeAndBoundedAndTiersKnown() {
    assertThat(ruleIdsOf(with(ADA, LOYALTY_POINTS, -1))).containsExactly("loyalty_out_of_range");
    assertThat(ruleIdsOf(with(ADA, LOYALTY_POINTS, 10_000_001)))
        .containsExactly("loyalty_out_of_range");
    assertThat(ruleIdsOf(with(ADA, LOYALTY_TIER, "diamond")))
        .containsExactly("loyalty_out_of_range");
    assertThat(ruleIdsOf(with(ADA, LOYALTY_TIER, " Gold "))).isEmpty();
  }

  @Test
  void anUnknownCountryIsInvalidButItsStateAndZipAreTakenAsTheyAre() {
    assertThat(ruleIdsOf(with(ADA, COUNTRY, "Narnia", PHONE, "+1 559 992 5335", ZIP_CODE, "??")))
        .containsExactly("invalid_country");
  }

  @Test
  void anUnknownUsStateIsInvalidAndItsZipIsNoLongerCheckedAgainstIt() {
    assertThat(ruleIdsOf(with(ADA, STATE, "Atlantis", ZIP_CODE, "10001")))
        .containsExactly("invalid_state");
  }

  @Test
  void aPlaceholderStateIsMissing() {
    assertThat(ruleIdsOf(with(ADA, STATE, " n/a "))).containsExactly("invalid_state");
  }

  @Test
  void aZipOutsideTheStateIsInvalid() {
    // 10001 is New York, not California.
    assertThat(ruleIdsOf(with(ADA, ZIP_CODE, "10001"))).containsExactly("invalid_zip");
  }

  @Test
  void anEmailWithAZeroWidthSpaceIsMalformed() {
    Map<String, Object> hidden = with(ADA, EMAIL, "ada\u200b@example.com");
    assertThat(ruleIdsOf(hidden)).containsExactly("malformed_email");
    assertThat(standard(hidden, EMAIL)).isNull();
  }

  @Test
  void anIdOutsideOneTo2Pow53IsInvalid() {
    assertThat(ruleIdsOf(with(ADA, CUSTOMER_ID, Long.MIN_VALUE)))
        .containsExactly("invalid_customer_id");
    assertThat(ruleIdsOf(with(ADA, CUSTOMER_ID, 0L))).containsExactly("invalid_customer_id");
    assertThat(ruleIdsOf(with(ADA, CUSTOMER_ID, 1L << 53))).containsExactly("invalid_customer_id");
  }
}
