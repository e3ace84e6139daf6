package io.c360.bench.gold;

import io.c360.bench.harness.Markdown;
import io.c360.bench.harness.Measured;
import io.c360.bench.harness.MedianTable;
import io.c360.bench.harness.Medians;
import io.c360.bench.harness.RoundTable;
import io.c360.bench.harness.StepTable;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The gold benchmark's tables: each round, the medians, and where each engine's time goes. */
final class GoldReport {
  private final List<GoldRound> rounds;
  private final long silverRows;
  private final int threads;

  GoldReport(List<GoldRound> rounds, long silverRows, int threads) {
    this.rounds = List.copyOf(rounds);
    this.silverRows = silverRows;
    this.threads = threads;
  }

  /** Every round, the medians, then the steps of the job and the statements of DuckDB. */
  void print(long interactions, int days) {
    for (int i = 0; i < rounds.size(); i++) {
      printRound(i + 1, rounds.get(i), interactions, days);
    }
    printMedians();
    printSteps(GoldRuns.GOLD, GoldRound::gold, "step (RunReport durations, gold-finalize:<step>)");
    printSteps(GoldRuns.DUCKDB, GoldRound::duck, "statements (" + GoldRuns.SQL + ")");
  }

  private void printRound(int number, GoldRound round, long interactions, int days) {
    double duckSeconds = round.duck().seconds();
    RoundTable.printTitle(
        Markdown.cell(
            "Gold benchmark, round %d: silver from %,d bronze interactions over %d days",
            number, interactions, days),
        threads);
    System.out.println(
        RoundTable.header(
            "silver interactions read",
            "rows/s",
            "rows/s per core",
            "vs DuckDB",
            "vs DuckDB (CPU s)"));
    for (Measured<GoldRun> run : round.all()) {
      double rate = silverRows / run.seconds();
      System.out.println(
          RoundTable.row(
              run,
              Markdown.cell("%,d", silverRows),
              Markdown.cell("%,.0f", rate),
              Markdown.cell("%,.0f", rate / threads),
              Markdown.cell("%.2fx", duckSeconds / run.seconds()),
              Markdown.cell("%.2fx", round.duck().cpuSeconds() / run.cpuSeconds())));
    }
  }

  private void printMedians() {
    MedianTable.printTitle(rounds.size());
    System.out.println(
        MedianTable.header(MedianTable.SECONDS, MedianTable.RATE, MedianTable.VS_DUCKDB));
    for (int run = 0; run < 2; run++) {
      int index = run;
      double[] seconds = Medians.sorted(rounds, r -> r.all().get(index).seconds());
      double rate = Medians.median(rounds, r -> silverRows / r.all().get(index).seconds());
      // Ratios are taken within a round (same machine state), then summarized.
      double[] ratios =
          Medians.sorted(rounds, r -> r.duck().seconds() / r.all().get(index).seconds());
      System.out.println(
          MedianTable.row(
              rounds.get(0).all().get(run).name(),
              MedianTable.seconds(seconds),
              MedianTable.rate(rate, threads),
              MedianTable.ratio(ratios)));
    }
    double[] ratios = Medians.sorted(rounds, r -> r.duck().seconds() / r.gold().seconds());
    double[] cpuRatios = Medians.sorted(rounds, r -> r.duck().cpuSeconds() / r.gold().cpuSeconds());
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "Gold job vs DuckDB (same silver rows, same tables): %.2fx of the wall time, %.2fx of the"
            + " process CPU time (medians; wall %.2fx to %.2fx over the rounds; target at least"
            + " 0.5x)%n",
        Medians.median(ratios),
        Medians.median(cpuRatios),
        ratios[0],
        ratios[ratios.length - 1]);
  }

  private void printSteps(String name, Function<GoldRound, Measured<GoldRun>> pick, String header) {
    StepTable.print(rounds, name, header, pick, r -> pick.apply(r).outcome().steps());
  }
}
