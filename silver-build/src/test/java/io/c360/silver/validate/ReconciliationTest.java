package io.c360.silver.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.silver.read.BronzeInventory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconciliationTest {
  private static final LocalDate COVERED = LocalDate.of(2026, 3, 1);
  private static final LocalDate UNCOVERED = LocalDate.of(2026, 3, 2);

  /** What the manifest of the window 2026-03-01 says; 2026-03-02 has no manifest. */
  private static final String MANIFEST =
      """
      {"tables": {
        "customers": {"partitions": {"2026-03-01": {"rows": 4, "defects": {
          "malformed_email": 1, "nonstandard_state": 2, "untrimmed_text": 5, "invalid_country": 9}}}},
        "customer_interactions": {"partitions": {"2026-03-01": {"rows": 10, "defects": {
          "duplicate_event": 2, "noncanonical_channel": 3, "nps_out_of_range": 1}}}}}}
      """;

  @TempDir static Path root;
  private static BronzeInventory inventory;

  @BeforeAll
  static void writeBronze() throws IOException {
    Files.createDirectories(root.resolve("customers/event_date=2026-03-01"));
    Files.createDirectories(root.resolve("customers/event_date=2026-03-02"));
    Files.createDirectories(root.resolve("_manifests"));
    Files.writeString(
        root.resolve("_manifests/2026-03-01_2026-03-01.json"), MANIFEST, StandardCharsets.UTF_8);
    FileSystem fs = FileSystem.getLocal(new Configuration());
    inventory = BronzeInventory.scan(fs, new org.apache.hadoop.fs.Path(root.toUri()));
  }

  /** Counts of one date: read, accepted, quarantined, duplicates, then the named extras. */
  private static Map<String, Long> counts(
      long rows, long accepted, long quarantined, long duplicates, Object... extras) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put(BatchCounts.ROWS, rows);
    counts.put(BatchCounts.ACCEPTED, accepted);
    counts.put(BatchCounts.QUARANTINED, quarantined);
    counts.put(BatchCounts.DUPLICATES, duplicates);
    for (int i = 0; i < extras.length; i += 2) {
      counts.put((String) extras[i], ((Number) extras[i + 1]).longValue());
    }
    return counts;
  }

  private static Map<String, Long> cleanCustomers() {
    return counts(4, 3, 1, 0, "rule.malformed_email", 1, "repaired.nonstandard_state", 2);
  }

  private static Map<String, Long> cleanInteractions() {
    return counts(10, 7, 1, 2, "rule.nps_out_of_range", 1, "repaired.noncanonical_channel", 3);
  }

  private static List<String> check(Map<String, Long> customers, Map<String, Long> interactions) {
    Map<String, BatchCounts> tables = new LinkedHashMap<>();
    tables.put("customers", BatchCounts.of(Map.of(COVERED, customers)));
    tables.put("customer_interactions", BatchCounts.of(Map.of(COVERED, interactions)));
    return Reconciliation.check(inventory, tables, List.of(COVERED));
  }

  @Test
  void countsThatMatchTheManifestReconcile() {
    assertThat(check(cleanCustomers(), cleanInteractions())).isEmpty();
  }

  @Test
  void rowsNotAccountedForAreAMismatch() {
    Map<String, Long> lost = cleanCustomers();
    lost.put(BatchCounts.ACCEPTED, 2L);
    assertThat(check(lost, cleanInteractions()))
        .containsExactly("customers 2026-03-01: 4 rows read but 3 accounted for");
  }

  @Test
  void rowsReadOtherThanTheManifestsAreAMismatch() {
    Map<String, Long> more = cleanInteractions();
    more.put(BatchCounts.ROWS, 11L);
    more.put(BatchCounts.ACCEPTED, 8L);
    assertThat(check(cleanCustomers(), more))
        .containsExactly("customer_interactions 2026-03-01: rows read 11, the manifest says 10");
  }

  @Test
  void quarantinedPerRuleMustEqualTheInjectedDefects() {
    Map<String, Long> missed = cleanCustomers();
    missed.put("rule.malformed_email", 0L);
    assertThat(check(missed, cleanInteractions()))
        .containsExactly(
            "customers 2026-03-01: quarantined by malformed_email 0, the manifest says 1");
  }

  @Test
  void duplicatesRemovedMustEqualTheInjectedDuplicates() {
    Map<String, Long> kept = cleanInteractions();
    kept.put(BatchCounts.DUPLICATES, 1L);
    kept.put(BatchCounts.ACCEPTED, 8L);
    assertThat(check(cleanCustomers(), kept))
        .containsExactly(
            "customer_interactions 2026-03-01: duplicates removed within the date 1, the manifest"
                + " says 2");
  }

  @Test
  void reDeliveriesOnAnotherDateAreNotComparedWithTheInjectedDuplicates() {
    Map<String, Long> redelivered = cleanInteractions();
    redelivered.put(BatchCounts.ROWS, 11L);
    redelivered.put(BatchCounts.DUPLICATES, 3L);
    redelivered.put(BatchCounts.REDELIVERED, 1L);
    assertThat(check(cleanCustomers(), redelivered))
        .as("only the manifest's row count may differ, not the duplicates")
        .containsExactly("customer_interactions 2026-03-01: rows read 11, the manifest says 10");
  }

  @Test
  void rowsWithoutADateAreAMismatch() {
    Map<String, BatchCounts> tables =
        Map.of(
            "customer_interactions",
            BatchCounts.of(Map.of(UNCOVERED, counts(1, 1, 0, 0)), counts(2, 2, 0, 0)));
    assertThat(Reconciliation.check(inventory, tables, List.of(UNCOVERED)))
        .singleElement()
        .asString()
        .startsWith("customer_interactions: 2 rows have no event_date");
  }

  @Test
  void exactRepairsMustEqualTheInjectedDefects() {
    Map<String, Long> fewer = cleanInteractions();
    fewer.put("repaired.noncanonical_channel", 4L);
    assertThat(check(cleanCustomers(), fewer))
        .containsExactly(
            "customer_interactions 2026-03-01: repaired noncanonical_channel 4, the manifest says 3");
  }

  @Test
  void untrimmedTextAndRulesBronzeDoesNotInjectAreNotCompared() {
    Map<String, Long> customers = cleanCustomers();
    customers.put("repaired.untrimmed_text", 0L);
    customers.put("rule.invalid_country", 0L);
    assertThat(check(customers, cleanInteractions())).isEmpty();
  }

  @Test
  void aDateWithoutManifestIsOnlyCheckedForLostRows() {
    Map<String, BatchCounts> tables =
        Map.of("customers", BatchCounts.of(Map.of(UNCOVERED, counts(50, 1, 1, 1))));
    assertThat(Reconciliation.check(inventory, tables, List.of(UNCOVERED)))
        .containsExactly("customers 2026-03-02: 50 rows read but 3 accounted for");
  }

  @Test
  void aTableTheManifestDoesNotListIsNotCompared() {
    Map<String, BatchCounts> tables =
        Map.of("loyalty_events", BatchCounts.of(Map.of(COVERED, counts(9, 9, 0, 0))));
    assertThat(Reconciliation.check(inventory, tables, List.of(COVERED))).isEmpty();
  }

  @Test
  void aTableWithoutCountsForACoveredDateReadsZeroRows() {
    Map<String, BatchCounts> tables = Map.of("customers", BatchCounts.of(Map.of()));
    assertThat(Reconciliation.check(inventory, tables, List.of(COVERED)))
        .containsExactly(
            "customers 2026-03-01: rows read 0, the manifest says 4",
            "customers 2026-03-01: quarantined by malformed_email 0, the manifest says 1",
            "customers 2026-03-01: repaired nonstandard_state 0, the manifest says 2");
  }
}
