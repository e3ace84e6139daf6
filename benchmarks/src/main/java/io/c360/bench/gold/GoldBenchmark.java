package io.c360.bench.gold;

import io.c360.bench.bronze.BronzeJob;
import io.c360.bench.harness.Folders;
import io.c360.bench.harness.LocalSessions;
import io.c360.bench.harness.Machine;
import io.c360.bench.harness.Measured;
import io.c360.bench.harness.RunArgs;
import io.c360.bench.silver.SilverJob;
import io.c360.bronze.generate.GenerationSpec;
import io.c360.common.naming.Tables;
import io.c360.common.naming.Tables.Qualified;
import io.c360.gold.GoldFinalizeMain;
import io.c360.gold.read.SilverState;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The gold benchmark (docs/BENCHMARKS.md): in one JVM, on the same cores,
 *
 * <ol>
 *   <li>the gold job ({@link GoldFinalizeMain#run}, {@code --full-rebuild}) on the benchmark's
 *       silver tables: plan, the five gold tables, the reconciliation gate, the Iceberg commits,
 *       the progress record, the summary read back and the audit row;
 *   <li>DuckDB computing the same five tables with SQL written from docs/GOLD.md ({@code
 *       gold-duckdb.sql}) over the same silver rows, exported to Parquet before the rounds, and
 *       writing each table as a Parquet file.
 * </ol>
 *
 * <p>Before the rounds, untimed: bronze and silver on {@code interactions} rows over {@code days}
 * dates, the export of silver's rows, and one run of each (the warm-up). After the warm-up and
 * after the last round, both engines' tables are compared row by row; a difference beyond rounding
 * fails the benchmark (exit 1), since then the comparison would not be like for like.
 *
 * <p>Arguments: {@code [interactions] [days] [work-dir] [threads] [repeats]}.
 */
public final class GoldBenchmark {
  private static final long SEED = 42;
  private static final LocalDate START = LocalDate.parse("2026-01-01");
  private static final double DEFECT_RATE = 0.02;

  /** The silver.customers columns gold reads. */
  private static final List<String> CUSTOMER_COLUMNS =
      List.of("customer_id", "signup_date", "value_segment");

  private GoldBenchmark() {}

  public static void main(String[] args) throws Exception {
    RunArgs run = RunArgs.parse(args, 2_000_000L, "target/bench-gold");
    GoldRuns runs = new GoldRuns(run.threads());
    Folders.recreate(run.work());
    Path warehouse = run.work().resolve("warehouse");
    SparkSession spark =
        LocalSessions.start("gold-benchmark", run.threads(), Optional.of(warehouse));

    // Untimed setup: bronze, silver, and silver's rows as plain Parquet for DuckDB.
    long customers = Math.max(10, run.interactions() / 40);
    Path bronze = run.work().resolve("bronze");
    System.out.printf(
        Locale.ROOT,
        "setup: bronze (%,d interactions, %,d customers, %d days), silver, export%n",
        run.interactions(),
        customers,
        run.days());
    BronzeJob.run(
        spark,
        Folders.uri(bronze),
        new GenerationSpec(SEED, customers, run.interactions(), START, run.days(), DEFECT_RATE));
    SilverJob.run(spark, warehouse, bronze, Optional.empty(), "bench-silver");
    Path exported = run.work().resolve("silver-parquet");
    long silverRows =
        export(
            spark,
            Qualified.SILVER_INTERACTIONS,
            SilverState.INTERACTION_COLUMNS,
            exported.resolve("interactions"));
    long silverCustomers =
        export(spark, Qualified.SILVER_CUSTOMERS, CUSTOMER_COLUMNS, exported.resolve("customers"));
    System.out.printf(
        Locale.ROOT,
        "silver: %,d interactions, %,d customers (exported to %s)%n",
        silverRows,
        silverCustomers,
        exported);

    // Warm-up (class loading, JIT; the first gold run also creates the gold tables), then the
    // first correctness check, so that a disagreement fails before the timed rounds.
    Path duckOut = run.work().resolve("duckdb-gold");
    GoldRound warm = round(runs, spark, warehouse, exported, duckOut);
    System.out.printf(
        Locale.ROOT,
        "warm-up: gold job %.1f s, DuckDB %.1f s%n",
        warm.gold().seconds(),
        warm.duck().seconds());
    if (!GoldComparison.compare(spark, run.work().resolve("check-warm-up"), duckOut)) {
      spark.stop();
      System.exit(1);
    }

    String loadBefore = Machine.loadAverage();
    List<GoldRound> rounds = new ArrayList<>();
    for (int round = 1; round <= run.repeats(); round++) {
      System.out.printf(Locale.ROOT, "round %d of %d%n", round, run.repeats());
      rounds.add(round(runs, spark, warehouse, exported, duckOut));
    }
    String loadAfter = Machine.loadAverage();
    boolean agree = GoldComparison.compare(spark, run.work().resolve("check"), duckOut);
    // Every round's files: the full rebuilds add files, expiring none.
    long goldBytes = Folders.parquetBytes(warehouse.resolve(Tables.GOLD_NAMESPACE));
    spark.stop();

    GoldReport report = new GoldReport(rounds, silverRows, run.threads());
    report.print(run.interactions(), run.days());
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "Output: DuckDB's five Parquet files %.1f MB; gold's Iceberg data files over all runs"
            + " %.1f MB (%d runs)%n",
        Folders.parquetBytes(duckOut) / 1e6,
        goldBytes / 1e6,
        run.repeats() + 1);
    System.out.printf(
        Locale.ROOT,
        "Load average (1, 5, 15 minutes) before the rounds: %s; after them: %s%n",
        loadBefore,
        loadAfter);
    System.out.println();
    System.out.println("The gold job's summary of its last run:");
    System.out.println(rounds.get(rounds.size() - 1).gold().outcome().summary());
    if (!agree) {
      System.out.println("FAILED: DuckDB's gold tables differ from the job's beyond rounding");
      System.exit(1);
    }
  }

  /** The gold job, then DuckDB, each timed. */
  private static GoldRound round(
      GoldRuns runs, SparkSession spark, Path warehouse, Path exported, Path duckOut)
      throws Exception {
    Measured<GoldRun> gold = Measured.measure(GoldRuns.GOLD, () -> runs.gold(spark, warehouse));
    Measured<GoldRun> duck =
        Measured.measure(GoldRuns.DUCKDB, () -> runs.duckdb(exported, duckOut));
    return new GoldRound(gold, duck);
  }

  /** The table's rows, the named columns only, as plain Parquet files; returns the row count. */
  private static long export(SparkSession spark, String table, List<String> columns, Path target) {
    spark
        .table(table)
        .selectExpr(columns.toArray(String[]::new))
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(Folders.uri(target));
    return spark.read().parquet(Folders.uri(target)).count();
  }
}
