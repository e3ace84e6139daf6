package io.c360.ops.maintenance;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.c360.common.cli.JobLauncher;
import io.c360.common.naming.Tables.Qualified;
import io.c360.common.testing.SparkTestBase;
import io.c360.ops.LakehouseFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * table-maintenance on the small lakehouse of {@link LakehouseFixture}, rebuilt before each test:
 * compaction, snapshot expiry and orphan removal change no query result.
 */
class TableMaintenanceTest extends SparkTestBase {
  @BeforeEach
  void lakehouse() {
    LakehouseFixture.reset(spark);
  }

  private record Outcome(int exitCode, String out, String err) {}

  private static Outcome maintenance(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        new JobLauncher(
                TableMaintenanceMain.JOB,
                new PrintStream(out, true, UTF_8),
                new PrintStream(err, true, UTF_8),
                Clock.systemUTC())
            .run(TableMaintenanceMain.newCommand(), args, TableMaintenanceMain::run, o -> spark);
    return new Outcome(exit, out.toString(UTF_8), err.toString(UTF_8));
  }

  @Test
  void badArgumentsFailBeforeAnyWork() {
    long runs = spark.sql("SELECT count(*) FROM " + Qualified.AUDIT_JOB_RUNS).first().getLong(0);
    Outcome orphans = maintenance("--orphan-retention-hours", "1");
    assertThat(orphans.exitCode()).isEqualTo(2);
    assertThat(orphans.err()).contains("--orphan-retention-hours");
    assertThat(spark.sql("SELECT count(*) FROM " + Qualified.AUDIT_JOB_RUNS).first().getLong(0))
        .as("usage errors happen before a session or any table is touched")
        .isEqualTo(runs);
  }

  @Test
  void maintenanceCompactsExpiresAndRemovesOrphansWithoutChangingResults() throws Exception {
    // More small files: one per insert into the same partition.
    for (int i = 0; i < 4; i++) {
      LakehouseFixture.insert(spark, "DATE'2026-03-02', " + (50 + i) + ", 'page_view', NULL");
    }
    String query =
        "SELECT event_date, count(*), sum(revenue_usd) FROM "
            + Qualified.SILVER_INTERACTIONS
            + " GROUP BY event_date ORDER BY event_date";
    String goldQuery = "SELECT * FROM " + Qualified.GOLD_DAILY_KPIS + " ORDER BY event_date";
    List<Row> silverBefore = spark.sql(query).collectAsList();
    List<Row> goldBefore = spark.sql(goldQuery).collectAsList();
    long filesBefore = dataFiles(Qualified.SILVER_INTERACTIONS);
    Path orphan =
        warehouse().resolve("silver/interactions/data/orphan-from-a-crashed-write.parquet");
    Files.writeString(orphan, "not referenced by any snapshot");
    Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(4, ChronoUnit.DAYS)));

    Outcome run = maintenance("--snapshot-retention-hours", "0", "--retain-last", "1");
    assertThat(run.exitCode()).as(run.err()).isZero();

    assertThat(dataFiles(Qualified.SILVER_INTERACTIONS)).isLessThan(filesBefore);
    assertThat(spark.sql(query).collectAsList()).isEqualTo(silverBefore);
    assertThat(spark.sql(goldQuery).collectAsList()).isEqualTo(goldBefore);
    assertThat(orphan).doesNotExist();
    assertThat(
            spark
                .sql("SELECT count(*) FROM " + Qualified.SILVER_INTERACTIONS + ".snapshots")
                .first()
                .getLong(0))
        .isEqualTo(1);

    Outcome again = maintenance("--snapshot-retention-hours", "0", "--retain-last", "1");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains("\"files_rewritten\":0");
  }

  @Test
  void everyTableOfTheLakehouseNamespacesIsMaintainedInOrder() {
    assertThat(TableMaintenanceMain.tables(spark))
        .containsExactly(
            Qualified.AUDIT_JOB_RUNS, Qualified.GOLD_DAILY_KPIS, Qualified.SILVER_INTERACTIONS);
  }

  private static long dataFiles(String table) {
    return spark.sql("SELECT count(*) FROM " + table + ".files").first().getLong(0);
  }

  private static Path warehouse() throws Exception {
    try (Stream<Path> paths = Files.list(temp)) {
      return paths
          .filter(p -> p.getFileName().toString().equals("warehouse"))
          .findFirst()
          .orElseThrow();
    }
  }
}
