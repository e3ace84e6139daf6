package io.c360.bench;

import static io.c360.bench.BenchmarkSupport.*;

import io.c360.bench.BenchmarkSupport.LiveHeap;
import io.c360.bench.harness.Folders;
import io.c360.bronze.BronzeIngestMain;
import io.c360.bronze.BronzeOptions;
import io.c360.bronze.generate.GenerationSpec;
import io.c360.common.Target;
import io.c360.common.audit.AuditLog;
import io.c360.common.cli.CatalogSettings;
import io.c360.common.cli.ExitCode;
import io.c360.common.naming.Tables;
import io.c360.common.naming.Tables.Qualified;
import io.c360.common.naming.Vocabulary;
import io.c360.common.report.RunReport;
import io.c360.common.session.SessionSettings;
import io.c360.common.session.SparkSessions;
import io.c360.gold.GoldFinalizeMain;
import io.c360.gold.GoldOptions;
import io.c360.silver.SilverBuildMain;
import io.c360.silver.SilverOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
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

  /** silver-build's default data-quality gate (SilverCommand). */
  private static final double MAX_REJECT_RATE = 0.05;

  /** Iceberg's default Parquet codec, which the gold tables keep: DuckDB writes the same. */
  private static final String CODEC = "zstd";

  /** The SQL DuckDB runs: the five gold tables, statement by statement. */
  private static final String SQL_RESOURCE = "gold-duckdb.sql";

  /** Gold's steps, in the order the job runs them (RunReport durations). */
  private static final List<String> STEPS =
      List.of(
          "plan", "reconcile", "commit_daily", "commit_customers", "commit_progress", "summary");

  private static final String OUTSIDE_STEPS =
      "outside the steps (table checks, silver snapshot, audit row)";

  /** The silver.interactions columns gold reads (GoldFinalizeMain.SILVER_COLUMNS). */
  private static final List<String> INTERACTION_COLUMNS =
      List.of(
          "event_date",
          "customer_id",
          "session_id",
          "event_type",
          "channel",
          "order_status",
          "is_returned",
          "revenue_usd",
          "nps_score",
          "session_duration_sec");

  /** The silver.customers columns gold reads. */
  private static final List<String> CUSTOMER_COLUMNS =
      List.of("customer_id", "signup_date", "value_segment");

  private static final String GOLD = "gold job, full rebuild (Iceberg)";
  private static final String DUCKDB = "DuckDB, same five tables (Parquet)";

  private GoldBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchmarkSupport.RunArgs run =
        BenchmarkSupport.RunArgs.parse(args, 2_000_000L, "target/bench-gold");
    long interactions = run.interactions();
    int days = run.days();
    Path work = run.work();
    int threads = run.threads();
    int repeats = run.repeats();
    List<String> statements = duckdbStatements();
    deleteRecursively(work);
    Files.createDirectories(work);
    Path warehouse = work.resolve("warehouse");
    SparkSession spark = session(threads, warehouse);

    // Untimed setup: bronze, silver, and silver's rows as plain Parquet for DuckDB.
    long customers = Math.max(10, interactions / 40);
    Path bronze = work.resolve("bronze");
    System.out.printf(
        Locale.ROOT,
        "setup: bronze (%,d interactions, %,d customers, %d days), silver, export%n",
        interactions,
        customers,
        days);
    bronze(
        spark, bronze, new GenerationSpec(SEED, customers, interactions, START, days, DEFECT_RATE));
    silver(spark, bronze, warehouse);
    Path exported = work.resolve("silver-parquet");
    long silverRows =
        export(
            spark,
            Qualified.SILVER_INTERACTIONS,
            INTERACTION_COLUMNS,
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
    Path duckOut = work.resolve("duckdb-gold");
    Measured warmGold = measure(GOLD, silverRows, () -> gold(spark, warehouse));
    Measured warmDuck =
        measure(DUCKDB, silverRows, () -> duckdb(statements, exported, duckOut, threads));
    System.out.printf(
        Locale.ROOT,
        "warm-up: gold job %.1f s, DuckDB %.1f s%n",
        warmGold.seconds(),
        warmDuck.seconds());
    if (!compare(spark, work.resolve("check-warm-up"), duckOut)) {
      spark.stop();
      System.exit(1);
    }

    String loadBefore = loadAverage();
    List<Round> rounds = new ArrayList<>();
    for (int round = 1; round <= repeats; round++) {
      System.out.printf(Locale.ROOT, "round %d of %d%n", round, repeats);
      Measured gold = measure(GOLD, silverRows, () -> gold(spark, warehouse));
      Measured duck =
          measure(DUCKDB, silverRows, () -> duckdb(statements, exported, duckOut, threads));
      rounds.add(new Round(gold, duck));
    }
    String loadAfter = loadAverage();
    boolean agree = compare(spark, work.resolve("check"), duckOut);
    long goldBytes =
        Folders.parquetBytes(warehouse.resolve(Tables.GOLD_NAMESPACE)); // every round's files
    spark.stop();

    for (int i = 0; i < rounds.size(); i++) {
      printRound(i + 1, rounds.get(i), threads, interactions, days);
    }
    printMedians(rounds, threads);
    printGoldSteps(rounds);
    printDuckSteps(rounds);
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "Output: DuckDB's five Parquet files %.1f MB; gold's Iceberg data files over all runs"
            + " %.1f MB (%d runs)%n",
        Folders.parquetBytes(duckOut) / 1e6,
        goldBytes / 1e6,
        repeats + 1);
    System.out.printf(
        Locale.ROOT,
        "Load average (1, 5, 15 minutes) before the rounds: %s; after them: %s%n",
        loadBefore,
        loadAfter);
    System.out.println();
    System.out.println("The gold job's summary of its last run:");
    System.out.println(rounds.get(rounds.size() - 1).gold().summary());
    if (!agree) {
      System.out.println("FAILED: DuckDB's gold tables differ from the job's beyond rounding");
      System.exit(1);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Setup

  static SparkSession session(int threads, Path warehouse) {
    SparkConf conf =
        SparkSessions.resolve(
            new SparkConf()
                .set("spark.master", "local[" + threads + "]")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false"),
            new SessionSettings(
                "gold-benchmark",
                Target.LOCAL,
                Optional.of(uri(warehouse)),
                Optional.empty(),
                false));
    return SparkSession.builder().config(conf).getOrCreate();
  }

  private static CatalogSettings catalog(Path warehouse) {
    return new CatalogSettings(Target.LOCAL, Optional.of(uri(warehouse)), Optional.empty());
  }

  private static void bronze(SparkSession spark, Path root, GenerationSpec spec) {
    BronzeOptions options =
        new BronzeOptions(
            new CatalogSettings(Target.LOCAL, Optional.empty(), Optional.empty()),
            uri(root),
            spec,
            OptionalInt.empty(),
            "snappy");
    BronzeIngestMain.run(
        spark,
        options,
        new RunReport("bench", BronzeIngestMain.JOB, options.parameters(), Clock.systemUTC()));
  }

  private static void silver(SparkSession spark, Path bronze, Path warehouse) {
    SilverOptions options =
        new SilverOptions(
            catalog(warehouse), uri(bronze), Optional.empty(), MAX_REJECT_RATE, Optional.empty());
    RunReport report =
        new RunReport("bench-silver", SilverBuildMain.JOB, options.parameters(), Clock.systemUTC());
    SilverBuildMain.run(spark, options, report);
    report.finish(ExitCode.SUCCESS, null);
    AuditLog.append(spark, report);
  }

  /** The table's rows, the named columns only, as plain Parquet files; returns the row count. */
  private static long export(SparkSession spark, String table, List<String> columns, Path target) {
    spark
        .table(table)
        .selectExpr(columns.toArray(String[]::new))
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(uri(target));
    return spark.read().parquet(uri(target)).count();
  }

  // ---------------------------------------------------------------------------------------------
  // The two runs

  /**
   * One gold run as the job runs it (the job body with --full-rebuild, then its audit row). Its
   * on-screen summary is kept, not printed, so the benchmark's output stays readable.
   */
  private static GoldRun gold(SparkSession spark, Path warehouse) {
    GoldOptions options =
        new GoldOptions(
            catalog(warehouse), Optional.empty(), true, Optional.empty(), Optional.empty());
    RunReport report =
        new RunReport(
            "bench-" + System.nanoTime(),
            GoldFinalizeMain.JOB,
            options.parameters(),
            Clock.systemUTC());
    PrintStream console = System.out;
    ByteArrayOutputStream summary = new ByteArrayOutputStream();
    long start = System.nanoTime();
    System.setOut(new PrintStream(summary, true, StandardCharsets.UTF_8));
    try {
      GoldFinalizeMain.run(spark, options, report);
      report.finish(ExitCode.SUCCESS, null);
      AuditLog.append(spark, report);
    } finally {
      System.setOut(console);
    }
    double total = (System.nanoTime() - start) / 1e9;
    Map<String, Double> steps = new LinkedHashMap<>();
    double inSteps = 0;
    for (String step : STEPS) {
      double seconds = report.durationsMs().getOrDefault(step, 0L) / 1e3;
      steps.put(step, seconds);
      inSteps += seconds;
    }
    steps.put(OUTSIDE_STEPS, total - inSteps);
    return new GoldRun(steps, summary.toString(StandardCharsets.UTF_8));
  }

  /** DuckDB's run: a fresh in-memory database, the statements of gold-duckdb.sql in order. */
  private static GoldRun duckdb(List<String> statements, Path silver, Path out, int threads)
      throws IOException, SQLException {
    deleteRecursively(out);
    Files.createDirectories(out);
    Map<String, String> values =
        Map.of(
            "${interactions}", silver.resolve("interactions").resolve("*.parquet").toString(),
            "${customers}", silver.resolve("customers").resolve("*.parquet").toString(),
            "${out}", out.toString(),
            "${codec}", CODEC,
            "${channels}",
                Vocabulary.CHANNELS.stream()
                    .map(c -> "'" + c + "'")
                    .collect(Collectors.joining(", ", "[", "]")));
    Map<String, Double> steps = new LinkedHashMap<>();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = connection.createStatement()) {
      sql.execute("SET threads = " + threads);
      sql.execute("SET preserve_insertion_order = false");
      for (String statement : statements) {
        String text = statement;
        for (Map.Entry<String, String> value : values.entrySet()) {
          text = text.replace(value.getKey(), value.getValue());
        }
        long start = System.nanoTime();
        sql.execute(text);
        steps.merge(stepName(statement), (System.nanoTime() - start) / 1e9, Double::sum);
      }
    }
    return new GoldRun(steps, "");
  }

  /** The statements of the SQL resource; a statement ends with a line ending in ';'. */
  static List<String> duckdbStatements() throws IOException {
    String text;
    try (InputStream in = GoldBenchmark.class.getResourceAsStream(SQL_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + SQL_RESOURCE);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      current.append(line).append('\n');
      if (line.strip().endsWith(";") && !line.strip().startsWith("--")) {
        String statement = current.toString().strip();
        statements.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().lines().allMatch(l -> l.isBlank() || l.strip().startsWith("--"))) {
      throw new IllegalStateException(SQL_RESOURCE + " ends with a statement without ';'");
    }
    return statements;
  }

  /** A statement's name in the step table: the table it writes or the object it creates. */
  private static String stepName(String statement) {
    java.util.regex.Matcher copy =
        java.util.regex.Pattern.compile("TO '\\$\\{out}/(\\w+)\\.parquet'").matcher(statement);
    if (copy.find()) {
      return "write " + copy.group(1);
    }
    java.util.regex.Matcher create =
        java.util.regex.Pattern.compile("CREATE OR REPLACE TEMP (TABLE|VIEW|MACRO) (\\w+)")
            .matcher(statement);
    if (create.find()) {
      return create.group(1).equals("TABLE")
          ? "compute " + create.group(2)
          : "define views and macros (no data read)";
    }
    return "other";
  }

  // ---------------------------------------------------------------------------------------------
  // The correctness check: DuckDB's tables against the ones the job committed

  /** A column compared with a tolerance (negative: exact, for strings and lists). */
  private record Check(String column, double tolerance) {}

  private static Check exact(String column) {
    return new Check(column, -1);
  }

  /** A column rounded to {@code decimals}: the two engines may round a tie differently. */
  private static Check rounded(String column, int decimals) {
    return new Check(column, Math.pow(10, -decimals) + 1e-9);
  }

  /**
   * Exports the gold tables the job committed to Parquet (untimed) and compares them with DuckDB's
   * files, table by table, key by key. Prints the result; returns whether everything agrees within
   * rounding.
   */
  private static boolean compare(SparkSession spark, Path check, Path duck) throws Exception {
    deleteRecursively(check);
    for (String table :
        List.of(
            Qualified.GOLD_DAILY_KPIS,
            Qualified.GOLD_REVENUE_BY_CHANNEL,
            Qualified.GOLD_CUSTOMER_ENGAGEMENT,
            Qualified.GOLD_CHURN_RISK,
            Qualified.GOLD_SEGMENT_ENGAGEMENT)) {
      spark
          .table(table)
          .write()
          .mode(SaveMode.Overwrite)
          .parquet(uri(check.resolve(table.substring(table.lastIndexOf('.') + 1))));
    }
    System.out.println();
    System.out.println(
        "Correctness: DuckDB's gold tables against the job's (rows matched by key; 'rounding':"
            + " differs by at most one unit of the column's last decimal)");
    System.out.println();
    System.out.println(
        "| table | column | rows (job / DuckDB) | equal | within rounding | beyond rounding |");
    System.out.println("|---|---|---:|---:|---:|---:|");
    boolean ok = true;
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = connection.createStatement()) {
      ok &=
          compareTable(
              sql,
              check,
              duck,
              "daily_kpis",
              List.of("event_date"),
              List.of(
                  exact("active_customers"),
                  exact("new_customers"),
                  exact("sessions"),
                  exact("orders"),
                  exact("revenue_usd"),
                  rounded("avg_order_value_usd", 2),
                  exact("buyers"),
                  rounded("conversion_rate", 4),
                  exact("returned_orders"),
                  rounded("return_rate", 4),
                  exact("support_contacts"),
                  exact("nps_responses"),
                  rounded("nps", 1)));
      ok &=
          compareTable(
              sql,
              check,
              duck,
              "revenue_by_channel",
              List.of("event_date", "channel"),
              List.of(exact("orders"), exact("revenue_usd"), rounded("revenue_share", 4)));
      ok &=
          compareTable(
              sql,
              check,
              duck,
              "customer_engagement",
              List.of("customer_id"),
              List.of(
                  exact("value_segment"),
                  exact("as_of_date"),
                  exact("last_active_date"),
                  exact("days_since_last_active"),
                  exact("active_days_30d"),
                  exact("sessions_30d"),
                  rounded("minutes_30d", 1),
                  exact("channels_90d"),
                  exact("email_engagements_30d"),
                  rounded("recency_score", 4),
                  rounded("frequency_score", 4),
                  rounded("session_score", 4),
                  rounded("time_score", 4),
                  rounded("breadth_score", 4),
                  rounded("email_score", 4),
                  rounded("engagement_score", 1),
                  exact("engagement_level")));
      ok &=
          compareTable(
              sql,
              check,
              duck,
              "churn_risk",
              List.of("customer_id"),
              List.of(
                  exact("days_since_last_active"),
                  exact("events_last_14d"),
                  rounded("events_prior_14d_avg", 2),
                  exact("support_contacts_90d"),
                  rounded("avg_nps_90d", 2),
                  rounded("return_rate_90d", 4),
                  rounded("inactivity_risk", 4),
                  rounded("frequency_decline_risk", 4),
                  rounded("support_risk", 4),
                  rounded("nps_risk", 4),
                  rounded("returns_risk", 4),
                  rounded("churn_risk_score", 4),
                  exact("risk_band"),
                  exact("main_drivers")));
      ok &=
          compareTable(
              sql,
              check,
              duck,
              "segment_engagement",
              List.of("value_segment"),
              List.of(
                  exact("customers"),
                  rounded("avg_engagement_score", 1),
                  rounded("high_engagement_share", 4),
                  rounded("low_engagement_share", 4),
                  rounded("avg_churn_risk", 4)));
      ok &= compareBands(sql, check, duck);
    }
    System.out.println();
    System.out.println(
        ok
            ? "Correctness: the two engines agree (within rounding) on every compared column."
            : "Correctness: MISMATCH beyond rounding (rows above).");
    return ok;
  }

  private static boolean compareTable(
      Statement sql, Path check, Path duck, String table, List<String> keys, List<Check> checks)
      throws SQLException {
    String job = "read_parquet('" + check.resolve(table).resolve("*.parquet") + "')";
    String dk = "read_parquet('" + duck.resolve(table + ".parquet") + "')";
    String on = keys.stream().map(k -> "s." + k + " = d." + k).collect(Collectors.joining(" AND "));
    String joined =
        "(SELECT *, true AS _present FROM "
            + job
            + ") s FULL OUTER JOIN (SELECT *, true AS _present FROM "
            + dk
            + ") d ON "
            + on;
    boolean ok = true;
    long[] rows = new long[3];
    try (ResultSet r =
        sql.executeQuery(
            "SELECT count(s._present), count(d._present), count(*) FILTER (s._present IS NULL OR"
                + " d._present IS NULL) FROM "
                + joined)) {
      r.next();
      rows[0] = r.getLong(1);
      rows[1] = r.getLong(2);
      rows[2] = r.getLong(3);
    }
    if (rows[2] > 0) {
      ok = false;
      System.out.printf(
          Locale.ROOT,
          "| %s | (keys %s) | %,d / %,d | | | %,d rows on one side only |%n",
          table,
          String.join(", ", keys),
          rows[0],
          rows[1],
          rows[2]);
      printExamples(
          sql, joined, keys, "s._present IS NULL OR d._present IS NULL", "s._present, d._present");
    }
    for (Check c : checks) {
      String s = "s." + c.column();
      String d = "d." + c.column();
      String equal = s + " IS NOT DISTINCT FROM " + d;
      String within =
          c.tolerance() < 0
              ? "false"
              : "("
                  + s
                  + " IS NOT NULL AND "
                  + d
                  + " IS NOT NULL AND abs("
                  + s
                  + " - "
                  + d
                  + ") <= "
                  + c.tolerance()
                  + ")";
      String both = "s._present AND d._present";
      long equalRows;
      long withinRows;
      long beyondRows;
      try (ResultSet r =
          sql.executeQuery(
              "SELECT count(*) FILTER ("
                  + equal
                  + "), count(*) FILTER (NOT ("
                  + equal
                  + ") AND "
                  + within
                  + "), count(*) FILTER (NOT ("
                  + equal
                  + ") AND NOT "
                  + within
                  + ") FROM "
                  + joined
                  + " WHERE "
                  + both)) {
        r.next();
        equalRows = r.getLong(1);
        withinRows = r.getLong(2);
        beyondRows = r.getLong(3);
      }
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %,d / %,d | %,d | %,d | %,d |%n",
          table,
          c.column(),
          rows[0],
          rows[1],
          equalRows,
          withinRows,
          beyondRows);
      if (beyondRows > 0) {
        ok = false;
        printExamples(
            sql,
            joined,
            keys,
            both + " AND NOT (" + equal + ") AND NOT " + within,
            s + " AS job, " + d + " AS duckdb");
      }
    }
    return ok;
  }

  /** Up to five mismatching rows, printed under the table. */
  private static void printExamples(
      Statement sql, String joined, List<String> keys, String where, String columns)
      throws SQLException {
    String keyColumns =
        keys.stream()
            .map(k -> "coalesce(s." + k + ", d." + k + ") AS " + k)
            .collect(Collectors.joining(", "));
    try (ResultSet r =
        sql.executeQuery(
            "SELECT "
                + keyColumns
                + ", "
                + columns
                + " FROM "
                + joined
                + " WHERE "
                + where
                + " ORDER BY 1 LIMIT 5")) {
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          values.add(r.getMetaData().getColumnLabel(i) + "=" + r.getString(i));
        }
        System.out.println("|   example: " + String.join(", ", values) + " | | | | | |");
      }
    }
  }

  /** Customers per risk band, both engines. */
  private static boolean compareBands(Statement sql, Path check, Path duck) throws SQLException {
    String query =
        "SELECT coalesce(s.risk_band, d.risk_band), s.n, d.n FROM (SELECT risk_band, count(*) AS n"
            + " FROM read_parquet('"
            + check.resolve("churn_risk").resolve("*.parquet")
            + "') GROUP BY 1) s FULL OUTER JOIN (SELECT risk_band, count(*) AS n FROM"
            + " read_parquet('"
            + duck.resolve("churn_risk.parquet")
            + "') GROUP BY 1) d ON s.risk_band = d.risk_band ORDER BY 1";
    boolean ok = true;
    System.out.println();
    System.out.println("| churn_risk band | customers (job) | customers (DuckDB) |");
    System.out.println("|---|---:|---:|");
    try (ResultSet r = sql.executeQuery(query)) {
      while (r.next()) {
        System.out.printf(
            Locale.ROOT, "| %s | %,d | %,d |%n", r.getString(1), r.getLong(2), r.getLong(3));
        ok &= r.getLong(2) == r.getLong(3);
      }
    }
    return ok;
  }

  // ---------------------------------------------------------------------------------------------
  // Measurements and output

  /** One run's steps (seconds) and, for the job, its on-screen summary. */
  record GoldRun(Map<String, Double> steps, String summary) {}

  record Measured(
      String name,
      long rows,
      double seconds,
      double gcSeconds,
      long liveHeapBytes,
      Map<String, Double> steps,
      String summary) {}

  record Round(Measured gold, Measured duck) {
    List<Measured> all() {
      return List.of(gold, duck);
    }
  }

  private interface Step {
    GoldRun run() throws Exception;
  }

  private static Measured measure(String name, long rows, Step step) throws Exception {
    System.gc();
    LiveHeap.reset();
    long gcStart = gcMillis();
    long start = System.nanoTime();
    GoldRun run = step.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    double gcSeconds = (gcMillis() - gcStart) / 1e3;
    System.out.printf(Locale.ROOT, "done: %s in %.1f s%n", name, seconds);
    return new Measured(name, rows, seconds, gcSeconds, LiveHeap.max(), run.steps(), run.summary());
  }

  private static void printRound(
      int number, Round round, int threads, long interactions, int days) {
    double duckSeconds = round.duck().seconds();
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "Gold benchmark, round %d: silver from %,d bronze interactions over %d days, %d cores"
            + " (Spark local[%d], DuckDB threads=%d), driver heap %d MB%n",
        number,
        interactions,
        days,
        threads,
        threads,
        threads,
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.println();
    System.out.println(
        "| run | seconds | silver interactions read | rows/s | rows/s per core | vs DuckDB | GC s |"
            + " max live heap MB |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (Measured run : round.all()) {
      double rate = run.rows() / run.seconds();
      System.out.printf(
          Locale.ROOT,
          "| %s | %.1f | %,d | %,.0f | %,.0f | %.2fx | %.1f | %d |%n",
          run.name(),
          run.seconds(),
          run.rows(),
          rate,
          rate / threads,
          duckSeconds / run.seconds(),
          run.gcSeconds(),
          run.liveHeapBytes() >> 20);
    }
  }

  private static void printMedians(List<Round> rounds, int threads) {
    System.out.println();
    System.out.printf(Locale.ROOT, "Medians over %d rounds:%n%n", rounds.size());
    System.out.println(
        "| run | seconds (median) | seconds (range) | rows/s (median) | rows/s per core |"
            + " vs DuckDB (median) | vs DuckDB (range) |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    for (int run = 0; run < 2; run++) {
      int index = run;
      double[] seconds = sorted(rounds, r -> r.all().get(index).seconds());
      double[] rates =
          sorted(rounds, r -> r.all().get(index).rows() / r.all().get(index).seconds());
      // Ratios are taken within a round (same machine state), then summarized.
      double[] ratios = sorted(rounds, r -> r.duck().seconds() / r.all().get(index).seconds());
      System.out.printf(
          Locale.ROOT,
          "| %s | %.1f | %.1f to %.1f | %,.0f | %,.0f | %.2fx | %.2fx to %.2fx |%n",
          rounds.get(0).all().get(run).name(),
          median(seconds),
          seconds[0],
          seconds[seconds.length - 1],
          median(rates),
          median(rates) / threads,
          median(ratios),
          ratios[0],
          ratios[ratios.length - 1]);
    }
    double[] ratios = sorted(rounds, r -> r.duck().seconds() / r.gold().seconds());
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "Gold job vs DuckDB (same silver rows, same tables): %.2fx (median; %.2fx to %.2fx over"
            + " the rounds; target at least 1.0x)%n",
        median(ratios),
        ratios[0],
        ratios[ratios.length - 1]);
  }

  private static void printGoldSteps(List<Round> rounds) {
    printSteps(rounds, GOLD, Round::gold, "step (RunReport durations, gold-finalize:<step>)");
  }

  private static void printDuckSteps(List<Round> rounds) {
    printSteps(rounds, DUCKDB, Round::duck, "statements (gold-duckdb.sql)");
  }

  private static void printSteps(
      List<Round> rounds,
      String name,
      java.util.function.Function<Round, Measured> pick,
      String header) {
    System.out.println();
    System.out.printf(
        Locale.ROOT, "Where the time goes: %s (medians over %d rounds)%n%n", name, rounds.size());
    System.out.println("| " + header + " | seconds | share of the run |");
    System.out.println("|---|---:|---:|");
    double total = median(sorted(rounds, r -> pick.apply(r).seconds()));
    for (String step : pick.apply(rounds.get(0)).steps().keySet()) {
      double seconds = median(sorted(rounds, r -> pick.apply(r).steps().getOrDefault(step, 0.0)));
      System.out.printf(
          Locale.ROOT, "| %s | %.1f | %.0f %% |%n", step, seconds, 100 * seconds / total);
    }
    System.out.printf(Locale.ROOT, "| total | %.1f | 100 %% |%n", total);
  }

  private static double[] sorted(List<Round> rounds, ToDoubleFunction<Round> value) {
    return rounds.stream().mapToDouble(value).sorted().toArray();
  }
}
