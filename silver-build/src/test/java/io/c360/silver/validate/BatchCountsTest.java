package io.c360.silver.validate;

import static io.c360.common.naming.BronzeColumns.EVENT_DATE;
import static io.c360.common.naming.SilverColumns.RULE_IDS;
import static io.c360.silver.testing.Frames.*;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.c360.common.testing.SparkTestBase;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class BatchCountsTest extends SparkTestBase {
  private static final LocalDate MARCH_1 = LocalDate.of(2026, 3, 1);
  private static final LocalDate MARCH_2 = LocalDate.of(2026, 3, 2);

  private static final StructType CHECKED =
      new StructType()
          .add(EVENT_DATE, DataTypes.DateType)
          .add(RULE_IDS, DataTypes.createArrayType(DataTypes.StringType))
          .add("dup", DataTypes.BooleanType)
          .add("redo", DataTypes.BooleanType)
          .add("fix", DataTypes.BooleanType);

  private static Map<String, Object> checked(
      String date, List<String> rules, boolean duplicate, boolean repaired) {
    return values(EVENT_DATE, date(date), RULE_IDS, rules, "dup", duplicate, "fix", repaired);
  }

  @SafeVarargs
  private static BatchCounts count(Map<String, Object>... rows) {
    Dataset<Row> frame = frame(spark, CHECKED, rows);
    return BatchCounts.count(
        frame,
        Rule.Source.INTERACTIONS,
        col(EVENT_DATE),
        col("dup"),
        col("redo"),
        Map.of("noncanonical_channel", col("fix")));
  }

  /**
   * Four rows on March 1 (accepted and repaired, rejected, duplicate, rejected twice), one on March
   * 2.
   */
  private static BatchCounts batch() {
    return count(
        checked("2026-03-01", List.of(), false, true),
        checked("2026-03-01", List.of("nps_out_of_range"), false, true),
        checked("2026-03-01", List.of("nps_out_of_range", "unknown_channel"), true, true),
        checked("2026-03-01", List.of("unknown_channel", "nps_out_of_range"), false, false),
        checked("2026-03-02", List.of(), false, false));
  }

  @Test
  void rowsDuplicatesQuarantinedAndAcceptedArePerDate() {
    BatchCounts counts = batch();
    assertThat(
            List.of(
                counts.on(MARCH_1, BatchCounts.ROWS),
                counts.on(MARCH_1, BatchCounts.DUPLICATES),
                counts.on(MARCH_1, BatchCounts.QUARANTINED),
                counts.on(MARCH_1, BatchCounts.ACCEPTED),
                counts.on(MARCH_2, BatchCounts.ROWS),
                counts.on(MARCH_2, BatchCounts.ACCEPTED)))
        .containsExactly(4L, 1L, 2L, 1L, 1L, 1L);
  }

  @Test
  void aRowCountsOnceForEveryRuleItBreaksButNotWhenItIsADuplicate() {
    BatchCounts counts = batch();
    assertThat(counts.on(MARCH_1, BatchCounts.rule(Rule.NPS_OUT_OF_RANGE))).isEqualTo(2);
    assertThat(counts.on(MARCH_1, BatchCounts.rule(Rule.UNKNOWN_CHANNEL))).isEqualTo(1);
    assertThat(counts.on(MARCH_1, BatchCounts.rule(Rule.ORPHAN_CUSTOMER))).isZero();
  }

  @Test
  void aRepairCountsOnAcceptedRowsOnly() {
    assertThat(batch().on(MARCH_1, BatchCounts.repaired("noncanonical_channel"))).isEqualTo(1);
  }

  @Test
  void totalsAddTheDatesInTheOrderTheCountsWereComputed() {
    Map<String, Long> totals = batch().totals();
    assertThat(totals.keySet())
        .startsWith(
            BatchCounts.ROWS,
            BatchCounts.DUPLICATES,
            BatchCounts.REDELIVERED,
            BatchCounts.QUARANTINED,
            BatchCounts.ACCEPTED,
            BatchCounts.rule(Rule.INTERACTION_MISSING_ID))
        .endsWith(BatchCounts.repaired("noncanonical_channel"))
        .hasSize(5 + Rule.of(Rule.Source.INTERACTIONS).size() + 1);
    assertThat(totals.get(BatchCounts.ROWS)).isEqualTo(5);
    assertThat(totals.get(BatchCounts.ACCEPTED)).isEqualTo(2);
  }

  @Test
  void aRedeliveryIsADuplicateCountedAlsoAsRedelivered() {
    BatchCounts counts =
        count(
            values(EVENT_DATE, date("2026-03-02"), RULE_IDS, List.of(), "dup", true, "redo", true),
            values(EVENT_DATE, date("2026-03-02"), RULE_IDS, List.of(), "dup", true, "redo", false),
            values(
                EVENT_DATE, date("2026-03-02"), RULE_IDS, List.of(), "dup", false, "redo", true));
    assertThat(
            List.of(
                counts.on(MARCH_2, BatchCounts.DUPLICATES),
                counts.on(MARCH_2, BatchCounts.REDELIVERED),
                counts.on(MARCH_2, BatchCounts.ACCEPTED)))
        .as("a redelivered flag without the duplicate flag removes nothing")
        .containsExactly(2L, 1L, 1L);
  }

  @Test
  void acceptedIsCountedNotDerived() {
    BatchCounts counts =
        count(values(EVENT_DATE, date("2026-03-01"), RULE_IDS, null, "dup", false, "fix", false));
    // A row whose rule ids are null is neither accepted nor quarantined (size(null) is -1), and
    // selectAccepted does not write it: deriving accepted as rows - duplicates - quarantined
    // called it accepted, and the row was lost without a mismatch.
    assertThat(counts.on(MARCH_1, BatchCounts.ROWS)).isEqualTo(1);
    assertThat(counts.on(MARCH_1, BatchCounts.ACCEPTED)).isZero();
  }

  @Test
  void aRuleOfTheOtherTableOrInTheWrongCaseQuarantinesWithoutARuleCount() {
    BatchCounts counts =
        count(
            checked("2026-03-01", List.of("malformed_email"), false, false),
            checked("2026-03-01", List.of("NPS_OUT_OF_RANGE"), false, false));
    assertThat(counts.on(MARCH_1, BatchCounts.QUARANTINED)).isEqualTo(2);
    assertThat(counts.totals().entrySet())
        .filteredOn(entry -> entry.getKey().startsWith("rule."))
        .allSatisfy(entry -> assertThat(entry.getValue()).isZero());
  }

  @Test
  void rowsWithoutDateAreCountedApartAndInTheTotals() {
    BatchCounts counts =
        count(
            values(RULE_IDS, List.of(), "dup", false, "fix", false),
            values(RULE_IDS, List.of("nps_out_of_range"), "dup", false, "fix", false),
            checked("2026-03-01", List.of(), false, false));
    assertThat(counts.byDate()).containsOnlyKeys(MARCH_1);
    assertThat(counts.undated())
        .containsEntry(BatchCounts.ROWS, 2L)
        .containsEntry(BatchCounts.QUARANTINED, 1L);
    assertThat(counts.total(BatchCounts.ROWS)).isEqualTo(3);
  }

  @Test
  void anEmptyBatchHasNoDatesAndZeroTotals() {
    BatchCounts counts = count();
    assertThat(counts.byDate()).isEmpty();
    assertThat(counts.total(BatchCounts.ROWS)).isZero();
  }

  @Test
  void aDateOrNameWithoutCountsIsZero() {
    BatchCounts counts = BatchCounts.of(Map.of(MARCH_1, Map.of(BatchCounts.ROWS, 3L)));
    assertThat(counts.on(MARCH_2, BatchCounts.ROWS)).isZero();
    assertThat(counts.on(MARCH_1, BatchCounts.DUPLICATES)).isZero();
    assertThat(counts.total(BatchCounts.ROWS)).isEqualTo(3);
  }

  @Test
  void countNamesArePrefixedByKind() {
    assertThat(BatchCounts.rule(Rule.MALFORMED_EMAIL)).isEqualTo("rule.malformed_email");
    assertThat(BatchCounts.repaired("nonstandard_state")).isEqualTo("repaired.nonstandard_state");
  }
}
