package io.c360.bench.comet;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.bench.bronze.BronzeJob;
import io.c360.bench.gold.GoldJob;
import io.c360.bench.harness.Folders;
import io.c360.bench.harness.LocalSessions;
import io.c360.bench.silver.SilverJob;
import io.c360.bronze.generate.GenerationSpec;
import io.c360.common.naming.BronzeColumns;
import io.c360.common.naming.GoldColumns;
import io.c360.common.naming.SilverColumns;
import io.c360.common.naming.Tables;
import io.c360.common.naming.Tables.Qualified;
import io.c360.common.session.CometSettings;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Comet changes how silver and gold run, not what they commit: the same small bronze through silver
 * and gold once plainly and once with {@link CometSettings#SWITCH} on, every silver and gold table
 * compared row by row (sorted, lineage columns dropped). The Comet jar comes from this module's
 * test classpath (Maven).
 */
class CometComparisonTest {
  private static final GenerationSpec SPEC =
      new GenerationSpec(7, 500, 20_000, LocalDate.parse("2026-01-01"), 10, 0.05);

  /** Run ids and load times: different in every run by design. */
  private static final List<String> LINEAGE =
      List.of(
          SilverColumns.RUN_ID,
          SilverColumns.LOADED_AT,
          SilverColumns.QUARANTINED_AT,
          GoldColumns.GOLD_RUN_ID,
          GoldColumns.GOLD_LOADED_AT);

  private static final List<String> TABLES = new ArrayList<>();

  static {
    TABLES.add(Qualified.SILVER_CUSTOMERS);
    TABLES.add(Qualified.SILVER_INTERACTIONS);
    TABLES.add(Qualified.SILVER_QUARANTINE);
    TABLES.addAll(Qualified.GOLD_TABLES);
  }

  @TempDir static Path work;

  private static Map<String, List<String>> plain;
  private static Map<String, List<String>> comet;
  private static String cometPlan;

  @BeforeAll
  static void runBoth() {
    Path bronze = work.resolve("bronze");
    SparkSession spark = start("plain", new SparkConf(), work.resolve("plain"));
    try {
      BronzeJob.run(spark, Folders.uri(bronze), SPEC);
      plain = silverAndGold(spark, bronze, work.resolve("plain"));
    } finally {
      stop(spark);
    }
    spark =
        start("comet", new SparkConf().set(CometSettings.SWITCH, "true"), work.resolve("comet"));
    try {
      comet = silverAndGold(spark, bronze, work.resolve("comet"));
      Dataset<Row> probe =
          spark
              .read()
              .parquet(Folders.uri(bronze.resolve(Tables.BRONZE_INTERACTIONS)))
              .groupBy(BronzeColumns.CHANNEL)
              .count();
      probe.collectAsList();
      cometPlan = probe.queryExecution().executedPlan().toString();
    } finally {
      stop(spark);
    }
  }

  @Test
  void cometRunsNativelyWithTheProjectsSettings() {
    // Without off-heap memory or the plugin, Comet would stay silent and this would be Spark's
    // plan.
    assertThat(cometPlan).contains("CometHashAggregate").contains("CometScan");
  }

  @Test
  void everySilverAndGoldTableIsTheSameWithAndWithoutComet() {
    assertThat(plain.keySet()).containsExactlyElementsOf(TABLES);
    for (String table : TABLES) {
      assertThat(plain.get(table)).as(table + " is empty").isNotEmpty();
      assertThat(comet.get(table)).as(table).containsExactlyElementsOf(plain.get(table));
    }
  }

  private static Map<String, List<String>> silverAndGold(
      SparkSession spark, Path bronze, Path warehouse) {
    SilverJob.run(spark, warehouse, bronze, Optional.empty(), "silver");
    GoldJob.run(spark, warehouse, "gold");
    Map<String, List<String>> tables = new LinkedHashMap<>();
    for (String table : TABLES) {
      tables.put(table, sortedRows(spark.table(table)));
    }
    return tables;
  }

  private static List<String> sortedRows(Dataset<Row> table) {
    Dataset<Row> rows = table.drop(LINEAGE.toArray(String[]::new));
    List<String> lines = new ArrayList<>();
    for (Row row : rows.collectAsList()) {
      lines.add(row.toString());
    }
    lines.sort(null);
    return lines;
  }

  private static SparkSession start(String name, SparkConf base, Path warehouse) {
    return LocalSessions.start(name, 2, Optional.of(warehouse), base);
  }

  private static void stop(SparkSession spark) {
    spark.stop();
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }
}
