package io.c360.silver.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BronzeInventoryTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "event_date=__HIVE_DEFAULT_PARTITION__",
        "event_date=2026-02-30",
        "event_date=2026-1-5",
        "event_date=2026-01-05 ",
        "event_date=+2026-01-05",
        "event_date=",
        "foo=bar",
        "2026-01-05"
      })
  void invalidPartitionNames(String name) {
    assertThat(BronzeInventory.partitionDate(name)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"event_date=2026-01-05", "event_date=2024-02-29"})
  void validPartitionNames(String name) {
    assertThat(BronzeInventory.partitionDate(name))
        .contains(LocalDate.parse(name.substring("event_date=".length())));
  }
}
