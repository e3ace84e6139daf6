package io.c360.bench.silver;

import io.c360.bench.harness.GroupTime;
import io.c360.bench.harness.Machine;
import io.c360.bench.harness.Markdown;
import io.c360.bench.harness.Measured;
import io.c360.bench.harness.MedianTable;
import io.c360.bench.harness.Medians;
import io.c360.bench.harness.RoundTable;
import io.c360.bench.harness.StepTable;
import io.c360.common.naming.Tables;
import io.c360.silver.validate.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** The silver benchmark's tables: rounds, counts, medians, and where each run's time goes. */
final class SilverReport {
  private final List<SilverRound> rounds;
  private final int threads;

  SilverReport(List<SilverRound> rounds, int threads) {
    this.rounds = List.copyOf(rounds);
    this.threads = threads;
  }

  /** Every round, the starting point, the last round's counts, the medians and the steps. */
  void print(Measured<SilverRun> base, long interactions, long customers, int days) {
    for (int i = 0; i < rounds.size(); i++) {
      printRound(i + 1, rounds.get(i), interactions, customers, days);
    }
    printBase(base);
    printCounts(rounds.get(rounds.size() - 1));
    printMedians();
    printSteps(SilverBenchmark.FULL, SilverRound::full);
    printSteps(SilverBenchmark.NEW_DAY, SilverRound::newDay);
    StepTable.print(
        rounds,
        SilverBenchmark.DUCKDB,
        "statements",
        SilverRound::duck,
        r -> r.duck().outcome().steps());
  }

  private static double rate(Measured<? extends Outcome> run) {
    return run.outcome().rows() / run.seconds();
  }

  private void printRound(
      int number, SilverRound round, long interactions, long customers, int days) {
    double duckRate = rate(round.duck());
    RoundTable.printTitle(
        Markdown.cell(
            "Silver benchmark, round %d: %,d interactions and %,d customers per customer"
                + " snapshot, %d + 1 days",
            number, interactions, customers, days),
        threads);
    System.out.println(
        RoundTable.header(
            "interactions read",
            "rows/s",
            "rows/s per core",
            "MB written",
            "vs DuckDB",
            "vs DuckDB (CPU s)",
            "% of the full run"));
    for (Measured<? extends Outcome> run : round.all()) {
      double rate = rate(run);
      System.out.println(
          RoundTable.row(
              run,
              Markdown.cell("%,d", run.outcome().rows()),
              Markdown.cell("%,.0f", rate),
              Markdown.cell("%,.0f", rate / threads),
              run == round.newDay() ? "-" : Markdown.cell("%.0f", run.outcome().bytes() / 1e6),
              run == round.full() ? Markdown.cell("%.2fx", rate / duckRate) : "-",
              run == round.full()
                  ? Markdown.cell("%.2fx", round.duck().cpuSeconds() / run.cpuSeconds())
                  : "-",
              run == round.newDay()
                  ? Markdown.cell("%.1f %%", 100 * run.seconds() / round.full().seconds())
                  : "-"));
    }
    System.out.println();
    System.out.println(Machine.memory());
  }

