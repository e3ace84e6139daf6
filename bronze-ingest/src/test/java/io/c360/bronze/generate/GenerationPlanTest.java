package io.c360.bronze.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.BitSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The plan is pure arithmetic: no Spark needed. */
class GenerationPlanTest {
  private static final LocalDate MONDAY = LocalDate.of(2026, 1, 5);

  @ParameterizedTest
  @CsvSource({
    "0, 1",
    "1, 1",
    "7, 30",
    "1000003, 30",
    "60000, 14",
    "5, 365",
    "999999999, 3660",
  })
  void interactionsPerDaySumExactlyToTheTotal(long interactions, int days) {
    GenerationPlan plan = new GenerationPlan(42, 100, interactions, MONDAY, days, 0.02);

    long sum = 0;
    for (int day = 0; day < days; day++) {
      assertThat(plan.interactionsOn(day)).isNotNegative();
      sum += plan.interactionsOn(day);
    }
    assertThat(sum).isEqualTo(interactions);
    assertThat(plan.interactions()).isEqualTo(interactions);
  }

  @Test
  void weekendDaysGetMoreInteractionsThanWeekdaysOnAverage() {
    GenerationPlan plan = new GenerationPlan(7, 10_000, 2_000_000, MONDAY, 28, 0.02);

    double weekend = meanPerDay(plan, true);
    double weekday = meanPerDay(plan, false);

    assertThat(weekend).isGreaterThan(weekday * 1.1);
    // Friday, the start of the peak, beats every Monday to Thursday of the same week.
    for (int week = 0; week < 4; week++) {
      long friday = plan.interactionsOn(week * 7 + 4);
      for (int day = 0; day < 4; day++) {
        assertThat(friday).isGreaterThan(plan.interactionsOn(week * 7 + day));
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "1, 30", "2, 30", "10, 3", "997, 14", "1000, 30", "3000, 14", "250000, 90"})
  void customersWrittenPerDayCoverEveryIdOnceInContiguousRanges(long customers, int days) {
    GenerationPlan plan = new GenerationPlan(42, customers, 1000, MONDAY, days, 0.02);

    long next = 1;
    long total = 0;
    for (int day = 0; day < days; day++) {
      assertThat(plan.firstCustomerWrittenOn(day)).as("first id of day %d", day).isEqualTo(next);
      assertThat(plan.customersWrittenOn(day)).isNotNegative();
      next += plan.customersWrittenOn(day);
      total += plan.customersWrittenOn(day);
    }
    assertThat(total).isEqualTo(customers);
    assertThat(next).isEqualTo(customers + 1);
    // Day 0 holds at least every customer who signed up before the window.
    assertThat(plan.customersWrittenOn(0)).isGreaterThanOrEqualTo(plan.preWindowCustomers());
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "2, 30", "997, 14", "1000, 30", "3000, 14", "250000, 90"})
  void signupDayIsOrderedByIdBeforeTheWindowForOldCustomersAndInsideItForNewOnes(
      long customers, int days) {
    GenerationPlan plan = new GenerationPlan(11, customers, 1000, MONDAY, days, 0.02);
    assertThat(plan.preWindowCustomers()).isBetween(1L, customers);

    int previous = Integer.MIN_VALUE;
    for (long id = 1; id <= customers; id++) {
      int signup = plan.signupDayIndex(id);
      assertThat(signup).as("signup day of %d", id).isGreaterThanOrEqualTo(previous);
      if (id <= plan.preWindowCustomers()) {
        assertThat(signup)
            .as("signup day of pre-window customer %d", id)
            .isNegative()
            .isGreaterThanOrEqualTo(-GenerationPlan.HISTORY_DAYS);
      } else {
        assertThat(signup).as("signup day of new customer %d", id).isBetween(0, days - 1);
      }
      previous = signup;
    }
  }

  @Test
  void aboutFifteenPercentOfCustomersSignUpInsideTheWindow() {
    GenerationPlan plan = new GenerationPlan(11, 10_000, 1000, MONDAY, 30, 0.02);

    assertThat(plan.customers() - plan.preWindowCustomers()).isEqualTo(1_500);
  }

  @ParameterizedTest
  @CsvSource({"1, 14", "2, 14", "997, 14", "1000, 30", "3000, 14"})
  void customersWrittenOnADayAreThoseWhoSignedUpThatDay(long customers, int days) {
    GenerationPlan plan = new GenerationPlan(5, customers, 1000, MONDAY, days, 0.02);

    for (int day = 0; day < days; day++) {
      long first = plan.firstCustomerWrittenOn(day);
      for (long id = first; id < first + plan.customersWrittenOn(day); id++) {
        if (day == 0) {
          assertThat(plan.signupDayIndex(id)).as("customer %d", id).isLessThanOrEqualTo(0);
        } else {
          assertThat(plan.signupDayIndex(id)).as("customer %d", id).isEqualTo(day);
        }
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
    "1, 42",
    "2, 42",
    "997, 42",
    "1000, 42",
    "1000, -3",
    "1024, 123456789",
    "4096, 0",
    "9973, 7"
  })
  void customerAtRankIsABijectionOntoTheCustomerIds(long customers, long seed) {
    GenerationPlan plan = new GenerationPlan(seed, customers, 1000, MONDAY, 14, 0.02);

    BitSet seen = new BitSet();
    for (long rank = 0; rank < customers; rank++) {
      long id = plan.customerAtRank(rank);
      assertThat(id).as("id at rank %d", rank).isBetween(1L, customers);
      assertThat(seen.get((int) id)).as("id %d seen twice", id).isFalse();
      seen.set((int) id);
    }
    assertThat(seen.cardinality()).isEqualTo((int) customers);
  }

  @Test
  void customerAtRankStaysABijectionAtTheLargestCustomerCountTheCommandAccepts() {
    // --customers accepts up to 10^12. These two ranks were found by sampling random ranks.
    GenerationPlan plan = new GenerationPlan(42, 1_000_000_000_000L, 1000, MONDAY, 30, 0.02);

    long first = plan.customerAtRank(158_769_078_600L);
    long second = plan.customerAtRank(470_900_769_096L);

    assertThat(first).isBetween(1L, plan.customers());
    assertThat(second).isBetween(1L, plan.customers());
    assertThat(first).as("ids of two different ranks").isNotEqualTo(second);
  }

  @Test
  void customerAtRankScattersTheMostActiveCustomersOverTheIdRange() {
    GenerationPlan plan = new GenerationPlan(42, 100_000, 1000, MONDAY, 14, 0.02);

    long[] topHundred = LongStream.range(0, 100).map(plan::customerAtRank).toArray();

    assertThat(LongStream.of(topHundred).filter(id -> id <= 10_000).count()).isLessThan(50);
    assertThat(LongStream.of(topHundred).filter(id -> id > 50_000).count()).isGreaterThan(10);
  }

  private static double meanPerDay(GenerationPlan plan, boolean weekend) {
    long sum = 0;
    int count = 0;
    for (int day = 0; day < plan.days(); day++) {
      DayOfWeek dayOfWeek = plan.date(day).getDayOfWeek();
      boolean isWeekend = dayOfWeek == DayOfWeek.SATURDAY || dayOfWeek == DayOfWeek.SUNDAY;
      if (isWeekend == weekend) {
        sum += plan.interactionsOn(day);
        count++;
      }
    }
    return (double) sum / count;
  }
}
