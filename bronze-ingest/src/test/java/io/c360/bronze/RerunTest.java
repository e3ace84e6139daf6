package io.c360.bronze;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.c360.bronze.testing.BronzeRuns;
import io.c360.common.naming.BronzeColumns;
import io.c360.common.naming.Tables;
import io.c360.common.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** A re-run replaces exactly the dates it writes: no duplicates, no leftovers, no collateral. */
class RerunTest extends SparkTestBase {
  private static final LocalDate START = LocalDate.of(2026, 3, 1);
  private static final int DAYS = 10;
  private static final LocalDate RERUN_START = START.plusDays(4); // days 5 to 7 of the window
  private static final int RERUN_DAYS = 3;
  private static final List<String> TABLES =
      List.of(Tables.BRONZE_CUSTOMERS, Tables.BRONZE_INTERACTIONS);

  @Test
  void rerunOfASubWindowReplacesExactlyItsDates() throws IOException {
    Path root = newFolder("window");
    BronzeRuns.run(spark, window(root, "--seed", "1", "--output-partitions", "3"));
    Map<String, Map<String, FileTime>> before = filesPerPartition(root);
    assertThat(before).hasSize(2 * DAYS);
    assertThat(BronzeRuns.manifestPath(root, START, DAYS)).exists();

    BronzeRuns.run(spark, subWindow(root, "--seed", "2", "--output-partitions", "1"));
    Map<String, Map<String, FileTime>> after = filesPerPartition(root);

    assertThat(after.keySet()).isEqualTo(before.keySet());
    for (String partition : before.keySet()) {
      LocalDate date = LocalDate.parse(partition.substring(partition.indexOf('=') + 1));
      boolean rewritten = !date.isBefore(RERUN_START) && date.isBefore(RERUN_START.plusDays(3));
      if (rewritten) {
        assertThat(after.get(partition).keySet())
            .as("files of %s after the re-run", partition)
            .doesNotContainAnyElementsOf(before.get(partition).keySet());
        assertThat(parquet(after.get(partition))).as(partition).hasSize(1);
      } else {
        assertThat(after.get(partition))
            .as("files of %s", partition)
            .isEqualTo(before.get(partition));
        if (partition.startsWith(Tables.BRONZE_INTERACTIONS)) {
          assertThat(parquet(before.get(partition))).as(partition).hasSize(3);
        }
      }
    }

    // The rewritten dates hold exactly what the sub-window alone generates.
    Path fresh = newFolder("sub-window-alone");
    BronzeRuns.run(spark, subWindow(fresh, "--seed", "2", "--output-partitions", "2"));
    for (String table : TABLES) {
      BronzeRuns.assertSameRows(
          table + " of the re-run dates vs the sub-window generated alone",
          rerunDates(BronzeRuns.read(spark, root, table)),
          BronzeRuns.read(spark, fresh, table));
    }

    // The first window's manifest no longer describes the data: it is gone, the new one is there.
    assertThat(BronzeRuns.manifestPath(root, START, DAYS)).doesNotExist();
    assertThat(BronzeRuns.manifestPath(root, RERUN_START, RERUN_DAYS)).exists();
    try (Stream<Path> manifests = Files.list(root.resolve(Tables.BRONZE_MANIFESTS))) {
      // Hidden files are the local file system's checksums.
      assertThat(
              manifests
                  .map(path -> path.getFileName().toString())
                  .filter(name -> !name.startsWith(".")))
          .containsExactly(RERUN_START + "_" + RERUN_START.plusDays(RERUN_DAYS - 1) + ".json");
    }
  }

  @Test
  void identicalRerunGivesIdenticalRowsWithoutDuplicates() throws IOException {
    Path rerun = newFolder("rerun");
    Path once = newFolder("once");
    String[] options = window(rerun, "--seed", "3", "--output-partitions", "2");
    BronzeRuns.run(spark, options);
    BronzeRuns.run(spark, window(once, "--seed", "3", "--output-partitions", "2"));

    BronzeRuns.run(spark, options);

    JsonNode manifest = BronzeRuns.manifest(rerun, START, DAYS);
    for (String table : TABLES) {
      Dataset<Row> twice = BronzeRuns.read(spark, rerun, table);
      BronzeRuns.assertSameRows(
          table + " written twice vs once", twice, BronzeRuns.read(spark, once, table));
      assertThat(twice.count()).isEqualTo(manifest.get("tables").get(table).get("rows").asLong());
    }
    Map<String, Map<String, FileTime>> files = filesPerPartition(rerun);
    assertThat(files).hasSize(2 * DAYS);
    files.forEach(
        (partition, names) -> assertThat(parquet(names)).as(partition).hasSizeLessThanOrEqualTo(2));
  }

  private static String[] window(Path root, String... more) {
    return BronzeRuns.args(root, START, DAYS, withVolume(more));
  }

  private static String[] subWindow(Path root, String... more) {
    return BronzeRuns.args(root, RERUN_START, RERUN_DAYS, withVolume(more));
  }

  private static String[] withVolume(String... more) {
    return Stream.concat(
            Stream.of("--customers", "500", "--interactions", "10000", "--defect-rate", "0.05"),
            Stream.of(more))
        .toArray(String[]::new);
  }

  private static Dataset<Row> rerunDates(Dataset<Row> table) {
    return table.where(
        col(BronzeColumns.EVENT_DATE)
            .between(
                java.sql.Date.valueOf(RERUN_START),
                java.sql.Date.valueOf(RERUN_START.plusDays(RERUN_DAYS - 1))));
  }

  /** Every file of every date folder, by "table/event_date=...", with its modification time. */
  private static Map<String, Map<String, FileTime>> filesPerPartition(Path root)
      throws IOException {
    Map<String, Map<String, FileTime>> partitions = new TreeMap<>();
    for (String table : TABLES) {
      try (Stream<Path> folders = Files.list(root.resolve(table))) {
        for (Path folder : folders.filter(Files::isDirectory).toList()) {
          try (Stream<Path> files = Files.list(folder)) {
            Map<String, FileTime> times = new TreeMap<>();
            for (Path file : files.toList()) {
              times.put(file.getFileName().toString(), Files.getLastModifiedTime(file));
            }
            partitions.put(table + "/" + folder.getFileName(), times);
          }
        }
      }
    }
    return partitions;
  }

  private static List<String> parquet(Map<String, FileTime> files) {
    return files.keySet().stream()
        .filter(name -> name.endsWith(".parquet"))
        .collect(Collectors.toList());
  }
}
