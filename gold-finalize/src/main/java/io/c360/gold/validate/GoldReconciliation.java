package io.c360.gold.validate;

import static io.c360.common.naming.BronzeColumns.EVENT_DATE;
import static io.c360.common.naming.GoldColumns.ORDERS;
import static io.c360.common.naming.GoldColumns.REVENUE_USD;
import static org.apache.spark.sql.functions.*;

import io.c360.common.metrics.Orders;
import io.c360.common.naming.SilverColumns;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The gate before gold commits: per date, orders and revenue of gold.daily_kpis, and their sums
 * over gold.revenue_by_channel, must equal what silver.interactions holds, computed by a separate,
 * direct aggregate. A difference means a bug or a tampered input, and nothing is committed.
 */
public final class GoldReconciliation {
  /** Orders and revenue (USD) of one day. */
  public record Totals(long orders, BigDecimal revenueUsd) {
    static final Totals ZERO = new Totals(0, BigDecimal.ZERO);

    boolean matches(Totals other) {
      return orders == other.orders && revenueUsd.compareTo(other.revenueUsd) == 0;
    }

    @Override
    public String toString() {
      return orders + " orders, " + revenueUsd.toPlainString() + " USD";
    }
  }

  private GoldReconciliation() {}

  /** Per date: silver's orders and revenue, straight from the interactions. */
  public static Map<LocalDate, Totals> silverTotals(Dataset<Row> interactions) {
    return collect(
        interactions
            .filter(Orders.isOrder())
            .groupBy(col(EVENT_DATE))
            .agg(
                count(lit(1)).as(ORDERS),
                coalesce(sum(col(SilverColumns.REVENUE_USD)), lit(0))
                    .cast("decimal(18,2)")
                    .as(REVENUE_USD)));
  }

  /** Per date: the sums of {@code orders} and {@code revenue_usd} of a gold table's rows. */
  public static Map<LocalDate, Totals> goldTotals(Dataset<Row> goldRows) {
    return collect(
        goldRows
            .groupBy(col(EVENT_DATE))
            .agg(
                sum(col(ORDERS)).as(ORDERS),
                coalesce(sum(col(REVENUE_USD)), lit(0)).cast("decimal(18,2)").as(REVENUE_USD)));
  }

  /**
   * The differences, one line per date and table; empty when everything reconciles. A date missing
   * on one side counts as zero orders and revenue there.
   */
  public static List<String> check(
      Map<LocalDate, Totals> silver, Map<String, Map<LocalDate, Totals>> gold) {
    List<String> mismatches = new ArrayList<>();
    TreeSet<LocalDate> dates = new TreeSet<>(silver.keySet());
    gold.values().forEach(table -> dates.addAll(table.keySet()));
    for (LocalDate date : dates) {
      Totals expected = silver.getOrDefault(date, Totals.ZERO);
      gold.forEach(
          (table, totals) -> {
            Totals actual = totals.getOrDefault(date, Totals.ZERO);
            if (!actual.matches(expected)) {
              mismatches.add(date + ": " + table + " has " + actual + ", silver has " + expected);
            }
          });
    }
    return mismatches;
  }

  private static Map<LocalDate, Totals> collect(Dataset<Row> perDate) {
    Map<LocalDate, Totals> totals = new TreeMap<>();
    for (Row row : perDate.collectAsList()) {
      BigDecimal revenue = row.getDecimal(2);
      totals.put(
          row.getDate(0).toLocalDate(),
          new Totals(row.getLong(1), revenue == null ? BigDecimal.ZERO : revenue));
    }
    return totals;
  }
}
