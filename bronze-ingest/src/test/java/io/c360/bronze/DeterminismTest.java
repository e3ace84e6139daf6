package io.c360.bronze;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.c360.bronze.testing.BronzeRuns;
import io.c360.common.naming.Tables;
import io.c360.common.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Same spec, same rows: whatever the number of files, and whatever the number of cores (a child JVM
 * on {@code local[1]} against this session's {@code local[2]}). A different seed gives other rows,
 * which shows that the comparison can tell.
 */
class DeterminismTest extends SparkTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LocalDate START = LocalDate.of(2026, 2, 1);
  private static final int DAYS = 4;
  private static final List<String> TABLES =
      List.of(Tables.BRONZE_CUSTOMERS, Tables.BRONZE_INTERACTIONS);

  /**
   * The JVM flags Spark 3.5 needs on Java 17, as this test JVM got them from the pom's
   * spark.java17.opens property through surefire's argLine.
   */
  private static final List<String> JAVA17_OPENS =
      java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
          .filter(
              argument ->
                  argument.startsWith("--add-opens")
                      || argument.equals("-XX:+IgnoreUnrecognizedVMOptions")
                      || argument.startsWith("-Djdk.reflect."))
          .toList();

  private static Path oneFile;
  private static Path fiveFiles;
  private static Path otherSeed;

  @BeforeAll
  static void generate() throws IOException {
    oneFile = newFolder("one-file");
    fiveFiles = newFolder("five-files");
    otherSeed = newFolder("other-seed");
    BronzeRuns.run(spark, spec(oneFile, "--seed", "7", "--output-partitions", "1"));
    BronzeRuns.run(spark, spec(fiveFiles, "--seed", "7", "--output-partitions", "5"));
    BronzeRuns.run(spark, spec(otherSeed, "--seed", "8", "--output-partitions", "1"));
  }

  @Test
  void numberOfFilesDoesNotChangeTheRows() throws IOException {
    for (String table : TABLES) {
      BronzeRuns.assertSameRows(
          table + " in 1 vs 5 files per date",
          BronzeRuns.read(spark, oneFile, table),
          BronzeRuns.read(spark, fiveFiles, table));
    }
    assertSameManifestCounts(oneFile, fiveFiles);
    // The layouts did differ: five files per date (where a date has at least five rows).
    assertThat(parquetFiles(fiveFiles.resolve(Tables.BRONZE_INTERACTIONS))).hasSize(5 * DAYS);
    assertThat(parquetFiles(oneFile.resolve(Tables.BRONZE_INTERACTIONS))).hasSize(DAYS);
  }

  @Test
  void aDifferentSeedGivesDifferentRows() {
    for (String table : TABLES) {
      assertThat(
              BronzeRuns.read(spark, otherSeed, table)
                  .exceptAll(BronzeRuns.read(spark, oneFile, table))
                  .count())
          .as(table)
          .isPositive();
    }
  }

  @Test
  void aChildJvmOnOneCoreWritesTheSameRowsAsThisSessionOnTwo() throws Exception {
    Path childRoot = newFolder("child");
    Path stdout = temp.resolve("child-stdout.txt");
    Path stderr = temp.resolve("child-stderr.txt");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.addAll(JAVA17_OPENS);
    command.add("-Dspark.master=local[1]");
    command.add("-Dspark.ui.enabled=false");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BronzeIngestMain.class.getName());
    command.addAll(
        List.of(
            spec(
                childRoot,
                "--seed",
                "7",
                "--run-id",
                "determinism-child",
                "--warehouse",
                temp.resolve("child-warehouse").toString())));

    Process child =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    boolean finished = child.waitFor(4, TimeUnit.MINUTES);
    if (!finished) {
      child.destroyForcibly();
    }

    String err = Files.readString(stderr, UTF_8);
    assertThat(finished).as("child finished within 4 minutes; stderr:%n%s", err).isTrue();
    assertThat(child.exitValue()).as("child exit code; stderr:%n%s", err).isZero();
    List<String> reports =
        Files.readAllLines(stdout, UTF_8).stream()
            .filter(line -> line.startsWith("{\"event\":\"c360.job_run\""))
            .toList();
    assertThat(reports).hasSize(1);
    JsonNode report = JSON.readTree(reports.get(0));
    assertThat(report.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(report.get("run_id").asText()).isEqualTo("determinism-child");
    assertThat(report.get("exit_code").asInt()).isZero();

    for (String table : TABLES) {
      BronzeRuns.assertSameRows(
          table + " of local[1] in a child JVM vs local[2] here",
          BronzeRuns.read(spark, childRoot, table),
          BronzeRuns.read(spark, oneFile, table));
    }
    assertSameManifestCounts(childRoot, oneFile);
  }

  private static String[] spec(Path root, String... more) {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--customers", "600", "--interactions", "12000"));
    args.addAll(List.of("--defect-rate", "0.05"));
    args.addAll(List.of(more));
    return BronzeRuns.args(root, START, DAYS, args.toArray(String[]::new));
  }

  /** Rows and defects per table and date of two manifests (run ids and paths differ). */
  private static void assertSameManifestCounts(Path actualRoot, Path expectedRoot)
      throws IOException {
    JsonNode actual = BronzeRuns.manifest(actualRoot, START, DAYS);
    JsonNode expected = BronzeRuns.manifest(expectedRoot, START, DAYS);
    assertThat(actual.get("spec")).isEqualTo(expected.get("spec"));
    for (String table : TABLES) {
      JsonNode actualTable = actual.get("tables").get(table);
      JsonNode expectedTable = expected.get("tables").get(table);
      assertThat(actualTable.get("rows")).as(table).isEqualTo(expectedTable.get("rows"));
      assertThat(actualTable.get("defects")).as(table).isEqualTo(expectedTable.get("defects"));
      assertThat(actualTable.get("partitions"))
          .as(table)
          .isEqualTo(expectedTable.get("partitions"));
    }
  }

  private static List<Path> parquetFiles(Path table) throws IOException {
    try (var files = Files.walk(table)) {
      return files.filter(path -> path.toString().endsWith(".parquet")).toList();
    }
  }
}
