package io.c360.silver.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.common.naming.Tables;
import io.c360.common.testing.SparkTestBase;
import io.c360.silver.testing.Committed;
import io.c360.silver.testing.HostileBronze;
import io.c360.silver.testing.SilverRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Files a careless upstream leaves under a bronze table outside its date partitions: silver reads
 * only valid {@code event_date=YYYY-MM-DD} folders, so any data file elsewhere stops the run with
 * exit 4 naming it, before anything is read; what Spark itself ignores is ignored.
 */
class BronzeLayoutTest extends SparkTestBase {
  private static final LocalDate START = LocalDate.of(2026, 5, 1);
  private static HostileBronze generated;

  @BeforeAll
  static void generate() throws IOException {
    generated = HostileBronze.generate(spark, newFolder("generated"), START, 2, 40, 300);
  }

  @Test
  void dataFilesOutsideValidPartitionsStopTheRunNamingEachOne() throws Exception {
    LocalDate start = START;
    HostileBronze bronze = generated.copyTo(newFolder("bronze"));
    Path interactions = bronze.table(Tables.BRONZE_INTERACTIONS);
    Path source = bronze.partition(Tables.BRONZE_INTERACTIONS, start);
    List<Path> strays =
        List.of(
            interactions.resolve("event_date=__HIVE_DEFAULT_PARTITION__/part-0.parquet"),
            interactions.resolve("event_date=2026-02-30/part-0.parquet"),
            interactions.resolve("event_date=2026-1-5/part-0.parquet"),
            interactions.resolve("foo=bar/part-0.parquet"),
            interactions.resolve("part-at-root.parquet"),
            source.resolve("nested/part-0.parquet"),
            bronze.table(Tables.BRONZE_CUSTOMERS).resolve("event_date=2026-13-01/data.bin"));
    for (Path stray : strays) {
      bronze.addFile(source, "SELECT * FROM %s LIMIT 3", stray);
    }
    Map<String, List<Long>> before = Committed.snapshots(spark);

    SilverRun run = SilverRun.on(spark, bronze.root());

    assertThat(run.exitCode()).as(run.output()).isEqualTo(4);
    for (Path stray : strays) {
      assertThat(run.output()).contains(stray.toString());
    }
    assertThat(run.output()).contains("outside a valid event_date=YYYY-MM-DD partition");
    assertThat(Committed.snapshots(spark)).isEqualTo(before);
  }

  @Test
  void aStrayFileStopsEvenARunForOtherDates() throws Exception {
    LocalDate start = START;
    HostileBronze bronze = generated.copyTo(newFolder("bronze"));
    Path stray =
        bronze.table(Tables.BRONZE_INTERACTIONS).resolve("event_date=2026-02-30/part-0.parquet");
    bronze.addFile(
        bronze.partition(Tables.BRONZE_INTERACTIONS, start), "SELECT * FROM %s LIMIT 1", stray);
    Map<String, List<Long>> before = Committed.snapshots(spark);

    SilverRun run = SilverRun.on(spark, bronze.root(), "--dates", start.plusDays(1).toString());

    assertThat(run.exitCode()).as(run.output()).isEqualTo(4);
    assertThat(run.output()).contains(stray.toString());
    assertThat(Committed.snapshots(spark)).isEqualTo(before);
  }

  @Test
  void whatSparkIgnoresIsIgnoredAndEmptyInvalidFoldersAreReported() throws Exception {
    LocalDate start = START;
    HostileBronze bronze = generated.copyTo(newFolder("bronze"));
    Path interactions = bronze.table(Tables.BRONZE_INTERACTIONS);
    Path partition = bronze.partition(Tables.BRONZE_INTERACTIONS, start);
    long rows =
        HostileBronze.duckScalar("SELECT count(*) FROM " + HostileBronze.readAll(partition));
    // Names Spark's listing skips (HadoopFSUtils.shouldFilterOutPathName), with rows in them.
    for (Path hidden :
        List.of(
            partition.resolve(".hidden.parquet"),
            partition.resolve("_temporary/0/part-0.parquet"),
            partition.resolve("part-9.parquet._COPYING_"),
            interactions.resolve("_staging/part-0.parquet"),
            interactions.resolve(".spark-staging-1/part-0.parquet"))) {
      bronze.addFile(
          bronze.partition(Tables.BRONZE_INTERACTIONS, start.plusDays(1)),
          "SELECT * FROM %s",
          hidden);
    }
    HostileBronze.writeText(partition.resolve("_SUCCESS"), "");
    Path empty = Files.createDirectories(interactions.resolve("event_date=2026-1-5"));

    SilverRun run = SilverRun.on(spark, bronze.root());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.out()).contains(empty.toString()).contains("holds no data file");
    assertThat(Committed.interactions(spark, start)).isEqualTo(rows);
  }
}
