package io.c360.silver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class SilverSummaryTest {
  private static final LocalDate ONE = LocalDate.of(2026, 1, 1);
  private static final LocalDate TWO = LocalDate.of(2026, 1, 2);

  @Test
  void everyDateCovered() {
    assertThat(SilverSummary.reconciliation(List.of(ONE, TWO), List.of()))
        .contains("per-rule counts match the bronze manifests");
    assertThat(SilverSummary.reportDetail(List.of(ONE, TWO), List.of()))
        .isEqualTo("ok: counts match the bronze manifests");
  }

  @Test
  void noDateCoveredNeverClaimsAManifestMatch() {
    String text = SilverSummary.reconciliation(List.of(ONE, TWO), List.of(ONE, TWO));

    assertThat(text)
        .contains("no bronze manifest covers 2026-01-01, 2026-01-02")
        .doesNotContain("match the bronze manifests");
    assertThat(SilverSummary.reportDetail(List.of(ONE, TWO), List.of(ONE, TWO)))
        .startsWith("ok: ")
        .doesNotContain("match the bronze manifests");
  }

  @Test
  void someDatesCoveredNamesTheOthers() {
    assertThat(SilverSummary.reconciliation(List.of(ONE, TWO), List.of(TWO)))
        .contains("match the bronze manifests on the other dates")
        .contains("no bronze manifest covers 2026-01-02");
  }
}
