package io.c360.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table of one round, one row per run: the run, its wall seconds, the process's CPU seconds and
 * the Spark jobs it started, the stage's own columns, then the garbage collectors' seconds and the
 * largest live heap.
 */
public final class RoundTable {
  private RoundTable() {}

  /** The title of the table: what ran, then the cores both engines had and the heap. */
  public static void printTitle(String what, int threads) {
    System.out.println();
    System.out.println(what + ", " + Machine.cores(threads));
    System.out.println();
  }

  /** The header, with {@code stageColumns} between the time and the memory columns. */
  public static String header(String... stageColumns) {
    List<String> columns = new ArrayList<>(List.of("run", "seconds", "CPU s", "Spark jobs"));
    columns.addAll(List.of(stageColumns));
    columns.addAll(List.of("GC s", "max live heap MB"));
    return Markdown.header(1, columns.toArray(String[]::new));
  }

  /** The row of {@code run}, with its {@code stageCells}. */
  public static String row(Measured<?> run, String... stageCells) {
    List<String> cells = new ArrayList<>();
    cells.add(run.name());
    cells.add(String.format(Locale.ROOT, "%.1f", run.seconds()));
    cells.add(String.format(Locale.ROOT, "%.1f", run.cpuSeconds()));
    cells.add(run.sparkJobs() == 0 ? "-" : Long.toString(run.sparkJobs()));
    cells.addAll(List.of(stageCells));
    cells.add(String.format(Locale.ROOT, "%.1f", run.gcSeconds()));
    cells.add(Long.toString(run.liveHeapBytes() >> 20));
    return Markdown.row(cells.toArray(String[]::new));
  }
}
