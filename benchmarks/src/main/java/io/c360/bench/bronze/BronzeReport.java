package io.c360.bench.bronze;

import io.c360.bench.harness.Machine;
import io.c360.bench.harness.Markdown;
import io.c360.bench.harness.Measured;
import io.c360.bench.harness.MedianTable;
import io.c360.bench.harness.Medians;
import io.c360.bench.harness.RoundTable;
import java.util.List;

/** The bronze benchmark's tables: each round's runs, then the medians; DuckDB's run is last. */
record BronzeReport(long interactions, int days, int threads) {
  /** One round: its runs (the outcome: bytes written) against DuckDB's, the last of them. */
  void printRound(List<Measured<Long>> results) {
    Measured<Long> duck = results.get(results.size() - 1);
    double duckRate = interactions / duck.seconds();
    RoundTable.printTitle(
        Markdown.cell("Bronze benchmark: %,d interactions over %d days", interactions, days),
        threads);
    System.out.println(
        RoundTable.header("rows/s", "rows/s per core", "MB written", "MB/s per core", "vs DuckDB"));
    for (Measured<Long> result : results) {
      double rate = interactions / result.seconds();
      double mb = result.outcome() / 1e6;
      System.out.println(
          RoundTable.row(
              result,
              Markdown.cell("%,.0f", rate),
              Markdown.cell("%,.0f", rate / threads),
              result.outcome() == 0 ? "-" : Markdown.cell("%.0f", mb),
              result.outcome() == 0 ? "-" : Markdown.cell("%.1f", mb / result.seconds() / threads),
              Markdown.cell("%.2fx", rate / duckRate)));
    }
    System.out.println();
    System.out.println(Machine.memory());
  }

  /** Per run, the median seconds and rates, and the median and range of the ratio to DuckDB. */
  void printMedians(List<List<Measured<Long>>> rounds) {
    int runs = rounds.get(0).size();
    MedianTable.printTitle(rounds.size());
    System.out.println(
        MedianTable.header(List.of("seconds (median)"), MedianTable.RATE, MedianTable.VS_DUCKDB));
    for (int run = 0; run < runs; run++) {
      int index = run;
      double median = Medians.median(rounds, r -> r.get(index).seconds());
      double[] ratios =
          Medians.sorted(rounds, r -> r.get(runs - 1).seconds() / r.get(index).seconds());
      System.out.println(
          MedianTable.row(
              rounds.get(0).get(run).name(),
              List.of(Markdown.cell("%.1f", median)),
              MedianTable.rate(interactions / median, threads),
              MedianTable.ratio(ratios)));
    }
  }
}