  private void printBase(Measured<SilverRun> base) {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%s, once before the rounds (also the warm-up): %.1f s, %,d interactions, %,.0f rows/s,"
            + " %,.0f rows/s per core%n",
        base.name(),
        base.seconds(),
        base.outcome().rows(),
        rate(base),
        rate(base) / threads);
  }

  /**
   * Silver's and DuckDB's counts side by side: the sanity check that DuckDB did comparable work.
   */
  private static void printCounts(SilverRound round) {
    Map<String, Long> silver = round.full().outcome().counts();
    Map<String, Long> duck = round.duck().outcome().counts();
    System.out.println();
    System.out.println("Counts of the last round, full run (silver's run report) and DuckDB:");
    System.out.println();
    System.out.println(Markdown.header(1, "count", "silver", "DuckDB", "DuckDB - silver"));
    List<String> names = new ArrayList<>();
    for (String table : List.of(Tables.BRONZE_CUSTOMERS, Tables.BRONZE_INTERACTIONS)) {
      for (String measure : List.of("rows", "duplicates", "quarantined", "accepted")) {
        names.add(table + "." + measure);
      }
      Rule.Source source =
          table.equals(Tables.BRONZE_CUSTOMERS) ? Rule.Source.CUSTOMERS : Rule.Source.INTERACTIONS;
      for (Rule rule : Rule.of(source)) {
        names.add(table + ".rule." + rule.id());
      }
    }
    names.add("customers_in_silver");
    for (String name : names) {
      long s = silver.getOrDefault(name, 0L);
      long d = duck.getOrDefault(name, 0L);
      if (s == 0 && d == 0 && name.contains(".rule.")) {
        continue;
      }
      System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %+,d |%n", name, s, d, d - s);
    }
  }

  private void printMedians() {
    MedianTable.printTitle(rounds.size());
    System.out.println(MedianTable.header(MedianTable.SECONDS, MedianTable.RATE));
    for (int run = 0; run < 3; run++) {
      int index = run;
      double[] seconds = Medians.sorted(rounds, r -> r.all().get(index).seconds());
      double rate = Medians.median(rounds, r -> rate(r.all().get(index)));
      System.out.println(
          MedianTable.row(
              rounds.get(0).all().get(run).name(),
              MedianTable.seconds(seconds),
              MedianTable.rate(rate, threads)));
    }
    // Both ratios are taken within a round (same machine state), then summarized.
    double[] ratios = Medians.sorted(rounds, r -> r.duck().seconds() / r.full().seconds());
    double[] cpuRatios = Medians.sorted(rounds, r -> r.duck().cpuSeconds() / r.full().cpuSeconds());
    double[] shares = Medians.sorted(rounds, r -> 100 * r.newDay().seconds() / r.full().seconds());
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "Silver full run vs DuckDB (same rows): %.2fx of the wall time, %.2fx of the process CPU"
            + " time (medians; wall %.2fx to %.2fx over the rounds; target at least 0.5x)%n",
        Medians.median(ratios),
        Medians.median(cpuRatios),
        ratios[0],
        ratios[ratios.length - 1]);
    System.out.printf(
        Locale.ROOT,
        "Incremental, one new day on top of the others: %.1f %% of the full run (median; %.1f %%"
            + " to %.1f %%; target at most 10 %%)%n",
        Medians.median(shares),
        shares[0],
        shares[shares.length - 1]);
  }

  /** Median seconds per silver step, with the tasks' time of the step's Spark job group. */
  private void printSteps(String name, Function<SilverRound, Measured<SilverRun>> pick) {
    StepTable.printTitle(name, rounds.size());
    System.out.println(
        Markdown.header(
            1,
            "step (Spark job group silver-build:<step>)",
            "wall s",
            "share of the run",
            "Spark jobs",
            "tasks",
            "task s (all cores)",
            "task CPU s"));
    List<String> steps = new ArrayList<>(SilverRuns.STEPS);
    steps.add(SilverRuns.OUTSIDE_STEPS);
    double total = Medians.median(rounds, r -> pick.apply(r).seconds());
    for (String step : steps) {
      ToDoubleFunction<SilverRound> wallSeconds = r -> pick.apply(r).outcome().steps().get(step);
      Function<SilverRound, GroupTime> group =
          r -> pick.apply(r).outcome().groups().getOrDefault(step, GroupTime.NONE);
      double wall = Medians.median(rounds, wallSeconds);
      System.out.printf(
          Locale.ROOT,
          "| %s | %.1f | %.0f %% | %.0f | %.0f | %.1f | %.1f |%n",
          step,
          wall,
          100 * wall / total,
          Medians.median(rounds, r -> group.apply(r).jobs()),
          Medians.median(rounds, r -> group.apply(r).tasks()),
          Medians.median(rounds, r -> group.apply(r).taskSeconds()),
          Medians.median(rounds, r -> group.apply(r).cpuSeconds()));
    }
    System.out.printf(Locale.ROOT, "| total | %.1f | 100 %% | | | | |%n", total);
  }
}
