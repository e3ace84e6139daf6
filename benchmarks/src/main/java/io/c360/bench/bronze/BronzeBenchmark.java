package io.c360.bench.bronze;

import io.c360.bench.harness.Folders;
import io.c360.bench.harness.LocalSessions;
import io.c360.bench.harness.Measured;
import io.c360.bench.harness.RunArgs;
import io.c360.bronze.generate.GenerationSpec;
import io.c360.bronze.source.BronzeTable;
import io.c360.bronze.write.BronzeWriter;
import io.c360.bronze.write.BronzeWriter.TableWrite;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The bronze benchmark (docs/BENCHMARKS.md): in one JVM and one run, on the same cores,
 *
 * <ol>
 *   <li>the generator alone (Spark's {@code noop} sink),
 *   <li>the interactions table to Parquet (the same scope as DuckDB's table),
 *   <li>the whole bronze job (both tables, read-back check, defect census, manifest),
 *   <li>DuckDB writing an equivalent table: same rows, columns, column types, null shares and date
 *       partitioning, snappy-compressed Parquet ({@code interactions-duckdb.sql}).
 * </ol>
 *
 * <p>Arguments: {@code [interactions] [days] [work-dir] [threads] [repeats]}. Each round runs the
 * four in turn; the medians over the rounds are printed last, with the range of the ratios (this
 * machine's speed varies by a quarter between runs).
 */
public final class BronzeBenchmark {
  private static final long SEED = 42;
  private static final LocalDate START = LocalDate.parse("2026-01-01");

  private BronzeBenchmark() {}

  public static void main(String[] args) throws Exception {
    RunArgs run = RunArgs.parse(args, 10_000_000L, "target/bench");
    Folders.recreate(run.work());

    SparkSession spark = LocalSessions.start("bronze-benchmark", run.threads(), Optional.empty());
    GenerationSpec spec =
        new GenerationSpec(
            SEED,
            Math.max(10, run.interactions() / 40),
            run.interactions(),
            START,
            run.days(),
            0.02);
    // Warm-up: class loading, JIT and datafaker pools, for Spark and DuckDB alike.
    GenerationSpec warmSpec = new GenerationSpec(SEED, 5_000, 200_000, START, 3, 0.02);
    interactionsOnly(spark, warmSpec, run.work().resolve("warm-spark"), run.threads());
    BronzeDuckDb.run(warmSpec, run.work().resolve("warm-duckdb"), run.threads());

    List<List<Measured<Long>>> rounds = new ArrayList<>();
    for (int round = 1; round <= run.repeats(); round++) {
      System.out.printf(Locale.ROOT, "round %d of %d%n", round, run.repeats());
      List<Measured<Long>> results = new ArrayList<>();
      results.add(
          measure(
              "bronze generator only (Spark noop sink)",
              null,
              () ->
                  BronzeWriter.write(
                      spark,
                      spec,
                      interactionWrite(spec, run.work().resolve("noop"), run.threads()),
                      (rows, write) ->
                          rows.write().format("noop").mode(SaveMode.Overwrite).save())));
      Path sparkInteractions = run.work().resolve("spark-interactions");
      results.add(
          measure(
              "bronze interactions to Parquet (snappy)",
              sparkInteractions,
              () -> interactionsOnly(spark, spec, sparkInteractions, run.threads())));
      Path sparkJob = run.work().resolve("spark-job");
      results.add(
          measure(
              "bronze job end to end (both tables, checks, manifest)",
              sparkJob,
              () -> BronzeJob.run(spark, sparkJob.toUri().toString(), spec)));
      Path duckdb = run.work().resolve("duckdb");
      results.add(
          measure(
              "DuckDB equivalent table to Parquet (snappy)",
              duckdb,
              () -> BronzeDuckDb.run(spec, duckdb, run.threads())));
      rounds.add(results);
    }
    spark.stop();

    BronzeReport report = new BronzeReport(run.interactions(), run.days(), run.threads());
    for (List<Measured<Long>> results : rounds) {
      report.printRound(results);
    }
    report.printMedians(rounds);
  }

  private static TableWrite interactionWrite(GenerationSpec spec, Path root, int threads) {
    return BronzeWriter.plan(spec, root.toUri().toString(), OptionalInt.empty(), threads).stream()
        .filter(write -> write.table() == BronzeTable.INTERACTIONS)
        .findFirst()
        .orElseThrow();
  }

  private static void interactionsOnly(
      SparkSession spark, GenerationSpec spec, Path root, int threads) {
    BronzeWriter.write(
        spark, spec, interactionWrite(spec, root, threads), BronzeWriter.parquet("snappy"));
  }

  /** Times {@code step}; the outcome is the bytes of Parquet it wrote below {@code output}. */
  private static Measured<Long> measure(String name, Path output, Runnable step) throws Exception {
    Measured<Void> timed =
        Measured.measure(
            name,
            () -> {
              step.run();
              return null;
            });
    long bytes = output == null ? 0 : Folders.parquetBytes(output);
    return timed.withOutcome(bytes);
  }
}
