package io.c360.bronze.testing;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Business rules checked on generated data in one Spark job per rule group: each rule named by the
 * rows that break it ({@link #breach}), beside tallies that show a rule is not vacuous ({@link
 * #tally}).
 */
public final class RuleCounts {
  private static final String BREACH = "breach: ";

  private RuleCounts() {}

  /** Rows of {@code data} that match each named condition, counted in one Spark job. */
  @SafeVarargs
  public static Map<String, Long> countRows(
      Dataset<Row> data, Map.Entry<String, Column>... conditions) {
    List<Column> counts = new ArrayList<>();
    for (Map.Entry<String, Column> condition : conditions) {
      counts.add(count(when(coalesce(condition.getValue(), lit(false)), 1)).as(condition.getKey()));
    }
    Row row =
        data.agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new)).first();
    Map<String, Long> result = new LinkedHashMap<>();
    for (Map.Entry<String, Column> condition : conditions) {
      result.put(condition.getKey(), row.getLong(row.fieldIndex(condition.getKey())));
    }
    return result;
  }

  /** A business rule, by the rows that break it: the test expects none. */
  public static Map.Entry<String, Column> breach(String rule, Column breaking) {
    return Map.entry(BREACH + rule, breaking);
  }

  /** A count of rows the test looks at, e.g. to show that a rule is not vacuous. */
  public static Map.Entry<String, Column> tally(String name, Column matching) {
    return Map.entry(name, matching);
  }

  /** The broken rules among {@code counts}, with the rows that break each. */
  public static Map<String, Long> breaches(Map<String, Long> counts) {
    Map<String, Long> breaches = new LinkedHashMap<>();
    counts.forEach(
        (name, rows) -> {
          if (name.startsWith(BREACH) && rows != 0) {
            breaches.put(name.substring(BREACH.length()), rows);
          }
        });
    return breaches;
  }
}
