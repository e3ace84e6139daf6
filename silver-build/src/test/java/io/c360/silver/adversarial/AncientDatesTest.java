package io.c360.silver.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.common.naming.Tables;
import io.c360.common.naming.Tables.Qualified;
import io.c360.common.testing.SparkTestBase;
import io.c360.silver.testing.Committed;
import io.c360.silver.testing.HostileBronze;
import io.c360.silver.testing.SilverRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dates before the Gregorian switch (1582) in files a non-Spark writer wrote: Spark's default
 * rebase mode refuses the whole read (READ_ANCIENT_DATETIME); silver reads them as written
 * (CORRECTED) and leaves them to the domain rules, so the run goes on and every row is accounted
 * for: accepted with its value exactly as written, or quarantined.
 */
class AncientDatesTest extends SparkTestBase {
  private static final long YEAR_ONE_MICROS =
      Instant.parse("0001-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;
  private static final long YEAR_1500_DAYS = LocalDate.of(1500, 1, 1).toEpochDay();

  @Test
  void yearOneAndYear1500AreReadAsWrittenAndEveryRowIsAccountedFor() throws Exception {
    LocalDate first = LocalDate.of(2026, 10, 1);
    LocalDate day = first.plusDays(1);
    HostileBronze bronze = HostileBronze.generate(spark, newFolder("bronze"), first, 2, 40, 300);
    long interaction =
        HostileBronze.duckScalar(
            "SELECT min(interaction_id) FROM "
                + HostileBronze.readAll(bronze.partition(Tables.BRONZE_INTERACTIONS, day)));
    long customer =
        HostileBronze.duckScalar(
            "SELECT min(customer_id) FROM "
                + HostileBronze.readAll(bronze.partition(Tables.BRONZE_CUSTOMERS, day)));
    bronze.replacePartition(
        Tables.BRONZE_INTERACTIONS,
        day,
        "SELECT * REPLACE (CASE WHEN interaction_id = "
            + interaction
            + " THEN TIMESTAMPTZ '0001-01-01 00:00:00+00' ELSE event_ts END AS event_ts) FROM %s");
    bronze.replacePartition(
        Tables.BRONZE_CUSTOMERS,
        day,
        "SELECT * REPLACE (CASE WHEN customer_id = "
            + customer
            + " THEN DATE '1500-01-01' ELSE birth_date END AS birth_date) FROM %s");
    long rows =
        HostileBronze.duckScalar(
            "SELECT count(*) FROM "
                + HostileBronze.readAll(bronze.partition(Tables.BRONZE_INTERACTIONS, day)));

    // The damage is not in bronze-ingest's manifest, which would then (rightly) not reconcile:
    // processed as a foreign upstream's dates, without a manifest.
    try (Stream<Path> manifests = Files.list(bronze.manifests())) {
      for (Path manifest : manifests.toList()) {
        Files.delete(manifest);
      }
    }

    SilverRun run = SilverRun.on(spark, bronze.root(), "--dates", first + ".." + day);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).doesNotContain("READ_ANCIENT_DATETIME");
    assertThat(Committed.interactions(spark, day)).isEqualTo(rows);
    boolean interactionQuarantined =
        !Committed.rules(spark, Tables.BRONZE_INTERACTIONS, day, Long.toString(interaction))
            .isEmpty();
    if (!interactionQuarantined) {
      assertThat(
              spark
                  .table(Qualified.SILVER_INTERACTIONS)
                  .where("interaction_id = " + interaction)
                  .selectExpr("unix_micros(event_ts)")
                  .first()
                  .getLong(0))
          .isEqualTo(YEAR_ONE_MICROS);
    }
    boolean customerQuarantined =
        !Committed.rules(spark, Tables.BRONZE_CUSTOMERS, day, Long.toString(customer)).isEmpty();
    if (!customerQuarantined) {
      assertThat(
              spark
                  .table(Qualified.SILVER_CUSTOMERS)
                  .where("customer_id = " + customer)
                  .selectExpr("unix_date(birth_date)")
                  .first()
                  .getInt(0))
          .isEqualTo((int) YEAR_1500_DAYS);
    }
  }
}
