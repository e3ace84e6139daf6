package io.c360.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoundTableTest {
  @Test
  void theStagesColumnsGoBetweenTheSecondsAndTheMemory() {
    assertThat(RoundTable.header("rows/s", "vs DuckDB"))
        .isEqualTo(
            "| run | seconds | rows/s | vs DuckDB | GC s | max live heap MB |\n"
                + "|---|---:|---:|---:|---:|---:|");
  }

  @Test
  void aRunsRowHasItsSecondsCellsGcAndLiveHeapInMegabytes() {
    Measured<Void> run = new Measured<>("gold job", 12.34, 0.56, 300L << 20, null);

    assertThat(RoundTable.row(run, "1,000", "-"))
        .isEqualTo("| gold job | 12.3 | 1,000 | - | 0.6 | 300 |");
  }
}
