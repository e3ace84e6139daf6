package io.c360.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table of medians over the rounds, one row per run: column groups for the seconds, the rate
 * and the ratio to DuckDB, each a median and, where useful, the range over the rounds.
 */
public final class MedianTable {
  public static final List<String> SECONDS = List.of("seconds (median)", "seconds (range)");
  public static final List<String> RATE = List.of("rows/s (median)", "rows/s per core");
  public static final List<String> VS_DUCKDB = List.of("vs DuckDB (median)", "vs DuckDB (range)");

  private MedianTable() {}

  /** "Medians over N rounds:", between blank lines. */
  public static void printTitle(int rounds) {
    System.out.println();
    System.out.printf(Locale.ROOT, "Medians over %d rounds:%n%n", rounds);
  }

  /** The header: the run, then the column groups in order. */
  @SafeVarargs
  public static String header(List<String>... groups) {
    return Markdown.header(1, join("run", groups).toArray(String[]::new));
  }

  /** A run's row: its name, then the cells of each group in order. */
  @SafeVarargs
  public static String row(String run, List<String>... cells) {
    return Markdown.row(join(run, cells).toArray(String[]::new));
  }

  /** The {@link #SECONDS} cells of sorted seconds: the median, and lowest to highest. */
  public static List<String> seconds(double[] sorted) {
    return List.of(
        Markdown.cell("%.1f", Medians.median(sorted)),
        Markdown.cell("%.1f to %.1f", sorted[0], sorted[sorted.length - 1]));
  }

  /** The {@link #RATE} cells: rows per second, and per core. */
  public static List<String> rate(double rowsPerSecond, int threads) {
    return List.of(
        Markdown.cell("%,.0f", rowsPerSecond), Markdown.cell("%,.0f", rowsPerSecond / threads));
  }

  /** The {@link #VS_DUCKDB} cells of sorted ratios: the median, and lowest to highest. */
  public static List<String> ratio(double[] sorted) {
    return List.of(
        Markdown.cell("%.2fx", Medians.median(sorted)),
        Markdown.cell("%.2fx to %.2fx", sorted[0], sorted[sorted.length - 1]));
  }

  private static List<String> join(String first, List<String>[] groups) {
    List<String> all = new ArrayList<>(List.of(first));
    for (List<String> group : groups) {
      all.addAll(group);
    }
    return all;
  }
}
