package io.c360.bronze.generate;

/**
 * The attributes of a customer that its interactions depend on, derived from one hash of (seed,
 * customer id) so that the customers generator and the interactions generator agree without a join.
 * Mutable and reused per reader; {@link #load} fills it.
 */
public final class CustomerTraits {
  /** Share of customers in the churning cohort. */
  public static final double CHURNER_SHARE = 0.18;

  /** Days over which a churner's activity falls to 1/e after churn onset. */
  public static final double CHURN_DECAY_DAYS = 7.0;

  /** Customers per country, in the order of {@code Vocabulary.COUNTRIES}: US, CA, GB, DE. */
  static final double[] COUNTRY_CDF = Rng.cdf(0.86, 0.06, 0.05, 0.03);

  /** Preferred channel, in the order of {@code Vocabulary.CHANNELS}. */
  static final double[] PREFERRED_CHANNEL_CDF = Rng.cdf(0.40, 0.33, 0.19, 0.02, 0.04, 0.02);

  private static final long TRAITS_STREAM = 0x7A17L;

  long customerId;
  boolean churner;
  int churnOnsetDayIndex;
  int country;
  int preferredChannel;
  int signupDayIndex;

  public CustomerTraits load(GenerationPlan plan, long customerId) {
    long h = Rng.mix(Rng.mix(plan.seed() ^ TRAITS_STREAM) + customerId * 0x9E3779B97F4A7C15L);
    this.customerId = customerId;
    // Customer 1 is always active: the fallback when sampling finds no eligible customer.
    this.churner = customerId != 1 && (h & 0xFFFF) < CHURNER_SHARE * 0x10000;
    // Customer 1 never loses its id to an injected defect either (see DefectPlanner).
    this.churnOnsetDayIndex = (int) (((h >>> 16) & 0xFFFF) * plan.days() >>> 16);
    this.country = pick(COUNTRY_CDF, (h >>> 32) & 0xFFFF);
    this.preferredChannel = pick(PREFERRED_CHANNEL_CDF, (h >>> 48) & 0xFFFF);
    this.signupDayIndex = plan.signupDayIndex(customerId);
    return this;
  }

  public boolean churner() {
    return churner;
  }

  public int churnOnsetDayIndex() {
    return churnOnsetDayIndex;
  }

  public int country() {
    return country;
  }

  public int preferredChannel() {
    return preferredChannel;
  }

  public int signupDayIndex() {
    return signupDayIndex;
  }

  private static int pick(double[] cdf, long bits16) {
    double u = bits16 / 65536.0;
    int i = 0;
    while (i < cdf.length - 1 && u >= cdf[i]) {
      i++;
    }
    return i;
  }
}
