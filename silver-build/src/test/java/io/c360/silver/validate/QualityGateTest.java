package io.c360.silver.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.c360.common.cli.ExitCode;
import io.c360.common.cli.JobFailure;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityGateTest {
  private static final LocalDate DAY = LocalDate.of(2026, 3, 1);

  private static BatchCounts counts(long rows, long quarantined) {
    return BatchCounts.of(
        Map.of(DAY, Map.of(BatchCounts.ROWS, rows, BatchCounts.QUARANTINED, quarantined)));
  }

  private static Map<String, BatchCounts> tables(BatchCounts customers, BatchCounts interactions) {
    Map<String, BatchCounts> tables = new LinkedHashMap<>();
    tables.put("customers", customers);
    tables.put("customer_interactions", interactions);
    return tables;
  }

  @Test
  void aRateEqualToTheMaximumPasses() {
    assertThatCode(() -> QualityGate.check(tables(counts(100, 5), counts(20, 1)), 0.05))
        .doesNotThrowAnyException();
  }

  @Test
  void aRateAboveTheMaximumFailsWithTheCounts() {
    assertThatThrownBy(() -> QualityGate.check(tables(counts(100, 6), counts(20, 1)), 0.05))
        .isInstanceOf(JobFailure.class)
        .hasMessageContaining(
            "customers: 6 of 100 rows quarantined (6.00%), above the maximum of 5.00%")
        .hasMessageNotContaining("customer_interactions:")
        .satisfies(e -> assertThat(((JobFailure) e).exitCode()).isEqualTo(ExitCode.DATA_QUALITY));
  }

  @Test
  void everyTableAboveTheMaximumIsListed() {
    assertThatThrownBy(() -> QualityGate.check(tables(counts(3, 1), counts(3, 3)), 0.0))
        .hasMessageContaining(
            "customers: 1 of 3 rows quarantined (33.33%), above the maximum of 0.00%")
        .hasMessageContaining(
            "customer_interactions: 3 of 3 rows quarantined (100.00%), above the maximum of 0.00%");
  }

  @Test
  void aTableWithoutRowsPassesAZeroMaximum() {
    assertThatCode(() -> QualityGate.check(tables(counts(0, 0), counts(0, 0)), 0.0))
        .doesNotThrowAnyException();
  }

  @Test
  void aMaximumOfOneLetsEverythingPass() {
    assertThatCode(() -> QualityGate.check(tables(counts(7, 7), counts(1, 1)), 1.0))
        .doesNotThrowAnyException();
  }

  @Test
  void moreQuarantinedThanReadFailsEvenAtAMaximumOfOne() {
    assertThatThrownBy(() -> QualityGate.check(tables(counts(1, 2), counts(1, 0)), 1.0))
        .hasMessageContaining("customers: 2 of 1 rows quarantined (200.00%)");
  }

  @Test
  void aNaNMaximumLetsEverythingPass() {
    assertThatCode(() -> QualityGate.check(tables(counts(1, 1), counts(1, 1)), Double.NaN))
        .doesNotThrowAnyException();
  }
}
