package io.c360.gold.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CustomerMetricsTest {
  private static final LocalDate AS_OF = LocalDate.parse("2026-03-31");

  @Test
  void priorWindowIsTheHistoryBeforeTheRecentTwoWeeks() {
    // 90-day window: 2026-01-01..2026-03-31; recent: 03-18..03-31; prior: 01-01..03-17.
    assertThat(CustomerMetrics.priorDays(AS_OF, LocalDate.parse("2025-01-01"))).isEqualTo(76);
    // History from 03-01: prior 03-01..03-17.
    assertThat(CustomerMetrics.priorDays(AS_OF, LocalDate.parse("2026-03-01"))).isEqualTo(17);
    // History inside the recent window: no prior days.
    assertThat(CustomerMetrics.priorDays(AS_OF, LocalDate.parse("2026-03-20"))).isZero();
  }
}
