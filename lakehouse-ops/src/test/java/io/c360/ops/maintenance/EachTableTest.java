package io.c360.ops.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.junit.jupiter.api.Test;

/** The carry-on logic of table-maintenance with a fake per-table action. */
class EachTableTest {
  private static final List<String> TABLES =
      List.of("gold.daily_kpis", "silver.interactions", "silver.customers");

  private final List<String> calls = new ArrayList<>();
  private final Map<String, Integer> conflictsLeft = new ConcurrentHashMap<>();

  /** Conflicts {@code times} times on {@code table}, as a concurrent silver commit makes it. */
  private String maintain(String table) {
    calls.add(table);
    int left = conflictsLeft.getOrDefault(table, 0);
    if (left > 0) {
      conflictsLeft.put(table, left - 1);
      // HiveTableOperations.doCommit when silver committed in between (after Iceberg's retries).
      throw new CommitFailedException(
          "Base metadata location '%s' is not same as the current table metadata location '%s'"
              + " for %s",
          "s3a://w/m/00007.metadata.json", "s3a://w/m/00008.metadata.json", table);
    }
    return table + " done";
  }

  @Test
  void aTableThatKeepsConflictingIsSkippedAndTheOthersAreMaintained() {
    conflictsLeft.put("silver.interactions", 99);

    EachTable.Result<String> result = EachTable.run(TABLES, 2, this::maintain);

    assertThat(result.done()).containsExactly("gold.daily_kpis done", "silver.customers done");
    assertThat(result.skipped()).hasSize(1);
    EachTable.Skipped skipped = result.skipped().get(0);
    assertThat(skipped.table()).isEqualTo("silver.interactions");
    assertThat(skipped.attempts()).isEqualTo(2);
    assertThat(skipped.reason()).contains("CommitFailedException");
    assertThat(calls)
        .containsExactly(
            "gold.daily_kpis", "silver.interactions", "silver.interactions", "silver.customers");
  }

  @Test
  void aConflictThatPassesIsRetriedAndNothingIsSkipped() {
    conflictsLeft.put("silver.interactions", 1);

    EachTable.Result<String> result = EachTable.run(TABLES, 2, this::maintain);

    assertThat(result.done()).hasSize(3);
    assertThat(result.skipped()).isEmpty();
  }

  @Test
  void aConflictingValidationExceptionIsAConflictToo() {
    EachTable.Result<String> result =
        EachTable.run(
            List.of("silver.interactions"),
            1,
            table -> {
              throw new ValidationException(
                  "Cannot commit, found new delete for replaced data file: %s", "f.parquet");
            });

    assertThat(result.skipped())
        .extracting(EachTable.Skipped::table)
        .containsExactly("silver.interactions");
  }

  @Test
  void anyOtherFailureStopsAtOnce() {
    assertThatThrownBy(
            () ->
                EachTable.run(
                    TABLES,
                    2,
                    table -> {
                      calls.add(table);
                      throw new IllegalStateException("S3 bucket gone");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(calls).containsExactly("gold.daily_kpis");
  }

  @Test
  void theFailureMessageNamesTheSkippedTablesAndSaysARerunIsSafe() {
    String message =
        TableMaintenanceMain.skippedMessage(
            List.of(new EachTable.Skipped("silver.interactions", 2, "CommitFailedException: x")));

    assertThat(message)
        .startsWith("Skipped 1 table(s): another writer was committing to them at the same time")
        .contains("The other tables were maintained")
        .contains("is safe")
        .contains("\n  silver.interactions: CommitFailedException: x");
  }
}
