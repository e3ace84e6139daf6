package io.c360.bench.silver;

import io.c360.bench.harness.DuckDb;
import io.c360.bench.harness.Folders;
import io.c360.bench.harness.SqlScripts;
import io.c360.common.naming.BronzeSchemas;
import io.c360.common.naming.Tables;
import io.c360.common.naming.Vocabulary;
import io.c360.silver.standardize.Subdivisions;
import io.c360.silver.validate.Rule;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The SQL-expressible part of silver in DuckDB, on the same bronze Parquet: standardization,
 * validation rules, deduplication, enrichment, accepted interactions and customers and the
 * quarantine written as Parquet, and the counts per rule. The SQL is in this package's resources,
 * one file per step; the values of its placeholders (lookup tables, column lists, vocabulary, rule
 * ids) come from silver's own code here. What it does not do, and why the results can differ a
 * little: docs/BENCHMARKS.md.
 */
final class DuckDbSilver {
  /** Silver's placeholders for "no state", in a stable order for the SQL. */
  private static final List<String> STATE_PLACEHOLDERS =
      Subdivisions.PLACEHOLDERS.stream().sorted().toList();

  /** Countries with subdivision codes in silver (Subdivisions); others keep the raw value. */
  private static final List<String> SUBDIVIDED = List.of("US", "CA", "DE");

  /** The bronze customer columns silver standardizes (the others are kept as they arrived). */
  private static final List<String> STANDARDIZED =
      List.of(
          "first_name",
          "last_name",
          "email",
          "phone",
          "gender",
          "street_address",
          "city",
          "state",
          "zip_code",
          "country",
          "signup_channel",
          "loyalty_tier",
          "preferred_channel");

  private DuckDbSilver() {}

  /** The macros and lookup tables; building them checks them against silver's standardizers. */
  static List<String> setup() {
    Map<String, String> values =
        Map.of(
            "countries", SilverLookups.values(SilverLookups.countryRows()),
            "states", SilverLookups.values(SilverLookups.stateRows()),
            "zip3", SilverLookups.values(SilverLookups.zipPrefixRows()));
    return SqlScripts.load(DuckDbSilver.class, "lookups.sql", values);
  }

  static DuckRun run(Path bronze, Path out, int threads) throws SQLException, IOException {
    Folders.recreate(out);
    Map<String, String> values = values(bronze, out);
    try (Connection connection = DuckDb.open();
        Statement sql = connection.createStatement()) {
      DuckDb.configure(sql, threads);
      // Spark writes timestamps as UTC instants; silver's session time zone is UTC too.
      sql.execute("SET TimeZone = 'UTC'");
      Map<String, Double> steps = new LinkedHashMap<>();
      DuckDb.timed(steps, "lookup tables and macros", sql, setup());
      DuckDb.timed(
          steps, "customers: standardize and validate", sql, load("checked-customers.sql", values));
      DuckDb.timed(
          steps,
          "interactions: deduplicate and validate",
          sql,
          load("checked-interactions.sql", values));
      DuckDb.timed(
          steps,
          "accepted interactions to Parquet",
          sql,
          load("accepted-interactions.sql", values));
      DuckDb.timed(
          steps, "latest customer profiles to Parquet", sql, load("latest-customers.sql", values));
      DuckDb.timed(steps, "quarantine to Parquet", sql, load("quarantine.sql", values));
      long start = System.nanoTime();
      Map<String, Long> counts = counts(sql);
      steps.put("counts per rule", (System.nanoTime() - start) / 1e9);
      counts.put("bytes_written", Folders.parquetBytes(out));
      return new DuckRun(
          counts.getOrDefault(Tables.BRONZE_INTERACTIONS + ".rows", 0L), counts, steps);
    }
  }

  private static List<String> load(String resource, Map<String, String> values) {
    return SqlScripts.load(DuckDbSilver.class, resource, values);
  }

