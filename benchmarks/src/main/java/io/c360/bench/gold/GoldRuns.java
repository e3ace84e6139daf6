package io.c360.bench.gold;

import io.c360.bench.harness.DuckDb;
import io.c360.bench.harness.Folders;
import io.c360.bench.harness.SqlScripts;
import io.c360.bench.harness.StepTimes;
import io.c360.common.naming.Vocabulary;
import io.c360.common.report.RunReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/** The two runs the gold benchmark times: the gold job, and DuckDB's gold-duckdb.sql. */
final class GoldRuns {
  static final String GOLD = "gold job, full rebuild (Iceberg)";
  static final String DUCKDB = "DuckDB, same five tables (Parquet)";

  /** The SQL DuckDB runs: the five gold tables, statement by statement. */
  static final String SQL = "gold-duckdb.sql";

  /** Iceberg's default Parquet codec, which the gold tables keep: DuckDB writes the same. */
  private static final String CODEC = "zstd";

  /**
   * Gold's steps, in the order the job runs them (RunReport durations): the daily tables are
   * computed in reconcile, the customer tables in ranges (the first actions on them).
   */
  private static final List<String> STEPS =
      List.of(
          "plan",
          "reconcile",
          "ranges",
          "commit_daily",
          "commit_customers",
          "commit_progress",
          "summary");

  private static final String OUTSIDE_STEPS =
      "outside the steps (table checks, silver snapshot, audit row)";

  private static final Pattern COPY = Pattern.compile("TO '\\$\\{out}/(\\w+)\\.parquet'");
  private static final Pattern CREATE =
      Pattern.compile("CREATE OR REPLACE TEMP (TABLE|VIEW|MACRO) (\\w+)");

  private final int threads;
  private final List<String> statements;

  /** Reads gold-duckdb.sql first: a missing or broken resource fails before any setup. */
  GoldRuns(int threads) {
    this.threads = threads;
    this.statements = SqlScripts.load(GoldRuns.class, SQL);
  }

  /**
   * One gold run as the job runs it (the job body with --full-rebuild, then its audit row). Its
   * on-screen summary is kept, not printed, so the benchmark's output stays readable.
   */
  GoldRun gold(SparkSession spark, Path warehouse) {
    PrintStream console = System.out;
    ByteArrayOutputStream summary = new ByteArrayOutputStream();
    long start = System.nanoTime();
    System.setOut(new PrintStream(summary, true, StandardCharsets.UTF_8));
    RunReport report;
    try {
      report = GoldJob.run(spark, warehouse, "bench-" + System.nanoTime());
    } finally {
      System.setOut(console);
    }
    double total = (System.nanoTime() - start) / 1e9;
    return new GoldRun(
        StepTimes.fromReport(report, STEPS, OUTSIDE_STEPS, total),
        summary.toString(StandardCharsets.UTF_8));
  }

  /**
   * DuckDB's run: a fresh in-memory database, the statements of gold-duckdb.sql in order over the
   * exported {@code silver} rows, the tables written below {@code out}.
   */
  GoldRun duckdb(Path silver, Path out) throws IOException, SQLException {
    Folders.recreate(out);
    Map<String, String> values =
        Map.of(
            "interactions", silver.resolve("interactions").resolve("*.parquet").toString(),
            "customers", silver.resolve("customers").resolve("*.parquet").toString(),
            "out", out.toString(),
            "codec", CODEC,
            "channels",
                Vocabulary.CHANNELS.stream()
                    .map(c -> "'" + c + "'")
                    .collect(Collectors.joining(", ", "[", "]")));
    Map<String, Double> steps = new LinkedHashMap<>();
    try (Connection connection = DuckDb.open();
        Statement sql = connection.createStatement()) {
      DuckDb.configure(sql, threads);
      for (String statement : statements) {
        long start = System.nanoTime();
        sql.execute(SqlScripts.fill(statement, values));
        steps.merge(stepName(statement), (System.nanoTime() - start) / 1e9, Double::sum);
      }
    }
    return new GoldRun(steps, "");
  }

  /** A statement's name in the step table: the table it writes or the object it creates. */
  static String stepName(String statement) {
    Matcher copy = COPY.matcher(statement);
    if (copy.find()) {
      return "write " + copy.group(1);
    }
    Matcher create = CREATE.matcher(statement);
    if (create.find()) {
      return create.group(1).equals("TABLE")
          ? "compute " + create.group(2)
          : "define views and macros (no data read)";
    }
    return "other";
  }
}
