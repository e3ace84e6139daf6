package io.c360.silver.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.common.naming.Tables;
import io.c360.common.naming.Tables.Qualified;
import io.c360.common.testing.SparkTestBase;
import io.c360.silver.testing.HostileBronze;
import io.c360.silver.testing.SilverRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Values outside their column's domain, written by DuckDB into otherwise clean bronze, the way a
 * careless or hostile upstream sends them: arithmetic that overflows, a missing input of a rule,
 * unknown or lower-case currencies, negative durations and scores off their scale, timestamps in
 * 1900 or 9999, phones longer than E.164, zero-width characters in emails and names. Each damaged
 * row is quarantined with its rule (or, where the value only needs standardizing, accepted in its
 * standard form), and every bronze row is accounted for.
 *
 * <p>Timestamps are moved with interval arithmetic so that each column keeps the type DuckDB read.
 * The bronze manifests are removed and the dates named with {@code --dates}: a manifest of clean
 * data would (rightly) fail the reconciliation of rules that are also bronze defect kinds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DomainRulesTest extends SparkTestBase {
  private static final LocalDate START = LocalDate.of(2026, 4, 1);
  private static final LocalDate DAY = START.plusDays(1);

  /** Damaged interaction id to the rule that must reject it. */
  private final Map<Long, String> interactionRules = new HashMap<>();

  /** Damaged customer id to the rule that must reject it. */
  private final Map<Long, String> customerRules = new HashMap<>();

  private long lowerCaseCurrencyId;
  private long spacedEventTypeId;
  private long zeroWidthNameId;
  private long bronzeInteractions;
  private long bronzeCustomers;
  private SilverRun run;

  @BeforeAll
  void damageBronzeAndRunSilver() throws Exception {
    HostileBronze bronze = HostileBronze.generate(spark, newFolder("bronze"), START, 2, 80, 1_600);
    Path interactions = bronze.partition(Tables.BRONZE_INTERACTIONS, DAY);
    List<Long> purchases = ids(interactions, "interaction_id", "event_type = 'purchase'", 9);
    List<Long> others = ids(interactions, "interaction_id", "event_type <> 'purchase'", 11);
    Path customers = bronze.partition(Tables.BRONZE_CUSTOMERS, START);
    List<Long> profiles = ids(customers, "customer_id", "true", 6);

    List<String> damage = new ArrayList<>();
    // Overflow and unevaluable inputs of revenue_mismatch.
    damage.add(interaction(purchases.get(0), "revenue_mismatch", "quantity", "2147483647"));
    damage.add(interaction(purchases.get(1), "revenue_mismatch", "quantity", "100000000"));
    damage.add(interaction(purchases.get(2), "revenue_mismatch", "discount_rate", "NULL"));
    // Currencies.
    lowerCaseCurrencyId = purchases.get(3);
    damage.add(set(lowerCaseCurrencyId, "currency", "' usd'"));
    damage.add(interaction(purchases.get(4), "unknown_currency", "currency", "'<b>XXX</b>'"));
    damage.add(interaction(purchases.get(5), "unknown_currency", "currency", "'JPY'"));
    // Numeric domains.
    damage.add(interaction(purchases.get(6), "discount_out_of_range", "discount_rate", "-9.99"));
    damage.add(interaction(purchases.get(7), "amount_out_of_range", "unit_price", "99999999.99"));
    damage.add(
        interaction(
            purchases.get(8), "implausible_return", "returned_at", "event_ts + INTERVAL 3 YEAR"));
    damage.add(interaction(others.get(0), "session_out_of_range", "session_duration_sec", "-1"));
    damage.add(interaction(others.get(1), "session_out_of_range", "page_views", "-5"));
    damage.add(
        interaction(others.get(2), "satisfaction_out_of_range", "satisfaction_score", "99999"));
    // Timestamps.
    damage.add(
        interaction(
            others.get(3),
            "event_ts_outside_partition",
            "event_ts",
            "event_ts - INTERVAL 126 YEAR"));
    damage.add(
        interaction(
            others.get(4), "future_timestamp", "event_ts", "event_ts + INTERVAL 7973 YEAR"));
    damage.add(
        interaction(
            others.get(5),
            "implausible_ingested_at",
            "ingested_at",
            "ingested_at + INTERVAL 7973 YEAR"));
    // Ids.
    damage.add(interaction(others.get(6), "invalid_id", "session_id", "0"));
    damage.add(interaction(others.get(7), "invalid_id", "product_id", "'SKU-1' || chr(8203)"));
    damage.add(interaction(others.get(8), "invalid_id", "order_id", "-1"));
    // Event types: standardized, not rejected.
    spacedEventTypeId = others.get(9);
    damage.add(set(spacedEventTypeId, "event_type", "' ' || upper(event_type) || ' '"));
    damage.add(interaction(others.get(10), "unknown_event_type", "event_type", "'refund'"));
    bronze.replacePartition(
        Tables.BRONZE_INTERACTIONS, DAY, "SELECT * REPLACE (" + replace(damage) + ") FROM %s");

    List<String> profileDamage = new ArrayList<>();
    profileDamage.add(customer(profiles.get(0), "invalid_phone", "phone", "'+49405392473556447'"));
    profileDamage.add(
        customer(profiles.get(1), "malformed_email", "email", "'ada' || chr(8203) || '@web.de'"));
    profileDamage.add(customer(profiles.get(2), "implausible_birth_date", "birth_date", "NULL"));
    profileDamage.add(customer(profiles.get(3), "loyalty_out_of_range", "loyalty_points", "-1"));
    profileDamage.add(
        customer(
            profiles.get(4),
            "implausible_account_dates",
            "updated_at",
            "updated_at + INTERVAL 7973 YEAR"));
    zeroWidthNameId = profiles.get(5);
    profileDamage.add(
        "CASE WHEN customer_id = "
            + zeroWidthNameId
            + " THEN chr(65279) || first_name || chr(8204) ELSE first_name END AS first_name");
    bronze.replacePartition(
        Tables.BRONZE_CUSTOMERS,
        START,
        "SELECT * REPLACE (" + replace(profileDamage) + ") FROM %s");

    bronzeInteractions = count(bronze.table(Tables.BRONZE_INTERACTIONS));
    bronzeCustomers = count(bronze.table(Tables.BRONZE_CUSTOMERS));
    deleteTree(bronze.manifests());
    run =
        SilverRun.on(
            spark, bronze.root(), "--dates", START + ".." + DAY, "--max-reject-rate", "0.5");
  }

  @Test
  void theRunSucceeds() {
    assertThat(run.exitCode()).as(run.output()).isZero();
  }

  @Test
  void everyDamagedInteractionIsQuarantinedWithItsRule() {
    Map<Long, List<String>> quarantined = quarantined(Tables.BRONZE_INTERACTIONS);
    interactionRules.forEach(
        (id, rule) ->
            assertThat(quarantined.get(id))
                .as("interaction %d, expected %s: %s", id, rule, run.output())
                .isNotNull()
                .contains(rule));
    assertThat(quarantined).hasSize(interactionRules.size());
  }

  @Test
  void everyDamagedCustomerIsQuarantinedWithItsRule() {
    Map<Long, List<String>> quarantined = quarantined(Tables.BRONZE_CUSTOMERS);
    customerRules.forEach(
        (id, rule) ->
            assertThat(quarantined.get(id))
                .as("customer %d, expected %s", id, rule)
                .isNotNull()
                .containsExactly(rule));
    assertThat(quarantined).hasSize(customerRules.size());
  }

  @Test
  void aLowerCaseCurrencyIsStandardizedAndConverted() {
    Row row =
        spark
            .table(Qualified.SILVER_INTERACTIONS)
            .where("interaction_id = " + lowerCaseCurrencyId)
            .selectExpr("currency", "revenue_usd IS NOT NULL")
            .first();
    assertThat(row.getString(0)).isEqualTo("USD");
    assertThat(row.getBoolean(1)).isTrue();
  }

  @Test
  void everyAcceptedOrderHasItsRevenueInUsd() {
    assertThat(
            spark
                .table(Qualified.SILVER_INTERACTIONS)
                .where("revenue IS NOT NULL AND revenue_usd IS NULL")
                .count())
        .isZero();
  }

  @Test
  void aSpacedUpperCaseEventTypeIsStandardized() {
    Row row =
        spark
            .table(Qualified.SILVER_INTERACTIONS)
            .where("interaction_id = " + spacedEventTypeId)
            .select("event_type")
            .first();
    assertThat(row.getString(0)).matches("[a-z_]+");
  }

  @Test
  void zeroWidthCharactersDoNotReachANameInSilver() {
    String name =
        spark
            .table(Qualified.SILVER_CUSTOMERS)
            .where("customer_id = " + zeroWidthNameId)
            .select("first_name")
            .first()
            .getString(0);
    assertThat(name).doesNotContain("\ufeff", "\u200c").isNotBlank();
    assertThat(
            spark
                .table(Qualified.SILVER_CUSTOMERS)
                .where("email RLIKE '\\\\p{Cf}' OR first_name RLIKE '\\\\p{Cf}'")
                .count())
        .isZero();
  }

  @Test
  void everyBronzeRowIsAccountedFor() {
    // No duplicates in clean bronze: accepted + quarantined = bronze, per table.
    long interactions = spark.table(Qualified.SILVER_INTERACTIONS).count();
    long customers = spark.table(Qualified.SILVER_CUSTOMERS).count();
    assertThat(interactions + quarantined(Tables.BRONZE_INTERACTIONS).size())
        .isEqualTo(bronzeInteractions);
    assertThat(customers + quarantined(Tables.BRONZE_CUSTOMERS).size()).isEqualTo(bronzeCustomers);
  }

  private Map<Long, List<String>> quarantined(String table) {
    Map<Long, List<String>> rules = new HashMap<>();
    for (Row row :
        spark
            .table(Qualified.SILVER_QUARANTINE)
            .where("source_table = '" + table + "'")
            .select("record_key", "rule_ids")
            .collectAsList()) {
      rules.put(Long.parseLong(row.getString(0)), row.getList(1));
    }
    return rules;
  }

  private String interaction(long id, String rule, String column, String value) {
    interactionRules.put(id, rule);
    return set(id, column, value);
  }

  private String customer(long id, String rule, String column, String value) {
    customerRules.put(id, rule);
    return "CASE WHEN customer_id = "
        + id
        + " THEN "
        + value
        + " ELSE "
        + column
        + " END AS "
        + column;
  }

  private static String set(long id, String column, String value) {
    return "CASE WHEN interaction_id = "
        + id
        + " THEN "
        + value
        + " ELSE "
        + column
        + " END AS "
        + column;
  }

  /** Several {@code CASE} replacements of one column merged into one expression. */
  private static String replace(List<String> cases) {
    Map<String, String> byColumn = new java.util.LinkedHashMap<>();
    for (String expression : cases) {
      String column = expression.substring(expression.lastIndexOf(" AS ") + 4);
      String body = expression.substring(0, expression.lastIndexOf(" ELSE "));
      byColumn.merge(column, body, (a, b) -> a + b.substring("CASE".length()));
    }
    List<String> merged = new ArrayList<>();
    byColumn.forEach((column, body) -> merged.add(body + " ELSE " + column + " END AS " + column));
    return String.join(", ", merged);
  }

  /** The first {@code n} values of {@code id} in a partition, in order, among rows matching. */
  private static List<Long> ids(Path partition, String id, String where, int n) {
    List<Long> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values.add(
          HostileBronze.duckScalar(
              "SELECT "
                  + id
                  + " FROM "
                  + HostileBronze.readAll(partition)
                  + " WHERE "
                  + where
                  + " ORDER BY "
                  + id
                  + " LIMIT 1 OFFSET "
                  + i));
    }
    return values;
  }

  private static long count(Path table) {
    return HostileBronze.duckScalar(
        "SELECT count(*) FROM read_parquet('"
            + table.resolve("*/*.parquet").toString().replace("'", "''")
            + "')");
  }

  private static void deleteTree(Path folder) throws Exception {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
