package io.c360.gold.metrics;

import static java.util.Objects.requireNonNull;

import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The daily tables of one run, for the planned dates: persisted, since the reconciliation and the
 * commit both read them.
 *
 * @param kpis the rows of gold.daily_kpis
 * @param channels the rows of gold.revenue_by_channel
 */
public record DailyResults(Dataset<Row> kpis, Dataset<Row> channels) {
  public DailyResults {
    requireNonNull(kpis, "kpis is null");
    requireNonNull(channels, "channels is null");
  }

  /**
   * @param batch the interactions of {@code dates}; not cached: reading the planned partitions
   *     again (column-pruned Parquet) costs less than building an in-memory copy of them (measured
   *     by the gold benchmark)
   * @param customers silver.customers
   * @param dates the planned dates
   */
  public static DailyResults compute(Dataset<Row> batch, Dataset<Row> customers, List<Date> dates) {
    return new DailyResults(
        DailyMetrics.dailyKpis(batch, customers).persist(StorageLevel.MEMORY_AND_DISK()),
        DailyMetrics.revenueByChannel(batch, dates).persist(StorageLevel.MEMORY_AND_DISK()));
  }

  public void unpersist() {
    kpis.unpersist();
    channels.unpersist();
  }
}