  /**
   * The values of the placeholders of the steps after the lookups, for bronze below {@code bronze}.
   */
  static Map<String, String> values(Path bronze, Path out) {
    Map<String, String> values = new HashMap<>();
    values.put("customers", bronze.resolve(Tables.BRONZE_CUSTOMERS).toString());
    values.put("interactions", bronze.resolve(Tables.BRONZE_INTERACTIONS).toString());
    values.put("out", out.toString());
    values.put("customers_table", Tables.BRONZE_CUSTOMERS);
    values.put("interactions_table", Tables.BRONZE_INTERACTIONS);
    values.put("state_placeholders", inList(STATE_PLACEHOLDERS));
    values.put("subdivided", inList(SUBDIVIDED));
    values.put("channels", inList(Vocabulary.CHANNELS));
    values.put("event_types", inList(Vocabulary.EVENT_TYPES));
    values.put("purchase", Vocabulary.PURCHASE);
    for (Rule rule : Rule.values()) {
      values.put("rule_" + rule.id(), rule.id());
    }
    List<String> interactions = withEventDate(BronzeSchemas.INTERACTIONS.fieldNames());
    List<String> customers = List.of(BronzeSchemas.CUSTOMERS.fieldNames());
    values.put("interaction_columns", String.join(", ", interactions));
    values.put(
        "accepted_columns",
        interactions.stream()
            .map(c -> c.equals("channel") ? "std_channel AS channel" : c)
            .collect(Collectors.joining(", ")));
    values.put("usd_per_unit", usdPerUnit());
    values.put("customer_columns", String.join(", ", customers));
    values.put(
        "profile_columns",
        customers.stream()
            .map(c -> STANDARDIZED.contains(c) ? "std_" + c + " AS " + c : c)
            .collect(Collectors.joining(", ")));
    values.put("customer_record", record(withEventDate(BronzeSchemas.CUSTOMERS.fieldNames())));
    values.put("interaction_record", record(interactions));
    return values;
  }

  private static List<String> withEventDate(String[] bronzeColumns) {
    List<String> columns = new ArrayList<>(List.of(bronzeColumns));
    columns.add("event_date");
    return columns;
  }

  /** The arguments of struct_pack for a whole row: {@code c := c, ...}. */
  private static String record(List<String> columns) {
    return columns.stream().map(c -> c + " := " + c).collect(Collectors.joining(", "));
  }

  /** US dollars per unit of the row's currency, silver's rates, as a CASE over the currency. */
  private static String usdPerUnit() {
    StringBuilder rate = new StringBuilder("CASE currency");
    for (int i = 0; i < Vocabulary.CURRENCIES.size(); i++) {
      rate.append(" WHEN ")
          .append(literal(Vocabulary.CURRENCIES.get(i)))
          .append(" THEN CAST(")
          .append(Vocabulary.USD_PER_UNIT.get(i))
          .append(" AS DECIMAL(6,4))");
    }
    return rate.append(" END").toString();
  }

  static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private static String inList(List<String> values) {
    return values.stream().map(DuckDbSilver::literal).collect(Collectors.joining(", "));
  }

  /** The counts silver's run report has, from DuckDB's checked tables. */
  private static Map<String, Long> counts(Statement sql) throws SQLException {
    Map<String, Long> counts = new TreeMap<>();
    tableCounts(sql, counts, Tables.BRONZE_CUSTOMERS, "checked_customers", "false");
    tableCounts(sql, counts, Tables.BRONZE_INTERACTIONS, "checked_interactions", "is_duplicate");
    counts.put(
        "customers_in_silver",
        DuckDb.single(sql, load("customers-in-silver.sql", Map.of()).get(0)));
    return counts;
  }

  private static void tableCounts(
      Statement sql, Map<String, Long> counts, String table, String checked, String duplicate)
      throws SQLException {
    List<String> queries =
        load("table-counts.sql", Map.of("checked", checked, "duplicate", duplicate));
    try (ResultSet rows = sql.executeQuery(queries.get(0))) {
      rows.next();
      counts.put(table + ".rows", rows.getLong(1));
      counts.put(table + ".duplicates", rows.getLong(2));
      counts.put(table + ".quarantined", rows.getLong(3));
      counts.put(table + ".accepted", rows.getLong(1) - rows.getLong(2) - rows.getLong(3));
    }
    try (ResultSet rows = sql.executeQuery(queries.get(1))) {
      while (rows.next()) {
        counts.put(table + ".rule." + rows.getString(1), rows.getLong(2));
      }
    }
  }
}
