package io.c360.silver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.c360.bronze.BronzeIngestMain;
import io.c360.bronze.BronzeOptions;
import io.c360.bronze.generate.GenerationSpec;
import io.c360.common.Target;
import io.c360.common.cli.CatalogSettings;
import io.c360.common.cli.ExitCode;
import io.c360.common.naming.Tables.Qualified;
import io.c360.common.report.RunReport;
import io.c360.common.testing.SparkTestBase;
import io.c360.silver.testing.SilverRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * silver-build end to end on real bronze output, in one session and one warehouse, as a story:
 * first load, re-runs, a new day, a new column, a bad type, and the data-quality gate.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SilverBuildTest extends SparkTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LocalDate START = LocalDate.of(2026, 3, 1);
  private static final int DAYS = 6;
  private static Path bronze;

  private static void generate(LocalDate start, int days, double defectRate) {
    BronzeOptions options =
        new BronzeOptions(
            new CatalogSettings(Target.LOCAL, Optional.empty(), Optional.empty()),
            bronze.toUri().toString().replaceAll("/$", ""),
            new GenerationSpec(7, 300, 12_000L * days / 6, start, days, defectRate),
            OptionalInt.empty(),
            "snappy");
    BronzeIngestMain.run(
        spark, options, new RunReport("test", BronzeIngestMain.JOB, Map.of(), Clock.systemUTC()));
  }

  private static SilverRun silver(String... extra) {
    return SilverRun.on(spark, bronze, extra);
  }

  private static JsonNode manifest(String name) throws Exception {
    return JSON.readTree(bronze.resolve("_manifests").resolve(name).toFile());
  }

  private static long scalar(String query) {
    return ((Number) spark.sql(query).first().get(0)).longValue();
  }

  /** Every row of a table, sorted, as text: equal lists mean equal contents. */
  private static List<String> contents(String table) {
    return spark
        .table(table)
        .drop("silver_run_id", "silver_loaded_at")
        .orderBy("record_hash")
        .collectAsList()
        .stream()
        .map(Row::toString)
        .sorted()
        .toList();
  }

  /**
   * The event dates of silver.interactions' files that its newest snapshot added ({@code "1"}), or
   * added and removed ({@code "1, 2"}): Iceberg manifest entry statuses.
   */
  private static List<LocalDate> datesOfNewestSnapshot(String statuses) {
    return sql(
            "SELECT DISTINCT data_file.partition.event_date FROM %s.entries WHERE status IN ("
                + statuses
                + ") AND snapshot_id = (SELECT snapshot_id FROM %s.snapshots ORDER BY committed_at DESC LIMIT 1)",
            Qualified.SILVER_INTERACTIONS,
            Qualified.SILVER_INTERACTIONS)
        .stream()
        .map(row -> row.getDate(0).toLocalDate())
        .toList();
  }

  private static long snapshots(String table) {
    return scalar("SELECT count(*) FROM " + table + ".snapshots");
  }

  @Test
  @Order(1)
  void firstLoadReconcilesWithTheManifest() throws Exception {
    bronze = newFolder("bronze");
    generate(START, DAYS, 0.05);
    SilverRun outcome = silver();
    assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(0);
    assertThat(outcome.out())
        .contains("\"reconciliation\":\"ok: counts match the bronze manifests\"");

    JsonNode tables = manifest(START + "_" + START.plusDays(DAYS - 1) + ".json").path("tables");
    JsonNode kinds =
        manifest(START + "_" + START.plusDays(DAYS - 1) + ".json").path("defect_kinds");
    Map<String, Long> quarantinedByRule = new HashMap<>();
    for (Row row :
        sql(
            "SELECT rule, count(*) FROM (SELECT explode(rule_ids) rule FROM %s) GROUP BY rule",
            Qualified.SILVER_QUARANTINE)) {
      quarantinedByRule.put(row.getString(0), row.getLong(1));
    }
    long expectedQuarantine = 0;
    for (String table : List.of("customers", "customer_interactions")) {
      var defects = tables.path(table).path("defects").fields();
      while (defects.hasNext()) {
        var defect = defects.next();
        String outcomeKind = kinds.path(defect.getKey()).path("expected_silver_outcome").asText();
        if (outcomeKind.equals("quarantine")) {
          assertThat(quarantinedByRule.getOrDefault(defect.getKey(), 0L))
              .as(defect.getKey())
              .isEqualTo(defect.getValue().asLong());
          expectedQuarantine += defect.getValue().asLong();
        }
      }
    }
    assertThat(expectedQuarantine).isGreaterThan(0);
    // Only bronze's defects are quarantined: no rule fires on clean rows.
    assertThat(quarantinedByRule.values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(expectedQuarantine);

    long bronzeInteractions = tables.path("customer_interactions").path("rows").asLong();
    long duplicates =
        tables.path("customer_interactions").path("defects").path("duplicate_event").asLong();
    long silverInteractions = scalar("SELECT count(*) FROM " + Qualified.SILVER_INTERACTIONS);
    long quarantinedInteractions =
        scalar(
            "SELECT count(*) FROM "
                + Qualified.SILVER_QUARANTINE
                + " WHERE source_table = 'customer_interactions'");
    assertThat(silverInteractions + quarantinedInteractions + duplicates)
        .isEqualTo(bronzeInteractions);
    assertThat(
            scalar(
                "SELECT count(*) - count(DISTINCT interaction_id) FROM "
                    + Qualified.SILVER_INTERACTIONS))
        .isZero();

    // Iceberg's hash distribution by event_date before the write: a date's rows in one task, so in
    // one file (two at most), wherever the deduplication left them.
    assertThat(
            scalar(
                "SELECT max(files) FROM (SELECT partition.event_date, count(*) files FROM "
                    + Qualified.SILVER_INTERACTIONS
                    + ".files GROUP BY 1)"))
        .isLessThanOrEqualTo(2);

    long bronzeCustomers = tables.path("customers").path("rows").asLong();
    long quarantinedCustomers =
        scalar(
            "SELECT count(*) FROM "
                + Qualified.SILVER_QUARANTINE
                + " WHERE source_table = 'customers'");
    assertThat(scalar("SELECT count(*) FROM " + Qualified.SILVER_CUSTOMERS) + quarantinedCustomers)
        .isEqualTo(bronzeCustomers);

    // Standardized values only.
    assertThat(
            scalar(
                "SELECT count(*) FROM "
                    + Qualified.SILVER_CUSTOMERS
                    + " WHERE country NOT IN ('US','CA','GB','DE') OR phone NOT LIKE '+%' OR email <> lower(trim(email))"))
        .isZero();
    assertThat(
            scalar(
                "SELECT count(*) FROM "
                    + Qualified.SILVER_INTERACTIONS
                    + " WHERE channel NOT IN ('web','mobile_app','store','call_center','email','social')"))
        .isZero();
    // The quarantine keeps the row as received.
    assertThat(
            scalar(
                "SELECT count(*) FROM "
                    + Qualified.SILVER_QUARANTINE
                    + " WHERE get_json_object(record, '$.event_date') IS NULL"))
        .isZero();
    // Every job run is audited.
    assertThat(
            scalar(
                "SELECT count(*) FROM "
                    + Qualified.AUDIT_JOB_RUNS
                    + " WHERE job = 'silver-build' AND status = 'SUCCEEDED'"))
        .isEqualTo(1);
  }

  @Test
  @Order(2)
  void reRunsChangeNothing() {
    List<String> interactions = contents(Qualified.SILVER_INTERACTIONS);
    List<String> customers = contents(Qualified.SILVER_CUSTOMERS);
    List<String> quarantine =
        spark
            .table(Qualified.SILVER_QUARANTINE)
            .drop("silver_run_id", "quarantined_at")
            .collectAsList()
            .stream()
            .map(Row::toString)
            .sorted()
            .toList();

    SilverRun nothing = silver();
    assertThat(nothing.exitCode()).as(nothing.err()).isEqualTo(0);
    assertThat(nothing.out()).contains("nothing new in bronze");

    long interactionSnapshots = snapshots(Qualified.SILVER_INTERACTIONS);
    SilverRun again = silver("--dates", START + ".." + START.plusDays(DAYS - 1));
    assertThat(again.exitCode()).as(again.err()).isEqualTo(0);
    assertThat(contents(Qualified.SILVER_INTERACTIONS)).isEqualTo(interactions);
    // Unchanged dates are not rewritten: no commit at all to silver.interactions.
    assertThat(snapshots(Qualified.SILVER_INTERACTIONS)).isEqualTo(interactionSnapshots);
    assertThat(again.out()).contains("\"interactions_dates_replaced\":[]");
    assertThat(contents(Qualified.SILVER_CUSTOMERS)).isEqualTo(customers);
    assertThat(
            spark
                .table(Qualified.SILVER_QUARANTINE)
                .drop("silver_run_id", "quarantined_at")
                .collectAsList()
                .stream()
                .map(Row::toString)
                .sorted()
                .toList())
        .isEqualTo(quarantine);
  }

  @Test
  @Order(3)
  void aNewDayAddsOnlyThatDaysFiles() {
    long before = snapshots(Qualified.SILVER_INTERACTIONS);
    LocalDate newDay = START.plusDays(DAYS);
    generate(newDay, 1, 0.05);
    SilverRun outcome = silver();
    assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(0);
    assertThat(outcome.out()).contains("\"dates\":[\"" + newDay + "\"]");
    assertThat(snapshots(Qualified.SILVER_INTERACTIONS)).isGreaterThan(before);
    // The newest snapshot added data files for the new day only, and removed none.
    assertThat(datesOfNewestSnapshot("1")).containsExactly(newDay);
    assertThat(
            scalar(
                "SELECT count(*) FROM "
                    + Qualified.SILVER_INTERACTIONS
                    + ".entries WHERE status = 2 AND snapshot_id = (SELECT snapshot_id FROM "
                    + Qualified.SILVER_INTERACTIONS
                    + ".snapshots ORDER BY committed_at DESC LIMIT 1)"))
        .isZero();
  }

  @Test
  @Order(4)
  void aNewBronzeColumnEvolvesTheSchema() throws Exception {
    LocalDate day = START.plusDays(DAYS + 1);
    generate(day, 1, 0.0);
    rewritePartition(
        day, "loyalty_campaign", "concat('spring-', cast(interaction_id % 3 AS string))");
    SilverRun outcome = silver();
    assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(0);
    assertThat(spark.table(Qualified.SILVER_INTERACTIONS).columns()).contains("loyalty_campaign");
    assertThat(
            scalar(
                "SELECT count(*) FROM "
                    + Qualified.SILVER_INTERACTIONS
                    + " WHERE loyalty_campaign LIKE 'spring-%'"))
        .isGreaterThan(0);
    assertThat(
            scalar(
                "SELECT count(*) FROM "
                    + Qualified.SILVER_INTERACTIONS
                    + " WHERE event_date < DATE '"
                    + day
                    + "' AND loyalty_campaign IS NOT NULL"))
        .isZero();
  }

  @Test
  @Order(5)
  void anIncompatibleTypeStopsTheRunBeforeAnyCommit() throws Exception {
    LocalDate day = START.plusDays(DAYS + 2);
    generate(day, 1, 0.0);
    rewritePartition(day, "quantity", "cast(quantity AS string)");
    long interactions = snapshots(Qualified.SILVER_INTERACTIONS);
    long quarantine = snapshots(Qualified.SILVER_QUARANTINE);
    SilverRun outcome = silver();
    assertThat(outcome.exitCode()).isEqualTo(ExitCode.DATA_QUALITY.code());
    assertThat(outcome.err()).contains("quantity").contains("Nothing was committed");
    assertThat(snapshots(Qualified.SILVER_INTERACTIONS)).isEqualTo(interactions);
    assertThat(snapshots(Qualified.SILVER_QUARANTINE)).isEqualTo(quarantine);
    assertThat(
            scalar(
                "SELECT count(*) FROM "
                    + Qualified.AUDIT_JOB_RUNS
                    + " WHERE job = 'silver-build' AND status = 'FAILED' AND exit_code = 4"))
        .isEqualTo(1);
  }

  @Test
  @Order(6)
  void theQualityGateStopsADirtyBatchBeforeAnyCommit() {
    long interactions = snapshots(Qualified.SILVER_INTERACTIONS);
    long customers = snapshots(Qualified.SILVER_CUSTOMERS);
    SilverRun outcome =
        silver("--dates", START + ".." + START.plusDays(1), "--max-reject-rate", "0.001");
    assertThat(outcome.exitCode()).isEqualTo(ExitCode.DATA_QUALITY.code());
    assertThat(outcome.err()).contains("Data-quality gate failed").contains("rows quarantined");
    assertThat(snapshots(Qualified.SILVER_INTERACTIONS)).isEqualTo(interactions);
    assertThat(snapshots(Qualified.SILVER_CUSTOMERS)).isEqualTo(customers);
  }

  @Test
  @Order(7)
  void badArgumentsFailBeforeAnyData() {
    assertThat(silver("--dates", "2026-02-30").exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(silver("--dates", "2026-03-05..2026-03-01").exitCode())
        .isEqualTo(ExitCode.USAGE.code());
    assertThat(silver("--max-reject-rate", "1.5").exitCode()).isEqualTo(ExitCode.USAGE.code());
    SilverRun none = silver("--dates", "2020-01-01");
    assertThat(none.exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(none.err()).contains("has no partition in that range");
  }

  @Test
  @Order(8)
  void aRegeneratedDateIsReplacedWholeAndNoOtherDateIsTouched() {
    LocalDate day = START.plusDays(DAYS);
    List<String> otherDates =
        contents(Qualified.SILVER_INTERACTIONS).stream()
            .filter(row -> !row.contains(day.toString()))
            .toList();
    generate(day, 1, 0.0); // the producer regenerates the day: other rows, other defects
    SilverRun outcome = silver("--dates", day.toString());
    assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(0);
    assertThat(outcome.out()).contains("\"interactions_dates_replaced\":[\"" + day + "\"]");
    // Silver holds exactly the regenerated day's ids on that day: none of the old rows is left.
    List<Long> bronzeIds =
        spark
            .read()
            .parquet(
                bronze.resolve("customer_interactions").resolve("event_date=" + day).toString())
            .select("interaction_id")
            .distinct()
            .collectAsList()
            .stream()
            .map(row -> row.getLong(0))
            .sorted()
            .toList();
    List<Long> silverIds =
        spark
            .table(Qualified.SILVER_INTERACTIONS)
            .where("event_date = DATE'" + day + "'")
            .select("interaction_id")
            .collectAsList()
            .stream()
            .map(row -> row.getLong(0))
            .sorted()
            .toList();
    assertThat(silverIds).isNotEmpty().isEqualTo(bronzeIds);
    // The commit added and removed files of that day only.
    assertThat(datesOfNewestSnapshot("1, 2")).containsExactly(day);
    assertThat(
            contents(Qualified.SILVER_INTERACTIONS).stream()
                .filter(row -> !row.contains(day.toString()))
                .toList())
        .isEqualTo(otherDates);
  }

  /** Rewrites the interactions partition of {@code day} with one column replaced or added. */
  private static void rewritePartition(LocalDate day, String column, String expression)
      throws Exception {
    Path partition = bronze.resolve("customer_interactions").resolve("event_date=" + day);
    Path staged = newFolder("staged");
    spark
        .read()
        .parquet(partition.toString())
        .withColumn(column, org.apache.spark.sql.functions.expr(expression))
        .write()
        .mode("overwrite")
        .parquet(staged.toString());
    try (Stream<Path> files = Files.list(partition)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    try (Stream<Path> files = Files.list(staged)) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().endsWith(".parquet")).toList()) {
        Files.move(file, partition.resolve(file.getFileName()));
      }
    }
  }
}
