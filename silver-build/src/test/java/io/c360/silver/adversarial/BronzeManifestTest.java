package io.c360.silver.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.c360.common.naming.Tables;
import io.c360.common.testing.SparkTestBase;
import io.c360.silver.testing.Committed;
import io.c360.silver.testing.HostileBronze;
import io.c360.silver.testing.SilverRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Manifests a careless upstream leaves: truncated, holding an impossible date, or named so that
 * their window is unknown. A corrupt manifest is exit 4 naming it and blocks only the dates it
 * claims; dates no manifest covers are processed with --dates, and the summary says what was and
 * was not checked.
 */
class BronzeManifestTest extends SparkTestBase {
  private static final LocalDate FIRST = LocalDate.of(2026, 8, 1);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static HostileBronze generated;

  @BeforeAll
  static void generate() throws IOException {
    generated = HostileBronze.generate(spark, newFolder("generated"), FIRST, 4, 40, 400);
  }

  /**
   * A copy of the generated root whose one manifest is split in two, as two bronze-ingest runs of
   * two days each leave it: FIRST..FIRST+1 and FIRST+2..FIRST+3.
   */
  private static HostileBronze twoWindows() throws IOException {
    HostileBronze bronze = generated.copyTo(newFolder("bronze"));
    Path whole = manifest(bronze, FIRST, FIRST.plusDays(3));
    JsonNode document = JSON.readTree(whole.toFile());
    for (LocalDate from : List.of(FIRST, FIRST.plusDays(2))) {
      ObjectNode half = document.deepCopy();
      half.path("tables")
          .forEach(
              table ->
                  ((ObjectNode) table.path("partitions"))
                      .retain(from.toString(), from.plusDays(1).toString()));
      JSON.writeValue(manifest(bronze, from, from.plusDays(1)).toFile(), half);
    }
    Files.delete(whole);
    Files.delete(whole.resolveSibling("." + whole.getFileName() + ".crc"));
    return bronze;
  }

  private static long rows(HostileBronze bronze, LocalDate day) {
    return HostileBronze.duckScalar(
        "SELECT count(*) FROM "
            + HostileBronze.readAll(bronze.partition(Tables.BRONZE_INTERACTIONS, day)));
  }

  private static Path manifest(HostileBronze bronze, LocalDate first, LocalDate last) {
    return bronze.manifests().resolve(first + "_" + last + ".json");
  }

  /** Rewrites a manifest as a non-Hadoop writer would: no checksum left beside it. */
  private static void rewrite(Path manifest, String text) throws Exception {
    Files.deleteIfExists(manifest.resolveSibling("." + manifest.getFileName() + ".crc"));
    Files.writeString(manifest, text, StandardCharsets.UTF_8);
  }

  @Test
  void aTruncatedManifestIsRefusedByNameAndBlocksOnlyItsWindow() throws Exception {
    LocalDate first = FIRST;
    LocalDate second = first.plusDays(2);
    HostileBronze bronze = twoWindows();
    Path broken = manifest(bronze, second, second.plusDays(1));
    String text = Files.readString(broken, StandardCharsets.UTF_8);
    rewrite(broken, text.substring(0, text.length() / 3));
    Map<String, List<Long>> before = Committed.snapshots(spark);

    SilverRun refused = SilverRun.on(spark, bronze.root());

    assertThat(refused.exitCode()).as(refused.output()).isEqualTo(4);
    assertThat(refused.err()).contains(broken.toString()).contains("Regenerate the window");
    assertThat(Committed.snapshots(spark)).isEqualTo(before);

    SilverRun other =
        SilverRun.on(spark, bronze.root(), "--dates", first + ".." + first.plusDays(1));

    assertThat(other.exitCode()).as(other.output()).isZero();
    assertThat(Committed.interactions(spark, first)).isEqualTo(rows(bronze, first));
    assertThat(Committed.interactions(spark, first.plusDays(1)))
        .isEqualTo(rows(bronze, first.plusDays(1)));
  }

  @Test
  void aManifestHoldingAnImpossibleDateIsRefusedByName() throws Exception {
    LocalDate first = FIRST;
    HostileBronze bronze = twoWindows();
    Path manifest = manifest(bronze, first, first.plusDays(1));
    rewrite(
        manifest,
        Files.readString(manifest, StandardCharsets.UTF_8)
            .replace("\"" + first.plusDays(1) + "\"", "\"2026-02-30\""));
    Map<String, List<Long>> before = Committed.snapshots(spark);

    SilverRun run = SilverRun.on(spark, bronze.root(), "--dates", first.toString());

    assertThat(run.exitCode()).as(run.output()).isEqualTo(4);
    assertThat(run.err()).contains(manifest.toString()).contains("2026-02-30");
    assertThat(Committed.snapshots(spark)).isEqualTo(before);
  }

  @Test
  void aCorruptManifestWithoutAWindowInItsNameBlocksEveryDate() throws Exception {
    LocalDate first = FIRST;
    HostileBronze bronze = twoWindows();
    Path stray = bronze.manifests().resolve("backfill.json");
    HostileBronze.writeText(stray, "{\"tables\": {\"customer_interactions\": ");
    Map<String, List<Long>> before = Committed.snapshots(spark);

    SilverRun run = SilverRun.on(spark, bronze.root(), "--dates", first.toString());

    assertThat(run.exitCode()).as(run.output()).isEqualTo(4);
    assertThat(run.err()).contains(stray.toString()).contains("its name states no dates");
    assertThat(Committed.snapshots(spark)).isEqualTo(before);
  }

  @Test
  void datesNoManifestCoversAreProcessedWithDatesAndTheSummarySaysSo() throws Exception {
    LocalDate first = FIRST;
    HostileBronze bronze = twoWindows();
    Files.delete(manifest(bronze, first, first.plusDays(1)));
    Files.delete(manifest(bronze, first.plusDays(2), first.plusDays(3)));

    SilverRun skipped = SilverRun.on(spark, bronze.root());
    SilverRun run = SilverRun.on(spark, bronze.root(), "--dates", first + ".." + first.plusDays(1));

    assertThat(skipped.exitCode()).as(skipped.output()).isZero();
    assertThat(skipped.out()).contains("nothing new in bronze");
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.out())
        .contains("no bronze manifest covers " + first + ", " + first.plusDays(1))
        .doesNotContain("match the bronze manifests");
    assertThat(Committed.interactions(spark, first)).isEqualTo(rows(bronze, first));
    assertThat(Committed.interactions(spark, first.plusDays(1)))
        .isEqualTo(rows(bronze, first.plusDays(1)));
  }
}
