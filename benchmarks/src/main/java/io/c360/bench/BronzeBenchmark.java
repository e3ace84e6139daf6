package io.c360.bench;

import static io.c360.bench.BenchmarkSupport.*;

import io.c360.bench.BenchmarkSupport.LiveHeap;
import io.c360.bronze.BronzeIngestMain;
import io.c360.bronze.BronzeOptions;
import io.c360.bronze.generate.GenerationSpec;
import io.c360.bronze.source.BronzeTable;
import io.c360.bronze.write.BronzeWriter;
import io.c360.bronze.write.BronzeWriter.TableWrite;
import io.c360.common.Target;
import io.c360.common.cli.CatalogSettings;
import io.c360.common.report.RunReport;
import io.c360.common.session.SessionSettings;
import io.c360.common.session.SparkSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
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
 *       partitioning, snappy-compressed Parquet.
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
    BenchmarkSupport.RunArgs run =
        BenchmarkSupport.RunArgs.parse(args, 10_000_000L, "target/bench");
    long interactions = run.interactions();
    int days = run.days();
    Path work = run.work();
    int threads = run.threads();
    int repeats = run.repeats();
    deleteRecursively(work);
    Files.createDirectories(work);

    SparkSession spark = session(threads);
    GenerationSpec spec =
        new GenerationSpec(SEED, Math.max(10, interactions / 40), interactions, START, days, 0.02);
    // Warm-up: class loading, JIT and datafaker pools, for Spark and DuckDB alike.
    GenerationSpec warmSpec = new GenerationSpec(SEED, 5_000, 200_000, START, 3, 0.02);
    interactionsOnly(spark, warmSpec, work.resolve("warm-spark"), threads, "snappy");
    duckdb(warmSpec, work.resolve("warm-duckdb"), threads);

    List<List<Result>> rounds = new ArrayList<>();
    for (int round = 1; round <= repeats; round++) {
      System.out.printf(Locale.ROOT, "round %d of %d%n", round, repeats);
      List<Result> results = new ArrayList<>();
      results.add(
          measure(
              "bronze generator only (Spark noop sink)",
              interactions,
              null,
              () ->
                  BronzeWriter.write(
                      spark,
                      spec,
                      interactionWrite(spec, work.resolve("noop"), threads),
                      (rows, write) ->
                          rows.write().format("noop").mode(SaveMode.Overwrite).save())));
      results.add(
          measure(
              "bronze interactions to Parquet (snappy)",
              interactions,
              work.resolve("spark-interactions"),
              () ->
                  interactionsOnly(
                      spark, spec, work.resolve("spark-interactions"), threads, "snappy")));
      results.add(
          measure(
              "bronze job end to end (both tables, checks, manifest)",
              interactions,
              work.resolve("spark-job"),
              () -> wholeJob(spark, spec, work.resolve("spark-job"))));
      results.add(
          measure(
              "DuckDB equivalent table to Parquet (snappy)",
              interactions,
              work.resolve("duckdb"),
              () -> duckdb(spec, work.resolve("duckdb"), threads)));
      rounds.add(results);
    }
    spark.stop();

    for (List<Result> results : rounds) {
      print(results, threads, interactions, days);
    }
    printMedians(rounds, threads);
  }

  static SparkSession session(int threads) {
    SparkConf conf =
        SparkSessions.resolve(
            new SparkConf()
                .set("spark.master", "local[" + threads + "]")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false"),
            new SessionSettings(
                "bronze-benchmark", Target.LOCAL, Optional.empty(), Optional.empty(), false));
    return SparkSession.builder().config(conf).getOrCreate();
  }

  private static TableWrite interactionWrite(GenerationSpec spec, Path root, int threads) {
    return BronzeWriter.plan(spec, root.toUri().toString(), OptionalInt.empty(), threads).stream()
        .filter(write -> write.table() == BronzeTable.INTERACTIONS)
        .findFirst()
        .orElseThrow();
  }

  private static void interactionsOnly(
      SparkSession spark, GenerationSpec spec, Path root, int threads, String codec) {
    BronzeWriter.write(
        spark, spec, interactionWrite(spec, root, threads), BronzeWriter.parquet(codec));
  }

  private static void wholeJob(SparkSession spark, GenerationSpec spec, Path root) {
    BronzeOptions options =
        new BronzeOptions(
            new CatalogSettings(Target.LOCAL, Optional.empty(), Optional.empty()),
            root.toUri().toString(),
            spec,
            OptionalInt.empty(),
            "snappy");
    RunReport report =
        new RunReport("bench", "bronze-ingest", options.parameters(), Clock.systemUTC());
    BronzeIngestMain.run(spark, options, report);
  }

  /**
   * DuckDB writes a table of the same shape as customer_interactions: 31 columns of the same types,
   * similar null shares and cardinalities, partitioned by event_date, snappy.
   */
  static void duckdb(GenerationSpec spec, Path out, int threads) {
    // Like the Spark runs, which replace their dates, start from an empty folder.
    try {
      deleteRecursively(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("SET threads = " + threads);
      statement.execute("SET preserve_insertion_order = false");
      statement.execute(
          "COPY ("
              + duckdbQuery(spec)
              + ") TO '"
              + out
              + "' (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (event_date), OVERWRITE_OR_IGNORE)");
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot run the DuckDB benchmark: " + e.getMessage(), e);
    }
  }

  static String duckdbQuery(GenerationSpec spec) {
    long n = spec.interactions();
    long customers = spec.customers();
    String h = "hash(i, %d)";
    return String.join(
        "\n",
        "SELECT",
        "  CAST(i AS BIGINT) AS interaction_id,",
        "  CAST(" + f(h, 1) + " % " + customers + " + 1 AS BIGINT) AS customer_id,",
        "  event_date + to_microseconds(CAST("
            + f(h, 2)
            + " % 86400000000 AS BIGINT)) AS event_ts,",
        "  event_date + to_microseconds(CAST("
            + f(h, 2)
            + " % 86400000000 + "
            + f(h, 3)
            + " % 7200000000 AS BIGINT)) AS ingested_at,",
        "  "
            + pick(h, 4, "web", "mobile_app", "store", "call_center", "email", "social")
            + " AS channel,",
        "  "
            + pick(
                h,
                5,
                "page_view",
                "product_view",
                "add_to_cart",
                "purchase",
                "support_contact",
                "email_open",
                "email_click",
                "search",
                "social_engagement")
            + " AS event_type,",
        "  CASE WHEN "
            + f(h, 6)
            + " % 100 < 75 THEN CAST("
            + f(h, 7)
            + " >> 1 AS BIGINT) END AS session_id,",
        "  CASE WHEN "
            + f(h, 6)
            + " % 100 < 78 THEN CAST("
            + f(h, 8)
            + " % 2400 AS INTEGER) END AS session_duration_sec,",
        "  CASE WHEN "
            + f(h, 6)
            + " % 100 < 75 THEN CAST("
            + f(h, 9)
            + " % 30 + 1 AS INTEGER) END AS page_views,",
        "  "
            + pick(h, 10, "desktop", "mobile", "tablet", "pos_terminal", "phone")
            + " AS device_type,",
        "  CASE WHEN "
            + f(h, 6)
            + " % 100 < 80 THEN "
            + pick(h, 11, "Windows", "macOS", "Linux", "iOS", "Android")
            + " END AS os,",
        "  CASE WHEN "
            + f(h, 6)
            + " % 100 < 45 THEN "
            + pick(h, 12, "Chrome", "Edge", "Firefox", "Safari", "Samsung Internet")
            + " END AS browser,",
        "  CASE WHEN "
            + f(h, 13)
            + " % 100 < 25 THEN "
            + pickN(h, 14, "campaign_", 42)
            + " END AS campaign_id,",
        "  CASE WHEN "
            + f(h, 13)
            + " % 100 < 30 THEN "
            + pick(
                h,
                15,
                "google",
                "bing",
                "affiliate",
                "direct",
                "newsletter",
                "facebook",
                "instagram",
                "tiktok",
                "pinterest")
            + " END AS utm_source,",
        "  CASE WHEN "
            + f(h, 13)
            + " % 100 < 12 THEN "
            + pickN(h, 16, "ST-0", 240)
            + " END AS store_id,",
        "  CASE WHEN "
            + f(h, 17)
            + " % 100 < 55 THEN "
            + pickN(h, 18, "SKU-1", 2500)
            + " END AS product_id,",
        "  CASE WHEN "
            + f(h, 17)
            + " % 100 < 55 THEN "
            + pickN(h, 18, "Ergonomic Steel Product ", 2500)
            + " END AS product_name,",
        "  CASE WHEN "
            + f(h, 17)
            + " % 100 < 55 THEN "
            + pickN(h, 19, "Department ", 18)
            + " END AS product_category,",
        "  CASE WHEN "
            + f(h, 20)
            + " % 100 < 18 THEN CAST("
            + f(h, 21)
            + " % 4 + 1 AS INTEGER) END AS quantity,",
        "  CASE WHEN "
            + f(h, 20)
            + " % 100 < 18 THEN CAST(CAST("
            + f(h, 22)
            + " % 50000 + 99 AS BIGINT) / 100.0 AS DECIMAL(10,2)) END AS unit_price,",
        "  CASE WHEN "
            + f(h, 20)
            + " % 100 < 8 THEN CAST(("
            + f(h, 23)
            + " % 7) * 5 / 100.0 AS DECIMAL(3,2)) END AS discount_rate,",
        "  CASE WHEN "
            + f(h, 20)
            + " % 100 < 8 THEN CAST(CAST("
            + f(h, 24)
            + " % 200000 + 99 AS BIGINT) / 100.0 AS DECIMAL(12,2)) END AS revenue,",
        "  CASE WHEN "
            + f(h, 20)
            + " % 100 < 18 THEN "
            + pick(h, 25, "USD", "CAD", "GBP", "EUR")
            + " END AS currency,",
        "  CASE WHEN "
            + f(h, 20)
            + " % 100 < 8 THEN "
            + pick(
                h,
                26,
                "credit_card",
                "debit_card",
                "paypal",
                "apple_pay",
                "google_pay",
                "gift_card",
                "cash")
            + " END AS payment_method,",
        "  CASE WHEN " + f(h, 20) + " % 100 < 8 THEN CAST(i AS BIGINT) END AS order_id,",
        "  CASE WHEN "
            + f(h, 20)
            + " % 100 < 8 THEN "
            + pick(h, 27, "completed", "cancelled", "returned")
            + " END AS order_status,",
        "  CASE WHEN "
            + f(h, 20)
            + " % 100 < 8 THEN "
            + f(h, 28)
            + " % 100 < 8 END AS is_returned,",
        "  CASE WHEN "
            + f(h, 20)
            + " % 100 < 1 THEN event_date + to_microseconds(CAST("
            + f(h, 29)
            + " % 2592000000000 AS BIGINT)) END AS returned_at,",
        "  CASE WHEN " + f(h, 30) + " % 100 < 6 THEN CAST(i AS BIGINT) END AS support_ticket_id,",
        "  CASE WHEN "
            + f(h, 30)
            + " % 100 < 6 THEN CAST("
            + f(h, 31)
            + " % 5 + 1 AS INTEGER) END AS satisfaction_score,",
        "  CASE WHEN "
            + f(h, 32)
            + " % 100 < 8 THEN CAST("
            + f(h, 33)
            + " % 11 AS INTEGER) END AS nps_score,",
        "  event_date",
        "FROM (SELECT i, DATE '"
            + spec.startDate()
            + "' + CAST(i * "
            + spec.days()
            + " // "
            + n
            + " AS INTEGER) AS event_date",
        "      FROM range(" + n + ") t(i))");
  }

  private static String f(String template, int salt) {
    return String.format(Locale.ROOT, template, salt);
  }

  private static String pick(String h, int salt, String... values) {
    String list =
        Stream.of(values).map(v -> "'" + v + "'").collect(Collectors.joining(", ", "[", "]"));
    return list + "[CAST(1 + " + f(h, salt) + " % " + values.length + " AS BIGINT)]";
  }

  private static String pickN(String h, int salt, String prefix, int count) {
    return pick(
        h,
        salt,
        IntStream.range(0, count)
            .mapToObj(i -> prefix + String.format(Locale.ROOT, "%05d", i))
            .toArray(String[]::new));
  }

  private record Result(
      String name, long rows, double seconds, long bytes, double gcSeconds, long liveHeapBytes) {}

  private static Result measure(String name, long rows, Path output, Runnable step) {
    System.gc();
    LiveHeap.reset();
    long gcStart = gcMillis();
    long start = System.nanoTime();
    step.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    double gcSeconds = (gcMillis() - gcStart) / 1e3;
    long bytes = output == null ? 0 : sizeOf(output);
    System.out.printf(Locale.ROOT, "done: %s in %.1f s%n", name, seconds);
    return new Result(name, rows, seconds, bytes, gcSeconds, LiveHeap.max());
  }

  private static void printMedians(List<List<Result>> rounds, int threads) {
    int runs = rounds.get(0).size();
    System.out.println();
    System.out.printf(Locale.ROOT, "Medians over %d rounds:%n%n", rounds.size());
    System.out.println(
        "| run | seconds (median) | rows/s (median) | rows/s per core | vs DuckDB (median) | vs DuckDB (range) |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (int run = 0; run < runs; run++) {
      int index = run;
      double[] seconds =
          rounds.stream().mapToDouble(r -> r.get(index).seconds()).sorted().toArray();
      double[] ratios =
          rounds.stream()
              .mapToDouble(r -> r.get(runs - 1).seconds() / r.get(index).seconds())
              .sorted()
              .toArray();
      double median = seconds[seconds.length / 2];
      long rows = rounds.get(0).get(run).rows();
      System.out.printf(
          Locale.ROOT,
          "| %s | %.1f | %,.0f | %,.0f | %.2fx | %.2fx to %.2fx |%n",
          rounds.get(0).get(run).name(),
          median,
          rows / median,
          rows / median / threads,
          ratios[ratios.length / 2],
          ratios[0],
          ratios[ratios.length - 1]);
    }
  }

  private static void print(List<Result> results, int threads, long interactions, int days) {
    Result duck = results.get(results.size() - 1);
    double duckRate = duck.rows / duck.seconds;
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "Bronze benchmark: %,d interactions over %d days, %d cores (Spark local[%d], DuckDB threads=%d), driver heap %d MB%n",
        interactions,
        days,
        threads,
        threads,
        threads,
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.println();
    System.out.println(
        "| run | seconds | rows/s | rows/s per core | MB written | MB/s per core | vs DuckDB | GC s | max live heap MB |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Result result : results) {
      double rate = result.rows / result.seconds;
      double mb = result.bytes / 1e6;
      System.out.printf(
          Locale.ROOT,
          "| %s | %.1f | %,.0f | %,.0f | %s | %s | %.2fx | %.1f | %d |%n",
          result.name,
          result.seconds,
          rate,
          rate / threads,
          result.bytes == 0 ? "-" : String.format(Locale.ROOT, "%.0f", mb),
          result.bytes == 0
              ? "-"
              : String.format(Locale.ROOT, "%.1f", mb / result.seconds / threads),
          rate / duckRate,
          result.gcSeconds,
          result.liveHeapBytes >> 20);
    }
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "Heap limit %d MB. Peak resident set of the process (Spark and DuckDB's native memory): %s%n",
        Runtime.getRuntime().maxMemory() >> 20,
        peakRss());
  }

  static long sizeOf(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .mapToLong(p -> p.toFile().length())
          .sum();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot size " + root, e);
    }
  }
}
