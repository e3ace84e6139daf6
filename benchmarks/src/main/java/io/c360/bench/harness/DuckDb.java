package io.c360.bench.harness;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/** DuckDB as the benchmarks run it: a fresh in-memory database per run, in this JVM. */
public final class DuckDb {
  private DuckDb() {}

  /** A fresh in-memory database with DuckDB's defaults. */
  public static Connection open() throws SQLException {
    return DriverManager.getConnection("jdbc:duckdb:");
  }

  /**
   * The settings of a measured run: {@code threads} threads (as Spark's local[threads]), and no
   * insertion order to preserve (Spark keeps none either).
   */
  public static void configure(Statement sql, int threads) throws SQLException {
    sql.execute("SET threads = " + threads);
    sql.execute("SET preserve_insertion_order = false");
  }

  /** Runs {@code statements} in order and records their seconds under {@code step}. */
  public static void timed(
      Map<String, Double> steps, String step, Statement sql, List<String> statements)
      throws SQLException {
    long start = System.nanoTime();
    for (String statement : statements) {
      sql.execute(statement);
    }
    steps.put(step, (System.nanoTime() - start) / 1e9);
  }

  /** The first column of the first row of {@code query}, as a long. */
  public static long single(Statement sql, String query) throws SQLException {
    try (ResultSet rows = sql.executeQuery(query)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
