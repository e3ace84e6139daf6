package io.c360.bench.silver;

import io.c360.bench.bronze.BronzeJob;
import io.c360.bench.harness.Folders;
import io.c360.bench.harness.LocalSessions;
import io.c360.bench.harness.Machine;
import io.c360.bench.harness.Measured;
import io.c360.bench.harness.RunArgs;
import io.c360.bronze.generate.GenerationSpec;
import io.c360.common.cli.DateRange;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The silver benchmark (docs/BENCHMARKS.md): in one JVM, on the same cores,
 *
 * <ol>
 *   <li>the silver job on 31 days of bronze into an empty warehouse (the full run),
 *   <li>the incremental case: the 31st day, which bronze delivered as a window of its own, on top
 *       of the first 30 days, which silver loaded into another warehouse once, before the rounds
 *       (every round first rolls that warehouse's tables back to those 30 days),
 *   <li>DuckDB doing the SQL-expressible part of the same cleansing, validation, deduplication and
 *       enrichment on the same bronze Parquet, writing accepted and quarantined rows as Parquet
 *       ({@link DuckDbSilver}).
 * </ol>
 *
 * <p>The bronze data is generated once, by the bronze job, as two windows: days 1 to 30, then day
 * 31 with its own manifest (the way a daily bronze run delivers a new day). Each silver run gets a
 * session of its own ({@link SparkSession#newSession()}, same SparkContext and tuned settings)
 * whose catalog points at a fresh warehouse.
 *
 * <p>Arguments: {@code [interactions] [days] [work-dir] [threads] [repeats]}: interactions over
 * {@code days + 1} dates. Each round runs the three in turn; medians and ranges over the rounds are
 * printed last, with where silver's time goes (its steps, which are Spark job groups).
 */
public final class SilverBenchmark {
  private static final long SEED = 42;
  private static final LocalDate START = LocalDate.parse("2026-01-01");
  private static final double DEFECT_RATE = 0.02;

  static final String FULL = "silver job, all days into an empty warehouse";
  static final String BASE = "silver job, all days but the last (the incremental's starting point)";
  static final String NEW_DAY = "silver job, the last day on top of the others (incremental)";
  static final String DUCKDB = "DuckDB, SQL-expressible part of silver, all days";

  private SilverBenchmark() {}

  public static void main(String[] args) throws Exception {
    RunArgs run = RunArgs.parse(args, 1_000_000L, "target/bench-silver");
    // Fail fast, before generating anything, if DuckDB's lookup tables disagree with silver.
    DuckDbSilver.setup();
    Folders.recreate(run.work());

    SparkSession spark =
        LocalSessions.start(
            "silver-benchmark", run.threads(), Optional.of(run.work().resolve("warehouse-unused")));
    SilverRuns silver = new SilverRuns(spark);

    System.out.printf(Locale.ROOT, "generating bronze: %,d interactions%n", run.interactions());
    Path bronze = run.work().resolve("bronze");
    long customers = Math.max(10, run.interactions() / 40);
    generateBronze(spark, bronze, run.interactions(), customers, run.days());

    // The incremental's starting point, once: days 1..30 into a warehouse of their own. It is
    // also the warm-up (class loading, JIT) of every code path the timed runs take.
    Path incremental = run.work().resolve("incremental");
    Optional<DateRange> baseDays =
        Optional.of(new DateRange(START, START.plusDays(run.days() - 1L)));
    Measured<SilverRun> base =
        Measured.measure(
            BASE,
            () ->
                silver.run(Warehouses.session(spark, incremental), bronze, incremental, baseDays));
    Map<String, Long> baseSnapshots =
        Warehouses.currentSnapshots(Warehouses.session(spark, incremental));

    String loadBefore = Machine.loadAverage();
    List<SilverRound> rounds = new ArrayList<>();
    for (int round = 1; round <= run.repeats(); round++) {
      System.out.printf(Locale.ROOT, "round %d of %d%n", round, run.repeats());
      Path full = run.work().resolve("round-" + round + "-full");
      Path duckdb = run.work().resolve("round-" + round + "-duckdb");
      Measured<SilverRun> fullRun =
          Measured.measure(
              FULL,
              () -> silver.run(Warehouses.session(spark, full), bronze, full, Optional.empty()));
      // Every round adds the same new day to the same 30 days: the tables go back to the
      // snapshots the starting point committed, so silver sees day 31 as new again.
      SparkSession onTop = Warehouses.session(spark, incremental);
      Warehouses.rollBack(onTop, baseSnapshots);
      Measured<SilverRun> newDay =
          Measured.measure(NEW_DAY, () -> silver.run(onTop, bronze, incremental, Optional.empty()));
      Measured<DuckRun> duck =
          Measured.measure(DUCKDB, () -> DuckDbSilver.run(bronze, duckdb, run.threads()));
      rounds.add(new SilverRound(fullRun, newDay, duck));
      if (round < run.repeats()) {
        // Keep the last round's outputs to look at; the others only take disk space.
        Folders.deleteRecursively(full);
        Folders.deleteRecursively(duckdb);
      }
    }
    String loadAfter = Machine.loadAverage();
    spark.stop();

    new SilverReport(rounds, run.threads()).print(base, run.interactions(), customers, run.days());
    System.out.println();
    // Other processes share the cores: the load average says how much.
    System.out.printf(
        Locale.ROOT,
        "Load average (1, 5, 15 minutes) before the rounds: %s; after them: %s%n",
        loadBefore,
        loadAfter);
  }

  /**
   * Bronze as a daily producer delivers it: days 1..{@code days} as one window, then the next day
   * as a window of its own (its own manifest and customer snapshot). Interactions are split in
   * proportion to the days, customers are the same population in both windows.
   */
  private static void generateBronze(
      SparkSession spark, Path root, long interactions, long customers, int days) {
    long firstWindow = interactions * days / (days + 1);
    BronzeJob.run(
        spark,
        Folders.uri(root),
        new GenerationSpec(SEED, customers, firstWindow, START, days, DEFECT_RATE));
    BronzeJob.run(
        spark,
        Folders.uri(root),
        new GenerationSpec(
            SEED, customers, interactions - firstWindow, START.plusDays(days), 1, DEFECT_RATE));
  }
}
