package io.c360.silver.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataFilesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "part-0.parquet",
        "notes.txt",
        "part-0.crc",
        "data",
        "_x=1",
        "event_date=2026-01-01",
        "__HIVE_DEFAULT_PARTITION__=x"
      })
  void sparkReadsThese(String name) {
    assertThat(DataFiles.isVisible(name)).isTrue();
    assertThat(DataFiles.isDataFile(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "_SUCCESS",
        ".part-0.parquet.crc",
        ".hidden.parquet",
        "_temporary",
        ".spark-staging-1",
        "part-0.parquet._COPYING_"
      })
  void sparkSkipsThese(String name) {
    assertThat(DataFiles.isVisible(name)).isFalse();
    assertThat(DataFiles.isDataFile(name)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"_metadata", "_common_metadata"})
  void parquetSummariesAreListedButAreNotData(String name) {
    assertThat(DataFiles.isVisible(name)).isTrue();
    assertThat(DataFiles.isDataFile(name)).isFalse();
  }
}
