package io.c360.silver.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BronzeManifestsTest {
  private static final String GOOD =
      """
      {"tables": {"customer_interactions": {"partitions": {
        "2026-03-01": {"rows": 10, "defects": {"duplicate_event": 2}}}}}}
      """;

  @TempDir Path folder;

  private BronzeManifests read() throws Exception {
    return BronzeManifests.read(
        FileSystem.getLocal(new Configuration()), new org.apache.hadoop.fs.Path(folder.toUri()));
  }

  private void write(String name, String text) throws Exception {
    Files.writeString(folder.resolve(name), text, StandardCharsets.UTF_8);
  }

  @Test
  void aGoodManifestCoversItsDates() throws Exception {
    write("2026-03-01_2026-03-01.json", GOOD);

    BronzeManifests manifests = read();

    assertThat(manifests.corrupt()).isEmpty();
    assertThat(manifests.manifest(LocalDate.of(2026, 3, 1)).orElseThrow().rows())
        .containsEntry("customer_interactions", 10L);
  }

  @Test
  void aTruncatedManifestClaimsTheWindowOfItsName() throws Exception {
    write("2026-03-01_2026-03-03.json", GOOD.substring(0, 40));
    write("2026-03-04_2026-03-04.json", GOOD.replace("2026-03-01", "2026-03-04"));

    BronzeManifests manifests = read();

    assertThat(manifests.corrupt())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.path().getName()).isEqualTo("2026-03-01_2026-03-03.json");
              assertThat(c.claims(LocalDate.of(2026, 3, 3))).isTrue();
              assertThat(c.claims(LocalDate.of(2026, 3, 4))).isFalse();
            });
    assertThat(manifests.corruptClaiming(LocalDate.of(2026, 3, 4))).isEmpty();
    assertThat(manifests.manifest(LocalDate.of(2026, 3, 4))).isPresent();
  }

  @Test
  void impossibleDatesOutOfWindowDatesAndNonCountsAreCorrupt() throws Exception {
    write("2026-03-01_2026-03-01.json", GOOD.replace("2026-03-01", "2026-02-30"));
    write("2026-03-02_2026-03-02.json", GOOD);
    write(
        "2026-03-03_2026-03-03.json",
        GOOD.replace("2026-03-01", "2026-03-03").replace("10", "\"ten\""));

    BronzeManifests manifests = read();

    assertThat(manifests.corrupt())
        .extracting(BronzeManifests.Corrupt::reason)
        .satisfiesExactly(
            r -> assertThat(r).contains("2026-02-30"),
            r -> assertThat(r).contains("outside the window"),
            r -> assertThat(r).contains("not a count"));
    assertThat(manifests.manifest(LocalDate.of(2026, 3, 1))).isEmpty();
  }

  @Test
  void aCorruptManifestWithoutAWindowNameClaimsEveryDate() throws Exception {
    write("backfill.json", "{");

    BronzeManifests manifests = read();

    assertThat(manifests.corruptClaiming(LocalDate.of(1999, 1, 1))).hasSize(1);
    assertThat(manifests.corrupt().get(0).describe()).contains("its name states no dates");
  }
}
