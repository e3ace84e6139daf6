package io.c360.bench.harness;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** "Where the time goes": a run's steps, medians over the rounds, and their share of the run. */
public final class StepTable {
  private StepTable() {}

  /** The title line of a step table, with the blank line after it. */
  public static void printTitle(String run, int rounds) {
    System.out.println();
    System.out.printf(
        Locale.ROOT, "Where the time goes: %s (medians over %d rounds)%n%n", run, rounds);
  }

  /**
   * The table of {@code run}'s steps (the first round's, in its order), each step's median seconds
   * and share of the median total.
   */
  public static <R> void print(
      List<R> rounds,
      String run,
      String header,
      Function<R, ? extends Measured<?>> pick,
      Function<R, Map<String, Double>> steps) {
    printTitle(run, rounds.size());
    System.out.println(Markdown.header(1, header, "seconds", "share of the run"));
    double total = Medians.median(rounds, r -> pick.apply(r).seconds());
    for (String step : steps.apply(rounds.get(0)).keySet()) {
      double seconds = Medians.median(rounds, r -> steps.apply(r).getOrDefault(step, 0.0));
      System.out.printf(
          Locale.ROOT, "| %s | %.1f | %.0f %% |%n", step, seconds, 100 * seconds / total);
    }
    System.out.printf(Locale.ROOT, "| total | %.1f | 100 %% |%n", total);
  }
}
