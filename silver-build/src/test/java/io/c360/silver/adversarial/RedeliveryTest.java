package io.c360.silver.adversarial;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.c360.common.metrics.Orders;
import io.c360.common.naming.Tables;
import io.c360.common.naming.Tables.Qualified;
import io.c360.common.testing.SparkTestBase;
import io.c360.silver.testing.HostileBronze;
import io.c360.silver.testing.SilverRun;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An upstream that delivers an interaction again in a later bronze date (DuckDB rewrites that
 * date's partition: one of its rows is replaced by a copy of an earlier date's purchase, so the
 * manifest's row counts still hold). Silver keeps one row per interaction_id across all dates
 * (docs/RELIABILITY.md, "Grain").
 */
class RedeliveryTest extends SparkTestBase {
  private static final LocalDate DAY_1 = LocalDate.of(2026, 4, 1);
  private static final LocalDate DAY_2 = DAY_1.plusDays(1);
  private static final LocalDate DAY_3 = DAY_1.plusDays(2);

  @BeforeEach
  void emptyWarehouse() {
    for (String table :
        List.of(
            Qualified.SILVER_INTERACTIONS,
            Qualified.SILVER_CUSTOMERS,
            Qualified.SILVER_QUARANTINE,
            Qualified.AUDIT_SILVER_PROGRESS,
            Qualified.AUDIT_JOB_RUNS)) {
      spark.sql("DROP TABLE IF EXISTS " + table + " PURGE");
    }
  }

  @Test
  void anUnchangedRedeliveryOfAStoredRowIsOneRowAndACountedDuplicate() throws Exception {
    HostileBronze bronze = generate(2);
    SilverRun first = SilverRun.on(spark, bronze.root(), "--dates", DAY_1.toString());
    assertThat(first.exitCode()).as(first.output()).isZero();
    long id = purchase(bronze, DAY_1);
    redeliver(bronze, id, DAY_1, DAY_2, "");

    SilverRun run = SilverRun.on(spark, bronze.root());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.out()).contains("counts match the bronze manifests");
    assertThat(rowsOf(id)).as("one row, on the first date").containsExactly(DAY_1.toString());
    assertThat(run.out()).as(run.output()).contains("\"customer_interactions.redelivered\":1");
    assertThat(interactionsQuarantined()).isZero();
    assertThat(silverOrders()).isEqualTo(distinctBronzeOrders(bronze, 2));
  }

  @Test
  void anUnchangedRedeliveryWithinOneBatchKeepsTheFirstDate() throws Exception {
    HostileBronze bronze = generate(2);
    long id = purchase(bronze, DAY_1);
    redeliver(bronze, id, DAY_1, DAY_2, "");

    SilverRun run = SilverRun.on(spark, bronze.root());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.out()).contains("counts match the bronze manifests");
    assertThat(rowsOf(id)).containsExactly(DAY_1.toString());
    assertThat(silverOrders()).isEqualTo(distinctBronzeOrders(bronze, 2));
    // The report lists the steps in the order they ran: accepted rows are committed before the
    // quarantine (docs/RELIABILITY.md, "Atomicity and what readers see").
    assertThat(run.out().indexOf("\"commit_interactions\":"))
        .as(run.out())
        .isPositive()
        .isLessThan(run.out().indexOf("\"commit_quarantine\":"));
  }

  @Test
  void aRedeliveryWithAnotherRevenueIsQuarantinedAndTheStoredRowKept() throws Exception {
    HostileBronze bronze = generate(2);
    SilverRun first = SilverRun.on(spark, bronze.root(), "--dates", DAY_1.toString());
    assertThat(first.exitCode()).as(first.output()).isZero();
    long id = purchase(bronze, DAY_1);
    Row stored = revenueOf(id);
    // One more item at the same price: the revenue stays consistent, only the contents change.
    redeliver(
        bronze,
        id,
        DAY_1,
        DAY_2,
        ", quantity + 1 AS quantity, CAST(unit_price * (quantity + 1) AS DECIMAL(12,2)) AS revenue");

    SilverRun run = SilverRun.on(spark, bronze.root());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(rowsOf(id)).containsExactly(DAY_1.toString());
    assertThat(revenueOf(id)).as("the stored row is kept as it was").isEqualTo(stored);
    List<Row> quarantined =
        spark
            .table(Qualified.SILVER_QUARANTINE)
            .where(col("record_key").equalTo(String.valueOf(id)))
            .select("event_date", "rule_ids")
            .collectAsList();
    assertThat(quarantined)
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.getDate(0).toLocalDate()).isEqualTo(DAY_2);
              // Its event_ts belongs to the stored row's date, so that rule fires too.
              assertThat(row.<String>getList(1))
                  .containsExactlyInAnyOrder("redelivered_changed", "event_ts_outside_partition");
            });
    assertThat(silverOrders()).isEqualTo(distinctBronzeOrders(bronze, 2));
  }

  @Test
  void aRedeliveryBeyondTheLookbackIsASecondRowUntilTheLookbackReachesIt() throws Exception {
    HostileBronze bronze = generate(3);
    String day1 = DAY_1.toString();
    String day3 = DAY_3.toString();
    // Day 2 first, so that every customer of day 3 is known.
    assertThat(SilverRun.on(spark, bronze.root(), "--dates", day1 + ".." + DAY_2).exitCode())
        .isZero();
    long id = purchase(bronze, DAY_1);
    // Its event moved onto the new date: a copy that kept its event_ts would be quarantined by
    // event_ts_outside_partition whatever the look-back.
    redeliver(bronze, id, DAY_1, DAY_3, ", event_ts + INTERVAL 2 DAY AS event_ts", 3);

    SilverRun near =
        SilverRun.on(spark, bronze.root(), "--dates", day3, "--redelivery-lookback-days", "1");
    assertThat(near.exitCode()).as(near.output()).isZero();
    assertThat(rowsOf(id))
        .as("documented: a date further than the look-back is not checked")
        .containsExactly(day1, day3);

    SilverRun far =
        SilverRun.on(spark, bronze.root(), "--dates", day3, "--redelivery-lookback-days", "2");
    assertThat(far.exitCode()).as(far.output()).isZero();
    assertThat(rowsOf(id)).containsExactly(day1);
  }

  @Test
  void aReRunOfBothDatesChangesNothing() throws Exception {
    HostileBronze bronze = generate(2);
    assertThat(SilverRun.on(spark, bronze.root(), "--dates", DAY_1.toString()).exitCode()).isZero();
    long id = purchase(bronze, DAY_1);
    redeliver(bronze, id, DAY_1, DAY_2, "");
    assertThat(SilverRun.on(spark, bronze.root()).exitCode()).isZero();
    List<String> before = contents(Qualified.SILVER_INTERACTIONS);

    SilverRun again = SilverRun.on(spark, bronze.root(), "--dates", DAY_1 + ".." + DAY_2);

    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(contents(Qualified.SILVER_INTERACTIONS))
        .as("the same rows, with the lineage of the run that wrote them")
        .isEqualTo(before);
    assertThat(rowsOf(id)).containsExactly(DAY_1.toString());
  }

  private static HostileBronze generate(int days) throws Exception {
    return HostileBronze.generate(spark, newFolder("bronze"), DAY_1, days, 60, 1_200);
  }

  /** A purchase of {@code day} without discount, so that its revenue is quantity x unit price. */
  private static long purchase(HostileBronze bronze, LocalDate day) {
    return HostileBronze.duckScalar(
        "SELECT min(interaction_id) FROM "
            + read(bronze.partition(Tables.BRONZE_INTERACTIONS, day))
            + " WHERE event_type = 'purchase' AND order_status = 'completed'"
            + " AND discount_rate = 0");
  }

  /**
   * Rewrites {@code to}'s partition: its first row is replaced by interaction {@code id} as {@code
   * from} holds it, ingested a day later, with {@code changes} ({@code ", expr AS column"}).
   */
  private static void redeliver(
      HostileBronze bronze, long id, LocalDate from, LocalDate to, String changes) {
    redeliver(bronze, id, from, to, changes, 1);
  }

  /** As above, ingested {@code ingestDelayDays} days later than {@code from} holds it. */
  private static void redeliver(
      HostileBronze bronze,
      long id,
      LocalDate from,
      LocalDate to,
      String changes,
      int ingestDelayDays) {
    String target = read(bronze.partition(Tables.BRONZE_INTERACTIONS, to));
    String source = read(bronze.partition(Tables.BRONZE_INTERACTIONS, from));
    bronze.replacePartition(
        Tables.BRONZE_INTERACTIONS,
        to,
        "SELECT * FROM "
            + target
            + " WHERE interaction_id <> (SELECT min(interaction_id) FROM "
            + target
            + ") UNION ALL BY NAME SELECT * REPLACE (ingested_at + INTERVAL "
            + ingestDelayDays
            + " DAY AS ingested_at"
            + changes
            + ") FROM "
            + source
            + " WHERE interaction_id = "
            + id);
  }

  /** DuckDB's reader of a partition's files, without the folder's event_date as a column. */
  private static String read(Path partition) {
    return "read_parquet('"
        + partition.resolve("*.parquet").toString().replace("'", "''")
        + "', hive_partitioning = false)";
  }

  private static List<String> rowsOf(long id) {
    return spark
        .table(Qualified.SILVER_INTERACTIONS)
        .where(col("interaction_id").equalTo(id))
        .select(col("event_date").cast("string"))
        .orderBy("event_date")
        .collectAsList()
        .stream()
        .map(row -> row.getString(0))
        .toList();
  }

  private static Row revenueOf(long id) {
    return spark
        .table(Qualified.SILVER_INTERACTIONS)
        .where(col("interaction_id").equalTo(id))
        .select("quantity", "revenue", "revenue_usd")
        .first();
  }

  private static long interactionsQuarantined() {
    return spark
        .table(Qualified.SILVER_QUARANTINE)
        .where(col("source_table").equalTo(Tables.BRONZE_INTERACTIONS))
        .count();
  }

  /** Orders as gold counts them (common Orders), in silver. */
  private static long silverOrders() {
    return spark.table(Qualified.SILVER_INTERACTIONS).where(Orders.isOrder()).count();
  }

  /** Distinct interaction ids of the orders in the bronze of the first {@code days} dates. */
  private static long distinctBronzeOrders(HostileBronze bronze, int days) {
    String union =
        java.util.stream.IntStream.range(0, days)
            .mapToObj(
                i ->
                    "SELECT * FROM "
                        + read(bronze.partition(Tables.BRONZE_INTERACTIONS, DAY_1.plusDays(i))))
            .reduce((a, b) -> a + " UNION ALL BY NAME " + b)
            .orElseThrow();
    return HostileBronze.duckScalar(
        "SELECT count(DISTINCT interaction_id) FROM ("
            + union
            + ") WHERE event_type = 'purchase' AND order_status IS DISTINCT FROM 'cancelled'");
  }

  private static List<String> contents(String table) {
    return spark.table(table).collectAsList().stream().map(Row::toString).sorted().toList();
  }
}
