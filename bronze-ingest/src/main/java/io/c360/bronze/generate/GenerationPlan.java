package io.c360.bronze.generate;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * How many rows each day gets, and which customers exist when: a pure function of the generation
 * options, computed identically on the driver and in every task.
 *
 * <p>Customer ids are issued in signup order. Customers {@code 1..preWindowCustomers} signed up
 * during the {@link #HISTORY_DAYS} before the window; the rest sign up inside it, a seasonal number
 * per day. Interactions per day follow weekly seasonality and a slight growth trend.
 */
public final class GenerationPlan implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How far back the oldest customer signed up, in days before the window. */
  public static final int HISTORY_DAYS = 3 * 365;

  /** Largest customer count {@link #customerAtRank} maps without overflow. */
  public static final long MAX_CUSTOMERS = 1L << 40;

  /** Share of customers who sign up inside the window. */
  public static final double NEW_CUSTOMER_SHARE = 0.15;

  /** Relative traffic per weekday, Monday first: retail peaks on Friday to Sunday. */
  private static final double[] WEEKDAY_WEIGHTS = {0.92, 0.90, 0.93, 0.97, 1.08, 1.24, 1.14};

  /** Traffic grows by this fraction from the first to the last day of the window. */
  private static final double GROWTH_OVER_WINDOW = 0.05;

  private final long seed;
  private final long customers;
  private final LocalDate startDate;
  private final int days;
  private final double defectRate;
  private final long[] interactionsPerDay;
  private final long[] firstInteractionOfDay;
  private final long preWindowCustomers;
  private final long[] firstNewCustomerOfDay;
  private final long customerPermutationMultiplier;

  public GenerationPlan(
      long seed,
      long customers,
      long interactions,
      LocalDate startDate,
      int days,
      double defectRate) {
    if (customers < 1
        || customers > MAX_CUSTOMERS
        || interactions < 0
        || days < 1
        || defectRate < 0
        || defectRate > 1) {
      throw new IllegalArgumentException(
          "Cannot plan generation: customers in [1, 2^40], interactions >= 0, days >= 1 and"
              + " defect rate in [0, 1] are required");
    }
    this.seed = seed;
    this.customers = customers;
    this.startDate = requireNonNull(startDate, "startDate is null");
    this.days = days;
    this.defectRate = defectRate;
    double[] weights = dayWeights(startDate, days);
    this.interactionsPerDay = allocate(interactions, weights);
    this.firstInteractionOfDay = prefixSums(interactionsPerDay);
    long newCustomers = Math.min(customers - 1, Math.round(customers * NEW_CUSTOMER_SHARE));
    this.preWindowCustomers = customers - newCustomers;
    long[] newPerDay = allocate(newCustomers, weights);
    long[] offsets = prefixSums(newPerDay);
    this.firstNewCustomerOfDay = new long[days + 1];
    for (int day = 0; day <= days; day++) {
      firstNewCustomerOfDay[day] = preWindowCustomers + 1 + offsets[day];
    }
    this.customerPermutationMultiplier = coprimeMultiplier(customers, seed);
  }

  public long seed() {
    return seed;
  }

  public long customers() {
    return customers;
  }

  public LocalDate startDate() {
    return startDate;
  }

  public int days() {
    return days;
  }

  public double defectRate() {
    return defectRate;
  }

  public LocalDate date(int dayIndex) {
    return startDate.plusDays(dayIndex);
  }

  public long epochDay(int dayIndex) {
    return startDate.toEpochDay() + dayIndex;
  }

  public long interactions() {
    return firstInteractionOfDay[days];
  }

  public long interactionsOn(int dayIndex) {
    return interactionsPerDay[dayIndex];
  }

  public long preWindowCustomers() {
    return preWindowCustomers;
  }

  /** First customer id written to the customers partition of {@code dayIndex}. */
  public long firstCustomerWrittenOn(int dayIndex) {
    return dayIndex == 0 ? 1 : firstNewCustomerOfDay[dayIndex];
  }

  /**
   * Customers written to the partition of {@code dayIndex}: day 0 also holds the pre-window ones.
   */
  public long customersWrittenOn(int dayIndex) {
    return firstNewCustomerOfDay[dayIndex + 1] - firstCustomerWrittenOn(dayIndex);
  }

  /**
   * The signup day of a customer relative to the window's first day (negative before the window).
   */
  public int signupDayIndex(long customerId) {
    if (customerId <= preWindowCustomers) {
      return -1 - (int) ((preWindowCustomers - customerId) * HISTORY_DAYS / preWindowCustomers);
    }
    int index = Arrays.binarySearch(firstNewCustomerOfDay, customerId);
    if (index >= 0) {
      // Several days can share a first id when some days get no new customer: take the last.
      while (index + 1 < firstNewCustomerOfDay.length
          && firstNewCustomerOfDay[index + 1] == customerId) {
        index++;
      }
      return index;
    }
    return -index - 2;
  }

  /**
   * Maps a popularity rank (0 is the most active) to a customer id, scattering the heavy users over
   * the id range instead of giving them the oldest ids.
   */
  public long customerAtRank(long rank) {
    long scattered = mulMod(rank, customerPermutationMultiplier, customers);
    return (scattered + (seed & 0xFFFF) % customers) % customers + 1;
  }

  /**
   * {@code a * b mod m} for {@code 0 <= a, b < m <= 2^40} without overflow: b is split into 20-bit
   * halves so that every intermediate product stays below 2^61.
   */
  static long mulMod(long a, long b, long m) {
    if (m <= Integer.MAX_VALUE) {
      return a * b % m;
    }
    long high = a * (b >>> 20) % m;
    return ((high << 20) % m + a * (b & 0xFFFFF)) % m;
  }

  private static double[] dayWeights(LocalDate start, int days) {
    double[] weights = new double[days];
    for (int day = 0; day < days; day++) {
      DayOfWeek dayOfWeek = start.plusDays(day).getDayOfWeek();
      double trend = 1.0 + GROWTH_OVER_WINDOW * day / Math.max(1, days - 1);
      weights[day] = WEEKDAY_WEIGHTS[dayOfWeek.getValue() - 1] * trend;
    }
    return weights;
  }

  /** Splits {@code total} proportionally to {@code weights} (largest remainder, exact sum). */
  static long[] allocate(long total, double[] weights) {
    double sum = Arrays.stream(weights).sum();
    long[] counts = new long[weights.length];
    double[] remainders = new double[weights.length];
    long assigned = 0;
    for (int i = 0; i < weights.length; i++) {
      double exact = total * weights[i] / sum;
      counts[i] = (long) Math.floor(exact);
      remainders[i] = exact - counts[i];
      assigned += counts[i];
    }
    for (long left = total - assigned; left > 0; left--) {
      int best = 0;
      for (int i = 1; i < weights.length; i++) {
        if (remainders[i] > remainders[best]) {
          best = i;
        }
      }
      counts[best]++;
      remainders[best] = -1;
    }
    return counts;
  }

  private static long[] prefixSums(long[] counts) {
    long[] sums = new long[counts.length + 1];
    for (int i = 0; i < counts.length; i++) {
      sums[i + 1] = sums[i] + counts[i];
    }
    return sums;
  }

  private static long coprimeMultiplier(long modulus, long seed) {
    if (modulus == 1) {
      return 1;
    }
    long candidate = Math.floorMod(Rng.mix(seed) | 1, modulus);
    candidate = Math.max(candidate, 1);
    while (gcd(candidate, modulus) != 1) {
      candidate = candidate % modulus + 1;
    }
    return candidate;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
