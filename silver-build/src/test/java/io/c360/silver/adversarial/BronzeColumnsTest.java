package io.c360.silver.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.common.naming.Tables;
import io.c360.common.naming.Tables.Qualified;
import io.c360.common.testing.SparkTestBase;
import io.c360.silver.testing.Committed;
import io.c360.silver.testing.HostileBronze;
import io.c360.silver.testing.SilverRun;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupWriteSupport;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Columns a careless upstream writes: a file lacking contract columns beside files that have them,
 * columns named like silver's own, names silver's SQL cannot carry, two columns differing only in
 * case. Each is refused with exit 4 naming the file (and the column); nothing is committed.
 */
class BronzeColumnsTest extends SparkTestBase {
  private static final LocalDate START = LocalDate.of(2026, 7, 1);
  private static HostileBronze generated;

  @BeforeAll
  static void generate() throws IOException {
    generated = HostileBronze.generate(spark, newFolder("generated"), START, 2, 40, 300);
  }

  private static HostileBronze bronze() throws IOException {
    return generated.copyTo(newFolder("bronze"));
  }

  private static Path addedFile(HostileBronze bronze, String select) {
    Path partition = bronze.partition(Tables.BRONZE_INTERACTIONS, START.plusDays(1));
    Path file = partition.resolve("part-added.parquet");
    bronze.addFile(partition, select, file);
    return file;
  }

  private static SilverRun assertRefused(Path file, HostileBronze bronze, String... named) {
    Map<String, List<Long>> before = Committed.snapshots(spark);

    SilverRun run = SilverRun.on(spark, bronze.root());

    assertThat(run.exitCode()).as(run.output()).isEqualTo(4);
    assertThat(run.err()).contains(file.toString()).contains("Nothing was committed");
    for (String text : named) {
      assertThat(run.err()).contains(text);
    }
    assertThat(Committed.snapshots(spark)).isEqualTo(before);
    return run;
  }

  @Test
  void aFileLackingContractColumnsBesideFilesThatHaveThem() throws Exception {
    HostileBronze bronze = bronze();
    Path file = addedFile(bronze, "SELECT * EXCLUDE (revenue, currency) FROM %s LIMIT 5");

    assertRefused(file, bronze, "lacks contract column(s) currency, revenue");
  }

  @Test
  void aColumnNamedLikeSilversLineage() throws Exception {
    HostileBronze bronze = bronze();
    Path file =
        addedFile(
            bronze,
            "SELECT *, 'upstream-run-7' AS silver_run_id, 42::BIGINT AS record_hash FROM %s");

    assertRefused(file, bronze, "'silver_run_id'", "'record_hash'", "column silver writes");
  }

  @Test
  void aColumnNamedLikeSilversEnrichmentInAnotherCase() throws Exception {
    HostileBronze bronze = bronze();
    bronze.replacePartition(
        Tables.BRONZE_INTERACTIONS,
        START.plusDays(1),
        "SELECT *, 1.0::DOUBLE AS \"Revenue_USD\" FROM %s");
    Path file =
        HostileBronze.dataFiles(bronze.partition(Tables.BRONZE_INTERACTIONS, START.plusDays(1)))
            .get(0);

    assertRefused(file, bronze, "'Revenue_USD'");
  }

  @Test
  void columnNamesHoldingADotOrABacktick() throws Exception {
    HostileBronze bronze = bronze();
    Path file = addedFile(bronze, "SELECT *, 1 AS \"utm.source\", 2 AS \"utm`medium\" FROM %s");

    assertRefused(file, bronze, "'utm.source'", "'utm`medium'");
  }

  @Test
  void twoColumnsDifferingOnlyInCase() throws Exception {
    HostileBronze bronze = bronze();
    // DuckDB's names are case-insensitive (it renames the second one), so parquet-mr writes it.
    Path file =
        bronze
            .partition(Tables.BRONZE_INTERACTIONS, START.plusDays(1))
            .resolve("part-cases.parquet");
    MessageType schema =
        MessageTypeParser.parseMessageType(
            "message bronze { optional int64 interaction_id; optional double revenue;"
                + " optional double REVENUE; }");
    Configuration conf = new Configuration();
    GroupWriteSupport.setSchema(schema, conf);
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
            .withConf(conf)
            .withType(schema)
            .build()) {
      writer.write(
          new SimpleGroupFactory(schema)
              .newGroup()
              .append("interaction_id", 1L)
              .append("revenue", 5.0)
              .append("REVENUE", 50.0));
    }

    assertRefused(file, bronze, "revenue and REVENUE differ only in case");
  }

  @Test
  void aNewColumnInEveryFileIsStillCarried() throws Exception {
    HostileBronze bronze = bronze();
    LocalDate day = START.plusDays(1);
    bronze.replacePartition(
        Tables.BRONZE_INTERACTIONS, day, "SELECT *, 'newsletter' AS referrer_domain FROM %s");
    long rows =
        HostileBronze.duckScalar(
            "SELECT count(*) FROM "
                + HostileBronze.readAll(bronze.partition(Tables.BRONZE_INTERACTIONS, day)));

    SilverRun run = SilverRun.on(spark, bronze.root());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(Committed.interactions(spark, day)).isEqualTo(rows);
    assertThat(
            spark
                .table(Qualified.SILVER_INTERACTIONS)
                .where("event_date = DATE'" + day + "' AND referrer_domain = 'newsletter'")
                .count())
        .isPositive();
  }
}
