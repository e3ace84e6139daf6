package io.c360.bench.bronze;

import io.c360.bench.harness.DuckDb;
import io.c360.bench.harness.Folders;
import io.c360.bench.harness.SqlScripts;
import io.c360.bronze.generate.GenerationSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * DuckDB's peer of bronze: a table of the same shape as customer_interactions (31 columns of the
 * same types, similar null shares and cardinalities), partitioned by event_date, snappy, written by
 * the SQL of {@code interactions-duckdb.sql}.
 */
final class BronzeDuckDb {
  static final String SQL = "interactions-duckdb.sql";

  private BronzeDuckDb() {}

  /** Writes the table below {@code out}, emptied first as the Spark runs replace their dates. */
  static void run(GenerationSpec spec, Path out, int threads) {
    try {
      Folders.deleteRecursively(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Connection connection = DuckDb.open();
        Statement sql = connection.createStatement()) {
      DuckDb.configure(sql, threads);
      for (String statement : statements(spec, out)) {
        sql.execute(statement);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot run the DuckDB benchmark: " + e.getMessage(), e);
    }
  }

  /** The statements DuckDB runs for {@code spec}, writing below {@code out}. */
  static List<String> statements(GenerationSpec spec, Path out) {
    return SqlScripts.load(
        BronzeDuckDb.class,
        SQL,
        Map.of(
            "interactions", String.valueOf(spec.interactions()),
            "customers", String.valueOf(spec.customers()),
            "start_date", spec.startDate().toString(),
            "days", String.valueOf(spec.days()),
            "out", out.toString(),
            "campaign_ids", numbered("campaign_", 42),
            "store_ids", numbered("ST-0", 240),
            "product_ids", numbered("SKU-1", 2500),
            "product_names", numbered("Ergonomic Steel Product ", 2500),
            "departments", numbered("Department ", 18)));
  }

  /** A DuckDB list of {@code count} strings: the prefix and a five-digit number from 0. */
  private static String numbered(String prefix, int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> "'" + prefix + String.format(Locale.ROOT, "%05d", i) + "'")
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
