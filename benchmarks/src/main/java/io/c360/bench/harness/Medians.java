package io.c360.bench.harness;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** Medians and ranges over the rounds of a benchmark. */
public final class Medians {
  private Medians() {}

  /** The values of {@code rounds}, sorted ascending. */
  public static <T> double[] sorted(List<T> rounds, ToDoubleFunction<T> value) {
    return rounds.stream().mapToDouble(value).sorted().toArray();
  }

  /** The median of sorted values; of an even count, the upper of the two middle values. */
  public static double median(double[] sorted) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("Cannot take a median: no values");
    }
    return sorted[sorted.length / 2];
  }

  /** The median of the rounds' values. */
  public static <T> double median(List<T> rounds, ToDoubleFunction<T> value) {
    return median(sorted(rounds, value));
  }
}
