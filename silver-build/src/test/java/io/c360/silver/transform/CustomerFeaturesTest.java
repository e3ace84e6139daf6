package io.c360.silver.transform;

import static io.c360.common.naming.BronzeColumns.*;
import static io.c360.common.naming.SilverColumns.*;
import static io.c360.silver.testing.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.c360.common.testing.SparkTestBase;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CustomerFeaturesTest extends SparkTestBase {
  /** The window of 2026-03-31 runs from 2026-01-01: 31 + 28 + 31 = 90 days. */
  private static final LocalDate AS_OF = LocalDate.of(2026, 3, 31);

  private static final StructType INTERACTIONS =
      new StructType()
          .add(CUSTOMER_ID, DataTypes.LongType)
          .add(EVENT_DATE, DataTypes.DateType)
          .add(EVENT_TYPE, DataTypes.StringType)
          .add(CHANNEL, DataTypes.StringType)
          .add(SESSION_ID, DataTypes.LongType)
          .add(SESSION_DURATION_SEC, DataTypes.IntegerType)
          .add(ORDER_STATUS, DataTypes.StringType)
          .add(IS_RETURNED, DataTypes.BooleanType)
          .add(REVENUE_USD, DataTypes.createDecimalType(14, 2))
          .add(NPS_SCORE, DataTypes.IntegerType);

  private static Map<String, Object> event(String date, Object... more) {
    return with(
        values(CUSTOMER_ID, 10L, EVENT_DATE, date(date), EVENT_TYPE, "page_view", CHANNEL, "web"),
        more);
  }

  private static Map<String, Object> purchase(
      String date, String status, Boolean returned, String usd) {
    return event(
        date,
        EVENT_TYPE,
        "purchase",
        ORDER_STATUS,
        status,
        IS_RETURNED,
        returned,
        REVENUE_USD,
        usd == null ? null : dec(usd));
  }

  /** The features of customer 10 as of {@link #AS_OF}. */
  @SafeVarargs
  private static Row features(Map<String, Object>... events) {
    return CustomerFeatures.features(frame(spark, INTERACTIONS, events), AS_OF)
        .filter(org.apache.spark.sql.functions.col(CUSTOMER_ID).equalTo(10L))
        .first();
  }

  private static Object feature(Row row, String name) {
    return row.get(row.fieldIndex(name));
  }

  @Test
  void theWindowIsTheNinetyDaysEndingOnTheAsOfDate() {
    assertThat(CustomerFeatures.windowStart(AS_OF)).isEqualTo(LocalDate.of(2026, 1, 1));
  }

  @Test
  void eventsOutsideTheWindowAreIgnored() {
    Row row =
        features(
            event("2025-12-31"), event("2026-01-01"), event("2026-03-31"), event("2026-04-01"));
    assertThat(feature(row, EVENTS_90D)).isEqualTo(2L);
    assertThat(feature(row, LAST_INTERACTION_DATE)).isEqualTo(date("2026-03-31"));
  }

  @Test
  void aCustomerWithoutEventsInTheWindowHasNoFeatureRow() {
    Dataset<Row> features =
        CustomerFeatures.features(frame(spark, INTERACTIONS, event("2025-12-31")), AS_OF);
    assertThat(features.count()).isZero();
  }

  @Test
  void ordersArePurchasesNotCancelledEvenWithoutStatus() {
    Row row =
        features(
            purchase("2026-03-01", "completed", false, "1.00"),
            purchase("2026-03-01", "cancelled", false, "1.00"),
            purchase("2026-03-01", null, false, "1.00"),
            purchase("2026-03-01", "returned", true, "1.00"),
            event("2026-03-01", ORDER_STATUS, "completed"));
    assertThat(feature(row, ORDERS_90D)).isEqualTo(3);
  }

  @Test
  void monetaryIsTheUsdRevenueOfOrdersNotReturned() {
    Row row =
        features(
            purchase("2026-03-01", "completed", false, "10.00"),
            purchase("2026-03-01", "completed", null, "0.05"),
            purchase("2026-03-01", "returned", true, "20.00"),
            purchase("2026-03-01", "cancelled", false, "30.00"),
            purchase("2026-03-01", "completed", false, null));
    assertThat((java.math.BigDecimal) feature(row, MONETARY_90D_USD)).isEqualByComparingTo("10.05");
  }

  @Test
  void monetaryWithoutOrdersIsZero() {
    assertThat((java.math.BigDecimal) feature(features(event("2026-03-01")), MONETARY_90D_USD))
        .isEqualByComparingTo("0.00");
  }

  @Test
  void theReturnRateIsReturnedOrdersOverOrdersAndNullWithoutOrders() {
    Row row =
        features(
            purchase("2026-03-01", "completed", true, "1.00"),
            purchase("2026-03-01", "completed", false, "1.00"),
            purchase("2026-03-01", "completed", false, "1.00"));
    assertThat(feature(row, RETURN_RATE_90D)).isEqualTo(0.3333);
    assertThat(feature(features(event("2026-03-01")), RETURN_RATE_90D)).isNull();
  }

  @Test
  void sessionsCountOnceInTheWindowOfTheirLastEvent() {
    Row row =
        features(
            event("2026-03-31", SESSION_ID, 1L),
            event("2026-03-20", SESSION_ID, 1L),
            event("2026-03-10", SESSION_ID, 2L),
            event("2026-03-02", SESSION_ID, 3L),
            event("2026-03-01", SESSION_ID, 4L),
            event("2026-03-31", SESSION_ID, null));
    // Days before 2026-03-31: session 1 last 0, session 2 21, session 3 29, session 4 30.
    assertThat(
            new Object[] {
              feature(row, SESSIONS_7D), feature(row, SESSIONS_30D), feature(row, SESSIONS_90D)
            })
        .containsExactly(1, 3, 4);
  }

  @Test
  void timeSpentSumsTheDurationsOfTheEventsInEachWindow() {
    Row row =
        features(
            event("2026-03-25", SESSION_DURATION_SEC, 100),
            event("2026-03-24", SESSION_DURATION_SEC, 20),
            event("2026-03-01", SESSION_DURATION_SEC, 3),
            event("2026-01-01", SESSION_DURATION_SEC, Integer.MAX_VALUE),
            event("2026-03-31", SESSION_DURATION_SEC, null));
    assertThat(
            new Object[] {
              feature(row, TIME_SPENT_7D_SEC),
              feature(row, TIME_SPENT_30D_SEC),
              feature(row, TIME_SPENT_90D_SEC)
            })
        .containsExactly(100L, 120L, 2_147_483_770L);
  }

  @Test
  void theTopChannelHasTheMostEventsAndTiesGoAlphabetically() {
    Row mostly =
        features(
            event("2026-03-01", CHANNEL, "web"),
            event("2026-03-01", CHANNEL, "store"),
            event("2026-03-02", CHANNEL, "store"));
    Row tied = features(event("2026-03-01", CHANNEL, "web"), event("2026-03-01", CHANNEL, "email"));
    assertThat(feature(mostly, TOP_CHANNEL_90D)).isEqualTo("store");
    assertThat(feature(tied, TOP_CHANNEL_90D)).isEqualTo("email");
  }

  @Test
  void supportContactsCountSupportEventsOnly() {
    Row row =
        features(
            event("2026-03-01", EVENT_TYPE, "support_contact"),
            event("2026-03-02", EVENT_TYPE, "support_contact"),
            event("2026-03-03", EVENT_TYPE, "SUPPORT_CONTACT"));
    assertThat(feature(row, SUPPORT_CONTACTS_90D)).isEqualTo(2);
  }

  @Test
  void npsIsAveragedOverTheLast30DaysAndTheDaysBefore() {
    // 2026-03-02 is 29 days before the as-of date, 2026-03-01 is 30.
    Row row =
        features(
            event("2026-03-31", NPS_SCORE, 10),
            event("2026-03-02", NPS_SCORE, 7),
            event("2026-03-02", NPS_SCORE, null),
            event("2026-03-01", NPS_SCORE, 2),
            event("2026-01-01", NPS_SCORE, 3));
    assertThat(new Object[] {feature(row, NPS_LAST_30D), feature(row, NPS_PREVIOUS_60D)})
        .containsExactly(8.5, 2.5);
  }

  @Test
  void everyFeatureAddsUpAcrossSessionsAndCustomers() {
    // The features are summed per session first, then per customer: an average of the sessions'
    // averages, a top channel per session or another customer's events would each show here.
    Row row =
        features(
            purchase("2026-03-30", "completed", false, "10.00"),
            event("2026-03-30", SESSION_ID, 1L, CHANNEL, "store", NPS_SCORE, 10),
            event("2026-03-30", SESSION_ID, 1L, CHANNEL, "store", NPS_SCORE, 10),
            event("2026-03-29", SESSION_ID, 2L, CHANNEL, "web", NPS_SCORE, 1),
            event("2026-03-29", SESSION_ID, 3L, CHANNEL, "web", SESSION_DURATION_SEC, 30),
            with(
                purchase("2026-03-28", "completed", false, "2.50"),
                SESSION_ID,
                4L,
                CHANNEL,
                "web",
                SESSION_DURATION_SEC,
                12),
            event("2026-03-30", CUSTOMER_ID, 11L, SESSION_ID, 1L, CHANNEL, "store", NPS_SCORE, 0),
            event("2026-03-30", CUSTOMER_ID, 11L, SESSION_ID, 9L, CHANNEL, "store"));
    assertThat(
            new Object[] {
              feature(row, EVENTS_90D),
              feature(row, ORDERS_90D),
              feature(row, MONETARY_90D_USD),
              feature(row, SESSIONS_7D),
              feature(row, TIME_SPENT_7D_SEC),
              feature(row, TOP_CHANNEL_90D),
              feature(row, NPS_LAST_30D)
            })
        .containsExactly(6L, 2, dec("12.50"), 4, 42L, "web", 7.0);
  }

  // withFeatures

  private static final StructType PROFILES =
      new StructType()
          .add(CUSTOMER_ID, DataTypes.LongType)
          .add(SIGNUP_DATE, DataTypes.DateType)
          .add(LAST_INTERACTION_DATE, DataTypes.DateType);

  @SafeVarargs
  private static Row withFeatures(Map<String, Object> profile, Map<String, Object>... events) {
    Dataset<Row> features = CustomerFeatures.features(frame(spark, INTERACTIONS, events), AS_OF);
    return CustomerFeatures.withFeatures(frame(spark, PROFILES, profile), features, AS_OF).first();
  }

  @Test
  void aCustomerWithoutEventsGetsZerosAndNoRecency() {
    Row row =
        withFeatures(
            values(CUSTOMER_ID, 10L, SIGNUP_DATE, date("2020-01-01")), event("2025-01-01"));
    assertThat(
            new Object[] {
              feature(row, FEATURES_AS_OF),
              feature(row, RECENCY_DAYS),
              feature(row, EVENTS_90D),
              feature(row, ORDERS_90D),
              feature(row, SESSIONS_90D),
              feature(row, TIME_SPENT_90D_SEC),
              feature(row, SUPPORT_CONTACTS_90D),
              feature(row, VALUE_SEGMENT)
            })
        .containsExactly(date("2026-03-31"), null, 0L, 0, 0, 0L, 0, Segmentation.PROSPECT);
    assertThat((java.math.BigDecimal) feature(row, MONETARY_90D_USD)).isEqualByComparingTo("0");
  }

  @Test
  void theLastInteractionIsCarriedFromSilverWhenTheWindowHasNone() {
    Row row =
        withFeatures(
            values(CUSTOMER_ID, 10L, LAST_INTERACTION_DATE, date("2025-06-30")),
            event("2025-12-31"));
    assertThat(new Object[] {feature(row, LAST_INTERACTION_DATE), feature(row, RECENCY_DAYS)})
        .containsExactly(date("2025-06-30"), 274);
  }

  @Test
  void theLastInteractionIsTheLaterOfSilversAndTheWindows() {
    Row row =
        withFeatures(
            values(CUSTOMER_ID, 10L, LAST_INTERACTION_DATE, date("2026-03-30")),
            event("2026-03-21"));
    assertThat(new Object[] {feature(row, LAST_INTERACTION_DATE), feature(row, RECENCY_DAYS)})
        .containsExactly(date("2026-03-30"), 1);
  }

  @Test
  void anAsOfBeforeTheCarriedLastInteractionCountsRecencyFromTheWindow() {
    // A previous run as of a later date saw 2026-04-20; as of 2026-03-31 the window's last
    // event (2026-03-21) is the latest on or before it: recency 10, never negative.
    Row row =
        withFeatures(
            values(CUSTOMER_ID, 10L, LAST_INTERACTION_DATE, date("2026-04-20")),
            event("2026-03-21"));
    assertThat(new Object[] {feature(row, LAST_INTERACTION_DATE), feature(row, RECENCY_DAYS)})
        .containsExactly(date("2026-04-20"), 10);
  }

  @Test
  void anAsOfBeforeTheCarriedLastInteractionWithAnEmptyWindowHasNoRecency() {
    Row row =
        withFeatures(
            values(CUSTOMER_ID, 10L, LAST_INTERACTION_DATE, date("2026-04-20")),
            event("2025-12-31"));
    assertThat(feature(row, RECENCY_DAYS)).isNull();
  }

  @Test
  void theNpsTrendIsTheDifferenceAndNullWhenEitherIsMissing() {
    Row both =
        withFeatures(
            values(CUSTOMER_ID, 10L),
            event("2026-03-31", NPS_SCORE, 9),
            event("2026-02-01", NPS_SCORE, 6));
    Row recentOnly = withFeatures(values(CUSTOMER_ID, 10L), event("2026-03-31", NPS_SCORE, 9));
    assertThat(feature(both, NPS_TREND)).isEqualTo(3.0);
    assertThat(feature(recentOnly, NPS_TREND)).isNull();
  }
}
