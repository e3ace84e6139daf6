package io.c360.bench.bronze;

import io.c360.bench.harness.Machine;
import io.c360.bench.harness.Markdown;
import io.c360.bench.harness.Measured;
import io.c360.bench.harness.Medians;
import java.util.List;
import java.util.Locale;

/** The bronze benchmark's tables: each round's runs, then the medians; DuckDB's run is last. */
record BronzeReport(long interactions, int days, int threads) {
  /** One round: its runs (the outcome: bytes written) against DuckDB's, the last of them. */
  void printRound(List<Measured<Long>> results) {
    Measured<Long> duck = results.get(results.size() - 1);
    double duckRate = interactions / duck.seconds();
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "Bronze benchmark: %,d interactions over %d days, %s%n",
        interactions,
        days,
        Machine.cores(threads));
    System.out.println();
    System.out.println(
        Markdown.header(
            1,
            "run",
            "seconds",
            "rows/s",
            "rows/s per core",
            "MB written",
            "MB/s per core",
            "vs DuckDB",
            "GC s",
            "max live heap MB"));
    for (Measured<Long> result : results) {
      double rate = interactions / result.seconds();
      double mb = result.outcome() / 1e6;
      System.out.printf(
          Locale.ROOT,
          "| %s | %.1f | %,.0f | %,.0f | %s | %s | %.2fx | %.1f | %d |%n",
          result.name(),
          result.seconds(),
          rate,
          rate / threads,
          result.outcome() == 0 ? "-" : String.format(Locale.ROOT, "%.0f", mb),
          result.outcome() == 0
              ? "-"
              : String.format(Locale.ROOT, "%.1f", mb / result.seconds() / threads),
          rate / duckRate,
          result.gcSeconds(),
          result.liveHeapBytes() >> 20);
    }
    System.out.println();
    System.out.println(Machine.memory());
  }

  /** Per run, the median seconds and rates, and the median and range of the ratio to DuckDB. */
  void printMedians(List<List<Measured<Long>>> rounds) {
    int runs = rounds.get(0).size();
    System.out.println();
    System.out.printf(Locale.ROOT, "Medians over %d rounds:%n%n", rounds.size());
    System.out.println(
        Markdown.header(
            1,
            "run",
            "seconds (median)",
            "rows/s (median)",
            "rows/s per core",
            "vs DuckDB (median)",
            "vs DuckDB (range)"));
    for (int run = 0; run < runs; run++) {
      int index = run;
      double median = Medians.median(rounds, r -> r.get(index).seconds());
      double[] ratios =
          Medians.sorted(rounds, r -> r.get(runs - 1).seconds() / r.get(index).seconds());
      System.out.printf(
          Locale.ROOT,
          "| %s | %.1f | %,.0f | %,.0f | %.2fx | %.2fx to %.2fx |%n",
          rounds.get(0).get(run).name(),
          median,
          interactions / median,
          interactions / median / threads,
          Medians.median(ratios),
          ratios[0],
          ratios[ratios.length - 1]);
    }
  }
}
