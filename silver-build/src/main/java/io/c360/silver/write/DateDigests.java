package io.c360.silver.write;

import static org.apache.spark.sql.functions.*;

import io.c360.common.naming.BronzeColumns;
import io.c360.common.naming.SilverColumns;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What silver holds on each date, in two numbers: the rows, and the exact sum of their {@code
 * record_hash}es. Two dates with the same digest hold the same business contents (up to a 64-bit
 * hash collision), whatever the order of the rows or their lineage columns: a batch whose digest
 * equals the stored one has nothing to commit on that date.
 */
public record DateDigests(Map<LocalDate, Digest> byDate) {
  /** The rows of a date and the sum of their hashes (decimal: no overflow, no wrap-around). */
  public record Digest(long rows, BigDecimal hashSum) {}

  /**
   * The digests of {@code rows} (columns {@code event_date} and {@code record_hash}) per date: one
   * aggregation, one small result per date.
   */
  public static DateDigests of(Dataset<Row> rows) {
    Map<LocalDate, Digest> byDate = new TreeMap<>();
    List<Row> digests =
        rows.groupBy(col(BronzeColumns.EVENT_DATE))
            .agg(
                count(lit(1)),
                sum(col(SilverColumns.RECORD_HASH).cast("decimal(38,0)")).cast("decimal(38,0)"))
            .collectAsList();
    for (Row row : digests) {
      if (!row.isNullAt(0)) {
        byDate.put(row.getDate(0).toLocalDate(), new Digest(row.getLong(1), row.getDecimal(2)));
      }
    }
    return new DateDigests(byDate);
  }

  /** Whether no date has a row. */
  public boolean isEmpty() {
    return byDate.isEmpty();
  }

  /**
   * Those of {@code dates} on which {@code stored} (what the table holds) and {@code batch} (what
   * the run would write) differ: a date only one of them has rows on, or different digests.
   */
  public static List<LocalDate> changed(
      List<LocalDate> dates, DateDigests stored, DateDigests batch) {
    return dates.stream()
        .filter(date -> !java.util.Objects.equals(stored.byDate.get(date), batch.byDate.get(date)))
        .toList();
  }
}
