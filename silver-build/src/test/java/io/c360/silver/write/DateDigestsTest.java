package io.c360.silver.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.common.naming.BronzeColumns;
import io.c360.common.naming.SilverColumns;
import io.c360.common.testing.SparkTestBase;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Which dates of a batch differ from what silver holds, by count and sum of record hashes. */
class DateDigestsTest extends SparkTestBase {
  private static final LocalDate MAY_1 = LocalDate.of(2026, 5, 1);
  private static final LocalDate MAY_2 = LocalDate.of(2026, 5, 2);
  private static final LocalDate MAY_3 = LocalDate.of(2026, 5, 3);
  private static final List<LocalDate> DATES = List.of(MAY_1, MAY_2, MAY_3);
  private static final StructType SCHEMA =
      new StructType()
          .add(BronzeColumns.EVENT_DATE, DataTypes.DateType)
          .add(SilverColumns.RECORD_HASH, DataTypes.LongType)
          .add(SilverColumns.RUN_ID, DataTypes.StringType);

  private static Dataset<Row> rows(Object... dateHashRun) {
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < dateHashRun.length; i += 3) {
      rows.add(
          RowFactory.create(
              Date.valueOf((LocalDate) dateHashRun[i]), dateHashRun[i + 1], dateHashRun[i + 2]));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  private static List<LocalDate> changed(Dataset<Row> stored, Dataset<Row> batch) {
    return DateDigests.changed(DATES, DateDigests.of(stored), DateDigests.of(batch));
  }

  @Test
  void theSameRowsInAnotherOrderWithOtherLineageAreUnchanged() {
    Dataset<Row> stored = rows(MAY_1, 11L, "run-1", MAY_1, 12L, "run-1", MAY_2, 21L, "run-1");
    Dataset<Row> batch = rows(MAY_2, 21L, "run-2", MAY_1, 12L, "run-2", MAY_1, 11L, "run-2");

    assertThat(changed(stored, batch)).isEmpty();
  }

  @Test
  void aChangedRowARemovedRowAndANewDateAreChanged() {
    Dataset<Row> stored = rows(MAY_1, 11L, "r", MAY_1, 12L, "r", MAY_2, 21L, "r", MAY_2, 22L, "r");
    Dataset<Row> batch = rows(MAY_1, 11L, "r", MAY_1, 13L, "r", MAY_2, 21L, "r", MAY_3, 31L, "r");

    assertThat(changed(stored, batch)).containsExactly(MAY_1, MAY_2, MAY_3);
  }

  @Test
  void aDateTheBatchNoLongerHasIsChangedSoItsRowsAreRemoved() {
    Dataset<Row> stored = rows(MAY_1, 11L, "r", MAY_3, 31L, "r");
    Dataset<Row> batch = rows(MAY_1, 11L, "r");

    assertThat(changed(stored, batch)).containsExactly(MAY_3);
  }

  @Test
  void hashesNearTheLongLimitsAreSummedExactlyWithoutWrappingAround() {
    // As longs, MAX + MAX wraps to -2 and MIN + MIN to 0: the two dates would look alike.
    Dataset<Row> stored =
        rows(MAY_1, Long.MAX_VALUE, "r", MAY_1, Long.MAX_VALUE, "r", MAY_2, 0L, "r");
    Dataset<Row> batch = rows(MAY_1, -2L, "r", MAY_1, 0L, "r", MAY_2, 0L, "r");

    assertThat(changed(stored, batch)).containsExactly(MAY_1);
    assertThat(DateDigests.of(stored).byDate().get(MAY_1).hashSum())
        .isEqualByComparingTo(
            new java.math.BigDecimal(Long.MAX_VALUE).multiply(java.math.BigDecimal.valueOf(2)));
  }

  @Test
  void noRowsAtAllIsAnEmptyDigest() {
    assertThat(DateDigests.of(rows()).isEmpty()).isTrue();
  }
}
