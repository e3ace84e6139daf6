package io.c360.silver.transform;

import static io.c360.common.naming.BronzeColumns.SIGNUP_DATE;
import static io.c360.common.naming.SilverColumns.*;
import static io.c360.silver.testing.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.c360.common.testing.SparkTestBase;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SegmentationTest extends SparkTestBase {
  private static final StructType CUSTOMERS =
      new StructType()
          .add(RECENCY_DAYS, DataTypes.IntegerType)
          .add(ORDERS_90D, DataTypes.IntegerType)
          .add(MONETARY_90D_USD, DataTypes.createDecimalType(16, 2))
          .add(FEATURES_AS_OF, DataTypes.DateType)
          .add(SIGNUP_DATE, DataTypes.DateType);

  /** rfm_recency, rfm_frequency, rfm_monetary, rfm_score, value_segment of one customer. */
  private static Row scored(Integer recency, Integer orders, String monetary, String signup) {
    return Segmentation.withRfm(
            frame(
                spark,
                CUSTOMERS,
                values(
                    RECENCY_DAYS,
                    recency,
                    ORDERS_90D,
                    orders,
                    MONETARY_90D_USD,
                    monetary == null ? null : dec(monetary),
                    FEATURES_AS_OF,
                    date("2026-03-31"),
                    SIGNUP_DATE,
                    signup == null ? null : date(signup))))
        .select(RFM_RECENCY, RFM_FREQUENCY, RFM_MONETARY, RFM_SCORE, VALUE_SEGMENT)
        .first();
  }

  private static int recencyScore(Integer days) {
    return scored(days, 1, "1.00", "2020-01-01").getInt(0);
  }

  private static int frequencyScore(int orders) {
    return scored(1, orders, "1.00", "2020-01-01").getInt(1);
  }

  private static int monetaryScore(String monetary) {
    return scored(1, 1, monetary, "2020-01-01").getInt(2);
  }

  @Test
  void recencyScoresFallAtSevenFourteenThirtyAndSixtyDays() {
    List<Integer> days = List.of(0, 7, 8, 14, 15, 30, 31, 60, 61, Integer.MAX_VALUE);
    assertThat(days.stream().map(SegmentationTest::recencyScore).toList())
        .containsExactly(5, 5, 4, 4, 3, 3, 2, 2, 1, 1);
  }

  @Test
  void neverActiveScoresTheLowestRecency() {
    assertThat(recencyScore(null)).isEqualTo(1);
  }

  @Test
  void aNegativeRecencyScoresTheHighest() {
    assertThat(recencyScore(-5)).isEqualTo(5);
  }

  @Test
  void frequencyScoresFallAtOneTwoFourAndEightOrders() {
    List<Integer> orders = List.of(0, 1, 2, 3, 4, 7, 8, Integer.MAX_VALUE);
    assertThat(orders.stream().map(SegmentationTest::frequencyScore).toList())
        .containsExactly(1, 2, 3, 3, 4, 4, 5, 5);
  }

  @Test
  void monetaryScoresFallAboveZeroAndAt150400And1000() {
    List<String> amounts =
        List.of("0.00", "0.01", "149.99", "150.00", "399.99", "400.00", "999.99", "1000.00");
    assertThat(amounts.stream().map(SegmentationTest::monetaryScore).toList())
        .containsExactly(1, 2, 2, 3, 3, 4, 4, 5);
  }

  @Test
  void aNegativeOrMissingAmountScoresTheLowestMonetary() {
    assertThat(monetaryScore("-500.00")).isEqualTo(1);
    assertThat(monetaryScore(null)).isEqualTo(1);
  }

  @Test
  void theRfmScoreIsTheThreeDigits() {
    assertThat(scored(10, 4, "150.00", "2020-01-01").getString(3)).isEqualTo("443");
  }

  private static String segment(Integer recency, int orders, String monetary, String signup) {
    return scored(recency, orders, monetary, signup).getString(4);
  }

  @Test
  void withoutOrdersARecentSignupIsNewAndAnOlderOneAProspect() {
    // As of 2026-03-31: 2026-03-02 is 29 days before, 2026-03-01 is 30.
    assertThat(segment(1, 0, "0.00", "2026-03-02")).isEqualTo(Segmentation.NEW_CUSTOMER);
    assertThat(segment(1, 0, "0.00", "2026-03-01")).isEqualTo(Segmentation.PROSPECT);
  }

  @Test
  void withoutOrdersAndSignupDateACustomerIsAProspect() {
    assertThat(segment(1, 0, "0.00", null)).isEqualTo(Segmentation.PROSPECT);
  }

  @Test
  void recentFrequentBigSpendersAreChampions() {
    assertThat(segment(14, 4, "400.00", "2020-01-01")).isEqualTo(Segmentation.CHAMPIONS);
  }

  @Test
  void lapsedFrequentBuyersAreAtRiskAndLapsedOthersHibernating() {
    assertThat(segment(31, 2, "1000.00", "2020-01-01")).isEqualTo(Segmentation.AT_RISK);
    assertThat(segment(31, 1, "1000.00", "2020-01-01")).isEqualTo(Segmentation.HIBERNATING);
    assertThat(segment(null, 8, "1000.00", "2020-01-01")).isEqualTo(Segmentation.AT_RISK);
  }

  @Test
  void frequentBuyersWhoAreNotChampionsAreLoyal() {
    assertThat(segment(30, 4, "1000.00", "2020-01-01")).isEqualTo(Segmentation.LOYAL);
  }

  @Test
  void aRecentSignupWithAnOrderIsNewElsePotential() {
    assertThat(segment(1, 1, "10.00", "2026-03-30")).isEqualTo(Segmentation.NEW_CUSTOMER);
    assertThat(segment(1, 1, "10.00", "2020-01-01")).isEqualTo(Segmentation.POTENTIAL);
  }
}
