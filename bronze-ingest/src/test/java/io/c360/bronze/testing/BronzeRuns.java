package io.c360.bronze.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.c360.bronze.BronzeCommand;
import io.c360.bronze.BronzeIngestMain;
import io.c360.bronze.BronzeOptions;
import io.c360.common.cli.ExitCode;
import io.c360.common.cli.JobLauncher;
import io.c360.common.naming.BronzeSchemas;
import io.c360.common.naming.Tables;
import io.c360.common.report.RunReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Runs bronze-ingest in the test's session the way the launcher would: the arguments go through the
 * real command line parser, then the job body runs. Also reads the tables and manifests back.
 */
public final class BronzeRuns {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BronzeRuns() {}

  /** Parses {@code args} with the job's own command; fails the test on a usage error. */
  public static BronzeOptions options(String... args) {
    return parse(args).options();
  }

  private static JobLauncher.Parsed<BronzeOptions> parse(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    JobLauncher launcher =
        new JobLauncher(
            BronzeIngestMain.JOB,
            new PrintStream(new ByteArrayOutputStream(), true, UTF_8),
            new PrintStream(err, true, UTF_8),
            Clock.systemUTC());
    JobLauncher.Parsed<BronzeOptions> parsed = launcher.parse(new BronzeCommand(), args);
    assertThat(parsed.exitCode()).as(err.toString(UTF_8)).isEqualTo(ExitCode.SUCCESS);
    return parsed;
  }

  /** Runs the job body with {@code args} in {@code spark}; returns its report. */
  public static RunReport run(SparkSession spark, String... args) {
    JobLauncher.Parsed<BronzeOptions> parsed = parse(args);
    BronzeOptions options = parsed.options();
    RunReport report =
        new RunReport(
            parsed.runId(), BronzeIngestMain.JOB, options.parameters(), Clock.systemUTC());
    BronzeIngestMain.run(spark, options, report);
    return report;
  }

  /** The arguments of a run: {@code --output root --start-date start --days days} and more. */
  public static String[] args(Path root, LocalDate start, int days, String... more) {
    List<String> args = new ArrayList<>();
    args.add("--output");
    args.add(root.toString());
    args.add("--start-date");
    args.add(start.toString());
    args.add("--days");
    args.add(Integer.toString(days));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /** A bronze table read back with its explicit schema, the partition column included. */
  public static Dataset<Row> read(SparkSession spark, Path root, String table) {
    StructType fileSchema =
        table.equals(Tables.BRONZE_CUSTOMERS)
            ? BronzeSchemas.CUSTOMERS
            : BronzeSchemas.INTERACTIONS;
    return spark
        .read()
        .schema(BronzeSchemas.withEventDate(fileSchema))
        .parquet(root.resolve(table).toString());
  }

  public static Path manifestPath(Path root, LocalDate start, int days) {
    return root.resolve(Tables.BRONZE_MANIFESTS)
        .resolve(start + "_" + start.plusDays(days - 1L) + ".json");
  }

  public static JsonNode manifest(Path root, LocalDate start, int days) throws IOException {
    return JSON.readTree(manifestPath(root, start, days).toFile());
  }

  /** Fails unless both frames hold the same rows, duplicates included, in both directions. */
  public static void assertSameRows(String what, Dataset<Row> actual, Dataset<Row> expected) {
    long actualCount = actual.count();
    assertThat(actualCount).as("%s: rows", what).isEqualTo(expected.count()).isPositive();
    assertThat(actual.exceptAll(expected).count()).as("%s: rows only in the first", what).isZero();
    assertThat(expected.exceptAll(actual).count()).as("%s: rows only in the second", what).isZero();
  }
}
