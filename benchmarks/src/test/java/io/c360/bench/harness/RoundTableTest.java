package io.c360.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoundTableTest {
  @Test
  void theStagesColumnsGoBetweenTheTimeAndTheMemory() {
    assertThat(RoundTable.header("rows/s", "vs DuckDB"))
        .isEqualTo(
            "| run | seconds | CPU s | Spark jobs | rows/s | vs DuckDB | GC s | max live heap MB |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|");
  }

  @Test
  void aRunsRowHasItsSecondsCpuJobsCellsGcAndLiveHeapInMegabytes() {
    Measured<Void> run = new Measured<>("gold job", 12.34, 20.06, 17, 0.56, 300L << 20, null);

    assertThat(RoundTable.row(run, "1,000", "-"))
        .isEqualTo("| gold job | 12.3 | 20.1 | 17 | 1,000 | - | 0.6 | 300 |");
  }

  @Test
  void aRunWithoutSparkJobsShowsADash() {
    Measured<Void> run = new Measured<>("DuckDB", 1.0, 1.9, 0, 0.0, 0, null);

    assertThat(RoundTable.row(run)).isEqualTo("| DuckDB | 1.0 | 1.9 | - | 0.0 | 0 |");
  }
}
