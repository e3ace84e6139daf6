package io.c360.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MediansTest {
  @Test
  void sortsTheRoundsValuesAscending() {
    assertThat(Medians.sorted(List.of(3.0, 1.0, 2.0), value -> value * 10))
        .containsExactly(10.0, 20.0, 30.0);
  }

  @Test
  void theMedianOfAnOddCountIsTheMiddleValue() {
    assertThat(Medians.median(List.of(9.0, 1.0, 5.0), value -> value)).isEqualTo(5.0);
  }

  @Test
  void theMedianOfAnEvenCountIsTheUpperMiddleValue() {
    assertThat(Medians.median(new double[] {1.0, 2.0, 4.0, 8.0})).isEqualTo(4.0);
  }

  @Test
  void noValuesHaveNoMedian() {
    assertThatThrownBy(() -> Medians.median(new double[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot take a median: no values");
  }
}
