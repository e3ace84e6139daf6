package io.c360.bench.gold;

import io.c360.bench.harness.DuckDb;
import io.c360.bench.harness.Folders;
import io.c360.bench.harness.Markdown;
import io.c360.common.naming.Tables.Qualified;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The gold benchmark's correctness check: DuckDB's tables against the ones the job committed, key
 * by key, column by column, within the rounding of each column.
 */
final class GoldComparison {
  private GoldComparison() {}

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
  static boolean compare(SparkSession spark, Path check, Path duck) throws Exception {
    Folders.deleteRecursively(check);
    for (String table : Qualified.GOLD_TABLES) {
      spark
          .table(table)
          .write()
          .mode(SaveMode.Overwrite)
          .parquet(Folders.uri(check.resolve(table.substring(table.lastIndexOf('.') + 1))));
    }
    System.out.println();
    System.out.println(
        "Correctness: DuckDB's gold tables against the job's (rows matched by key; 'rounding':"
            + " differs by at most one unit of the column's last decimal)");
    System.out.println();
    System.out.println(
        Markdown.header(
            2,
            "table",
            "column",
            "rows (job / DuckDB)",
            "equal",
            "within rounding",
            "beyond rounding"));
    boolean ok = true;
    try (Connection connection = DuckDb.open();
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
    System.out.println(
        Markdown.header(1, "churn_risk band", "customers (job)", "customers (DuckDB)"));
    try (ResultSet r = sql.executeQuery(query)) {
      while (r.next()) {
        System.out.printf(
            Locale.ROOT, "| %s | %,d | %,d |%n", r.getString(1), r.getLong(2), r.getLong(3));
        ok &= r.getLong(2) == r.getLong(3);
      }
    }
    return ok;
  }
}
