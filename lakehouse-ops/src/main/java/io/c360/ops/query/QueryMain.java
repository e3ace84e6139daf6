package io.c360.ops.query;

import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import io.c360.common.Target;
import io.c360.common.cli.ExitCode;
import io.c360.common.cli.JobVersionProvider;
import io.c360.common.cli.OptionChecks;
import io.c360.common.session.SessionSettings;
import io.c360.common.session.SparkSessions;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs one Spark SQL statement against the local lakehouse and prints the rows: how users look at
 * any table without writing code ({@code run_pipeline.py query}). Read-only use is intended; it
 * writes no audit row.
 */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    versionProvider = JobVersionProvider.class,
    description = "Runs one Spark SQL statement on the local lakehouse and prints the result.")
public final class QueryMain implements Callable<Integer> {
  @Option(
      names = "--warehouse",
      required = true,
      description = "Iceberg warehouse (file: URI or path).")
  String warehouse;

  @Option(
      names = "--sql",
      required = true,
      description = "The statement, e.g. SELECT * FROM lakehouse.silver.customers.")
  String sql;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table or csv (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--limit",
      defaultValue = "100",
      description = "Largest number of rows printed (default: ${DEFAULT-VALUE}).")
  int limit;

  public static void main(String[] args) {
    int exitCode =
        new CommandLine(new QueryMain()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  @Override
  public Integer call() {
    String location = OptionChecks.requireLocation("--warehouse", warehouse);
    OptionChecks.requireRange("--limit", limit, 1, 1_000_000);
    if (!List.of("table", "csv").contains(format)) {
      throw OptionChecks.invalid("--format", "'" + format + "'", "table, csv");
    }
    // A query prints rows, not a progress bar over them.
    System.setProperty("spark.ui.showConsoleProgress", "false");
    SparkSession spark =
        SparkSessions.build(
            new SessionSettings(
                "c360-query", Target.LOCAL, Optional.of(location), Optional.empty(), false));
    spark.sparkContext().setLogLevel("ERROR");
    Dataset<Row> result;
    try {
      result = spark.sql(sql);
    } catch (Exception e) {
      System.err.println("query: " + e.getMessage());
      return ExitCode.USAGE.code();
    }
    if (format.equals("table")) {
      result.show(limit, false);
      return ExitCode.SUCCESS.code();
    }
    PrintWriter out = new PrintWriter(System.out, true, java.nio.charset.StandardCharsets.UTF_8);
    CsvWriter csv = new CsvWriter(out, new CsvWriterSettings());
    csv.writeHeaders(result.columns());
    for (Row row : result.limit(limit).collectAsList()) {
      Object[] values = new Object[row.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = row.isNullAt(i) ? null : row.get(i).toString();
      }
      csv.writeRow(values);
    }
    csv.flush();
    return ExitCode.SUCCESS.code();
  }
}
