package io.c360.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MedianTableTest {
  @Test
  void theHeaderIsTheRunThenTheGroups() {
    assertThat(MedianTable.header(List.of("seconds (median)"), MedianTable.VS_DUCKDB))
        .isEqualTo(
            "| run | seconds (median) | vs DuckDB (median) | vs DuckDB (range) |\n"
                + "|---|---:|---:|---:|");
  }

  @Test
  void secondsAndRatiosAreTheMedianAndTheRange() {
    double[] sorted = {0.25, 0.5, 0.75};

    assertThat(MedianTable.seconds(sorted)).containsExactly("0.5", "0.3 to 0.8");
    assertThat(MedianTable.ratio(sorted)).containsExactly("0.50x", "0.25x to 0.75x");
  }

  @Test
  void theRateIsPerSecondAndPerCore() {
    assertThat(MedianTable.rate(1_234_567.0, 2)).containsExactly("1,234,567", "617,284");
  }

  @Test
  void aRowJoinsTheGroupsCells() {
    assertThat(MedianTable.row("DuckDB", List.of("1.0"), List.of("2", "1")))
        .isEqualTo("| DuckDB | 1.0 | 2 | 1 |");
  }
}
