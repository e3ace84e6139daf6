package io.c360.gold.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class DailyMetricsTest {
  private static final Date DAY = Date.valueOf("2026-03-01");
  private static final Date QUIET = Date.valueOf("2026-03-02");

  @Test
  void theChannelGridHasEveryChannelOnEveryDateWithSharesOfTheDay() {
    List<Row> rows =
        DailyMetrics.channelGrid(
            List.of(
                RowFactory.create(DAY, "web", 2L, 15000L),
                RowFactory.create(DAY, "store", 1L, 2000L),
                // Not a planned date: ignored.
                RowFactory.create(Date.valueOf("2026-02-01"), "web", 9L, 900L)),
            List.of(QUIET, DAY));
    assertThat(rows).hasSize(12);
    Row web = rows.get(0);
    assertThat(web.getDate(0)).isEqualTo(DAY);
    assertThat(web.getString(1)).isEqualTo("web");
    assertThat(web.getLong(2)).isEqualTo(2);
    assertThat(web.getDecimal(3)).isEqualByComparingTo(new BigDecimal("150.00"));
    // 150 / 170 = 0.882352...: 0.8824.
    assertThat(web.getDouble(4)).isEqualTo(0.8824);
    Row email = rows.stream().filter(r -> r.getDate(0).equals(DAY)).toList().get(4);
    assertThat(email.getString(1)).isEqualTo("email");
    assertThat(email.getLong(2)).isZero();
    assertThat(email.getDouble(4)).isEqualTo(0.0);
    // A day without revenue: zeros and no share.
    Row quiet = rows.get(6);
    assertThat(quiet.getDate(0)).isEqualTo(QUIET);
    assertThat(quiet.getDecimal(3)).isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(quiet.isNullAt(4)).isTrue();
  }

  @Test
  void sharesRoundHalfUpFromTheDecimalRepresentationAsSparkDoes() {
    // 1 / 8 = 0.125 exactly: 0.125 at 4 decimals; 1 / 16 = 0.0625: 0.0625; 1 / 32 = 0.03125:
    // half up, 0.0313 (not the banker's 0.0312).
    List<Row> rows =
        DailyMetrics.channelGrid(
            List.of(
                RowFactory.create(DAY, "web", 1L, 100L),
                RowFactory.create(DAY, "store", 1L, 3100L)),
            List.of(DAY));
    assertThat(rows.get(0).getDouble(4)).isEqualTo(0.0313);
    assertThat(rows.get(2).getDouble(4)).isEqualTo(0.9688); // store
  }
}
