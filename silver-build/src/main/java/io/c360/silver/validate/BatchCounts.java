package io.c360.silver.validate;

import static org.apache.spark.sql.functions.*;

import io.c360.common.naming.BronzeColumns;
import io.c360.common.naming.SilverColumns;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The counts of one bronze table in one batch, per bronze date: rows read, duplicates removed (of
 * which re-deliveries of an interaction kept on another date), rows quarantined, rows accepted,
 * rows per rule and repairs per kind. One aggregation over the checked rows. Rows without a date (a
 * null partition value) are counted apart, in {@link #undated()}, for the reconciliation to refuse.
 */
public final class BatchCounts {
  public static final String ROWS = "rows";
  public static final String DUPLICATES = "duplicates";

  /** Of {@link #DUPLICATES}: re-deliveries, on another date, of an interaction kept elsewhere. */
  public static final String REDELIVERED = "redelivered";

  public static final String QUARANTINED = "quarantined";
  public static final String ACCEPTED = "accepted";

  private final Map<LocalDate, Map<String, Long>> byDate;
  private final Map<String, Long> undated;

  private BatchCounts(Map<LocalDate, Map<String, Long>> byDate, Map<String, Long> undated) {
    this.byDate = byDate;
    this.undated = undated;
  }

  /** Name of the count of rows that broke {@code rule}. */
  public static String rule(Rule rule) {
    return "rule." + rule.id();
  }

  /** Name of the count of rows repaired for a bronze defect kind. */
  public static String repaired(String defectKind) {
    return "repaired." + defectKind;
  }

  /**
   * Counts checked rows.
   *
   * @param checked rows with {@code rule_ids}
   * @param date the bronze date column
   * @param duplicate a boolean column, true for a removed duplicate (lit(false) when none)
   * @param redelivered a boolean column, true for a duplicate that is a re-delivery on another date
   *     (lit(false) when none)
   * @param repairs repair flag columns by defect kind id
   */
  public static BatchCounts count(
      Dataset<Row> checked,
      Rule.Source source,
      Column date,
      Column duplicate,
      Column redelivered,
      Map<String, Column> repairs) {
    Column kept = not(duplicate);
    Column rejected = kept.and(size(col(SilverColumns.RULE_IDS)).gt(0));
    // As selectAccepted selects them: a row whose rule ids are null is neither.
    Column accepted = kept.and(size(col(SilverColumns.RULE_IDS)).equalTo(0));
    List<String> names = new ArrayList<>();
    List<Column> aggregates = new ArrayList<>();
    names.add(ROWS);
    aggregates.add(org.apache.spark.sql.functions.count(lit(1)));
    names.add(DUPLICATES);
    aggregates.add(sum(when(duplicate, 1L).otherwise(0L)));
    names.add(REDELIVERED);
    aggregates.add(sum(when(duplicate.and(redelivered), 1L).otherwise(0L)));
    names.add(QUARANTINED);
    aggregates.add(sum(when(rejected, 1L).otherwise(0L)));
    // Counted, not derived, so that the reconciliation's read = accepted + quarantined +
    // duplicates is a check and not an identity.
    names.add(ACCEPTED);
    aggregates.add(sum(when(accepted, 1L).otherwise(0L)));
    for (Rule rule : Rule.of(source)) {
      names.add(rule(rule));
      aggregates.add(
          sum(
              when(kept.and(array_contains(col(SilverColumns.RULE_IDS), rule.id())), 1L)
                  .otherwise(0L)));
    }
    repairs.forEach(
        (kind, flag) -> {
          names.add(repaired(kind));
          // A repair counts on accepted rows only: a rejected row was not saved by it.
          aggregates.add(sum(when(accepted.and(flag), 1L).otherwise(0L)));
        });
    List<Column> named = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      named.add(aggregates.get(i).as(names.get(i)));
    }
    List<Row> rows =
        checked
            .groupBy(date.as(BronzeColumns.EVENT_DATE))
            .agg(named.get(0), named.subList(1, named.size()).toArray(Column[]::new))
            .collectAsList();
    Map<LocalDate, Map<String, Long>> byDate = new TreeMap<>();
    Map<String, Long> undated = Map.of();
    for (Row row : rows) {
      Map<String, Long> counts = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        Object value = row.get(i + 1);
        counts.put(names.get(i), value == null ? 0L : ((Number) value).longValue());
      }
      if (row.isNullAt(0)) {
        undated = counts;
      } else {
        byDate.put(((java.sql.Date) row.get(0)).toLocalDate(), counts);
      }
    }
    return new BatchCounts(byDate, undated);
  }

  /** Counts for explicit values (tests, and tables a batch does not touch). */
  public static BatchCounts of(Map<LocalDate, Map<String, Long>> byDate) {
    return of(byDate, Map.of());
  }

  /** Counts for explicit values, with the counts of rows without a date. */
  public static BatchCounts of(
      Map<LocalDate, Map<String, Long>> byDate, Map<String, Long> undated) {
    return new BatchCounts(new TreeMap<>(byDate), Map.copyOf(undated));
  }

  public Map<LocalDate, Map<String, Long>> byDate() {
    return byDate;
  }

  /**
   * The counts of the rows whose date is null (empty when there are none): they belong to no bronze
   * date, so no manifest and no partition accounts for them.
   */
  public Map<String, Long> undated() {
    return undated;
  }

  /** The count {@code name} on {@code date} (0 when the date has no rows). */
  public long on(LocalDate date, String name) {
    return byDate.getOrDefault(date, Map.of()).getOrDefault(name, 0L);
  }

  /** The count {@code name} over all dates, the undated rows included. */
  public long total(String name) {
    return totals().getOrDefault(name, 0L);
  }

  /** Every count over all dates and the undated rows, in the order they were computed. */
  public Map<String, Long> totals() {
    Map<String, Long> totals = new LinkedHashMap<>();
    byDate
        .values()
        .forEach(counts -> counts.forEach((name, value) -> totals.merge(name, value, Long::sum)));
    undated.forEach((name, value) -> totals.merge(name, value, Long::sum));
    return totals;
  }
}
