package io.c360.bronze.generate;

/**
 * A counter-based random stream: {@link #reset(long)} to a key derived from (seed, table, date,
 * row), then draw. Every value of a row is a pure function of that key, so the data does not depend
 * on how rows are split over partitions, executors or cores. The mixer is SplitMix64's finalizer
 * (Steele, Lea and Flood 2014), which passes BigCrush on a counter.
 *
 * <p>Mutable and not thread-safe: one per reader.
 */
public final class Rng {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  public Rng reset(long key) {
    this.state = key;
    return this;
  }

  /** The key of one row: distinct for every (seed, stream, day, index). */
  public static long key(long seed, long stream, long day, long index) {
    long h = mix(seed ^ (stream * 0xD1B54A32D192ED03L));
    h = mix(h + day * 0xABC98388FB8FAC03L);
    return mix(h + index * GOLDEN_GAMMA);
  }

  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  /** Uniform in [0, 1). */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound) for {@code bound > 0} (Lemire's multiply-shift; bias below 2^-32). */
  public int nextInt(int bound) {
    return (int) (((nextLong() >>> 32) * bound) >>> 32);
  }

  /** Uniform in [0, bound) for {@code bound > 0}. */
  public long nextLong(long bound) {
    return Math.floorMod(nextLong(), bound);
  }

  /** True with probability {@code p}. */
  public boolean chance(double p) {
    return nextDouble() < p;
  }

  /** An index drawn from cumulative weights {@code cdf} (ascending, last element 1.0). */
  public int pick(double[] cdf) {
    double u = nextDouble();
    int i = 0;
    while (i < cdf.length - 1 && u >= cdf[i]) {
      i++;
    }
    return i;
  }

  /** Cumulative distribution of {@code weights}, for {@link #pick(double[])}. */
  public static double[] cdf(double... weights) {
    double total = 0;
    for (double weight : weights) {
      total += weight;
    }
    double[] cdf = new double[weights.length];
    double running = 0;
    for (int i = 0; i < weights.length; i++) {
      running += weights[i];
      cdf[i] = running / total;
    }
    cdf[weights.length - 1] = 1.0;
    return cdf;
  }
}
