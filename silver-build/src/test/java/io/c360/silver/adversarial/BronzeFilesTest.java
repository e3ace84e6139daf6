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
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Files inside a valid partition that Spark cannot read as Parquet: each stops the run with exit 4
 * naming the file and what to do, instead of an internal error with a stack trace.
 */
class BronzeFilesTest extends SparkTestBase {
  private static final LocalDate START = LocalDate.of(2026, 6, 1);
  private static HostileBronze generated;

  @BeforeAll
  static void generate() throws IOException {
    generated = HostileBronze.generate(spark, newFolder("generated"), START, 2, 40, 300);
  }

  private static HostileBronze bronze() throws IOException {
    return generated.copyTo(newFolder("bronze"));
  }

  private Path interactions(HostileBronze bronze) {
    return bronze.partition(Tables.BRONZE_INTERACTIONS, START.plusDays(1));
  }

  private static void assertRefused(HostileBronze bronze, Path file, String why) {
    Map<String, List<Long>> before = Committed.snapshots(spark);

    SilverRun run = SilverRun.on(spark, bronze.root());

    assertThat(run.exitCode()).as(run.output()).isEqualTo(4);
    assertThat(run.err()).contains(file.toString()).contains(why).contains("Nothing was committed");
    assertThat(run.output()).doesNotContain("\tat org.apache");
    assertThat(Committed.snapshots(spark)).isEqualTo(before);
  }

  @Test
  void aZeroByteFile() throws Exception {
    HostileBronze bronze = bronze();
    Path empty = Files.createFile(interactions(bronze).resolve("part-empty.parquet"));

    assertRefused(bronze, empty, "empty (0 bytes)");
  }

  @Test
  void aTextFile() throws Exception {
    HostileBronze bronze = bronze();
    Path notes = interactions(bronze).resolve("notes.txt");
    HostileBronze.writeText(notes, "rows of 2026-06-05 re-sent by hand, see ticket 42\n");

    assertRefused(bronze, notes, "not a Parquet file");
  }

  @Test
  void aTruncatedParquetFile() throws Exception {
    HostileBronze bronze = bronze();
    Path file = HostileBronze.dataFiles(interactions(bronze)).get(0);
    byte[] bytes = Files.readAllBytes(file);
    Files.delete(file);
    Files.delete(file.resolveSibling("." + file.getFileName() + ".crc"));
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));

    assertRefused(bronze, file, "not a Parquet file");
  }

  @Test
  void aStaleChecksumBesideAFileRewrittenInPlace() throws Exception {
    HostileBronze bronze = bronze();
    Path partition = interactions(bronze);
    Path file = HostileBronze.dataFiles(partition).get(0);
    Path staged = partition.resolveSibling("staged-" + System.nanoTime() + ".parquet");
    bronze.addFile(file, "SELECT * FROM %s", staged);
    Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING);
    assertThat(file.resolveSibling("." + file.getFileName() + ".crc")).exists();

    assertRefused(bronze, file, "delete the .crc file");
  }

  @Test
  void aStaleChecksumOfTheSameLength() throws Exception {
    HostileBronze bronze = bronze();
    Path file = HostileBronze.dataFiles(interactions(bronze)).get(0);
    byte[] bytes = Files.readAllBytes(file);
    // One byte of the footer flipped: same length, so only the checksums themselves differ.
    bytes[bytes.length - 12] ^= 0x01;
    Files.write(file, bytes);

    assertRefused(bronze, file, "delete the .crc file");
  }
}
