package io.c360.ops.query;

import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import io.c360.common.Target;
import io.c360.common.cli.ExitCode;
import io.c360.common.cli.JobVersionProvider;
import io.c360.common.cli.OptionChecks;
import io.c360.common.naming.Tables;
import io.c360.common.session.SessionSettings;
import io.c360.common.session.SparkSessions;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import scala.Console;

/**
 * Runs one Spark SQL statement against the local lakehouse and prints the rows: how users look at
 * any table without writing code ({@code run_pipeline.py query}). Names resolve in the lakehouse
 * catalog first, as in Trino: {@code silver.interactions} and {@code lakehouse.silver.interactions}
 * are the same table. Read-only use is intended; it writes no audit row.
 */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    versionProvider = JobVersionProvider.class,
    description = "Runs one Spark SQL statement on the local lakehouse and prints the result.")
public final class QueryMain implements Callable<Integer> {
  /** Spark's SQLConf.DEFAULT_CATALOG: the catalog of names without one, until a USE. */
  static final String DEFAULT_CATALOG = "spark.sql.defaultCatalog";

  @Option(
      names = "--warehouse",
      required = true,
      description = "Iceberg warehouse (file: URI or path).")
  String warehouse;

  @Option(
      names = "--sql",
      required = true,
      description = "The statement, e.g. SELECT * FROM silver.customers.")
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

  private final Function<SessionSettings, SparkSession> sessions;
  private final PrintStream out;
  private final PrintStream err;

  private QueryMain(
      Function<SessionSettings, SparkSession> sessions, PrintStream out, PrintStream err) {
    this.sessions = sessions;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    int exitCode = run(args, SparkSessions::build, System.out, System.err);
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  /**
   * Parses {@code args}, builds the session with {@code sessions} and runs the statement.
   *
   * @return the process exit code
   */
  static int run(
      String[] args,
      Function<SessionSettings, SparkSession> sessions,
      PrintStream out,
      PrintStream err) {
    return new CommandLine(new QueryMain(sessions, out, err))
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
        .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
        .execute(args);
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
        sessions.apply(
            new SessionSettings(
                "c360-query", Target.LOCAL, Optional.of(location), Optional.empty(), false));
    spark.sparkContext().setLogLevel("ERROR");
    useLakehouseByDefault(spark);
    Dataset<Row> result;
    try {
      result = spark.sql(sql);
    } catch (Exception e) {
      err.println("query: " + e.getMessage());
      return ExitCode.USAGE.code();
    }
    if (format.equals("table")) {
      Console.withOut(
          out,
          () -> {
            result.show(limit, false);
            return null;
          });
      return ExitCode.SUCCESS.code();
    }
    PrintWriter writer = new PrintWriter(out, true, StandardCharsets.UTF_8);
    CsvWriter csv = new CsvWriter(writer, new CsvWriterSettings());
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

  /**
   * Makes the lakehouse catalog the session's default, unless the user's Spark configuration names
   * another: {@code silver.interactions} then resolves as {@code lakehouse.silver.interactions}, as
   * on Trino, and so do metadata tables such as {@code silver.interactions.snapshots}. Spark
   * resolves a name without a catalog in the current catalog, which is {@value #DEFAULT_CATALOG}
   * until a {@code USE} ({@code currentCatalog} in Spark 3.5's
   * sql/catalyst/src/main/scala/org/apache/spark/sql/connector/catalog/CatalogManager.scala). It is
   * a session setting, read at each resolution, so setting it on the built session is enough.
   */
  static void useLakehouseByDefault(SparkSession spark) {
    if (!spark.conf().contains(DEFAULT_CATALOG)) {
      spark.conf().set(DEFAULT_CATALOG, Tables.CATALOG);
    }
  }
}
