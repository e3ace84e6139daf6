package io.c360.silver.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.common.naming.Tables;
import io.c360.common.naming.Tables.Qualified;
import io.c360.common.testing.SparkTestBase;
import io.c360.silver.testing.HostileBronze;
import io.c360.silver.testing.SilverRun;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * Bronze written by another engine than Spark, with valid contents, is read like Spark's own: the
 * baseline every adversarial test damages one thing of.
 */
class ForeignWriterTest extends SparkTestBase {
  private static final LocalDate START = LocalDate.of(2026, 4, 1);

  @Test
  void aPartitionRewrittenByDuckDbIsAcceptedRowForRow() throws Exception {
    HostileBronze bronze = HostileBronze.generate(spark, newFolder("bronze"), START, 2, 60, 1_200);
    long rows =
        HostileBronze.duckScalar(
            "SELECT count(*) FROM "
                + HostileBronze.readAll(
                    bronze.partition(Tables.BRONZE_INTERACTIONS, START.plusDays(1))));
    bronze.replacePartition(
        Tables.BRONZE_INTERACTIONS,
        START.plusDays(1),
        "SELECT * REPLACE (event_ts::TIMESTAMPTZ AS event_ts) FROM %s");

    SilverRun run = SilverRun.on(spark, bronze.root());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.out()).contains("counts match the bronze manifests");
    long silver =
        spark
            .table(Qualified.SILVER_INTERACTIONS)
            .where("event_date = DATE'" + START.plusDays(1) + "'")
            .count();
    long quarantined =
        spark
            .table(Qualified.SILVER_QUARANTINE)
            .where("source_table = 'customer_interactions'")
            .count();
    assertThat(rows).isPositive();
    assertThat(silver).isEqualTo(rows);
    assertThat(quarantined).isZero();
  }
}
