package io.c360.gold.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.c360.common.naming.GoldColumns;
import io.c360.common.naming.Tables;
import io.c360.common.testing.SparkTestBase;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class GoldRangesTest extends SparkTestBase {
  private static Dataset<Row> engagement(Double... scores) {
    StructType schema =
        new StructType()
            .add(GoldColumns.ENGAGEMENT_SCORE, DataTypes.DoubleType)
            .add(GoldColumns.RECENCY_SCORE, DataTypes.DoubleType);
    List<Row> rows =
        java.util.Arrays.stream(scores).map(score -> RowFactory.create(score, 0.5)).toList();
    return spark.createDataFrame(rows, schema);
  }

  private static List<String> check(Dataset<Row> rows) {
    // Only the columns the frame has: the others' checks are not under test here.
    List<GoldRanges.Range> present =
        GoldRanges.RANGES.get(Tables.GOLD_CUSTOMER_ENGAGEMENT).stream()
            .filter(range -> List.of(rows.columns()).contains(range.column()))
            .toList();
    return GoldRanges.check(Tables.GOLD_CUSTOMER_ENGAGEMENT, rows, present);
  }

  @Test
  void valuesInRangeAndNullsPass() {
    assertThat(check(engagement(0.0, 100.0, 42.5, null))).isEmpty();
  }

  @Test
  void anEngagementScoreOutsideZeroToHundredIsNamedWithItsCount() {
    assertThat(check(engagement(-1789506.0, 100.1, 50.0)))
        .containsExactly(
            "gold.customer_engagement.engagement_score: 2 rows not 0..100 (e.g. -1789506.0)");
  }

  @Test
  void everyGoldTableHasItsRanges() {
    assertThat(GoldRanges.RANGES.keySet())
        .containsExactlyInAnyOrder(
            Tables.GOLD_DAILY_KPIS,
            Tables.GOLD_REVENUE_BY_CHANNEL,
            Tables.GOLD_CUSTOMER_ENGAGEMENT,
            Tables.GOLD_CHURN_RISK,
            Tables.GOLD_SEGMENT_ENGAGEMENT);
  }

  @Test
  void aTableWithoutRangesIsABug() {
    assertThatThrownBy(() -> GoldRanges.check("nope", engagement(1.0)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
