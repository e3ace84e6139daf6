package io.c360.common.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.c360.common.session.SessionSettings;
import io.c360.common.testing.SteppingClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The launcher with a tiny command of its own and a session factory that returns null: the bodies
 * here need no Spark.
 */
class JobLauncherTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-02-01T08:30:00Z");

  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final JobLauncher launcher =
      new JobLauncher(
          "echo-job",
          new PrintStream(outBytes, true, UTF_8),
          new PrintStream(errBytes, true, UTF_8),
          SteppingClock.fixed(NOW));
  private final AtomicInteger bodyRuns = new AtomicInteger();
  private final AtomicInteger sessionsBuilt = new AtomicInteger();
  private final Function<EchoOptions, SparkSession> noSession =
      options -> {
        sessionsBuilt.incrementAndGet();
        return null;
      };

  @Test
  void helpPrintsUsageAndSucceedsWithoutRunning() {
    int code = launcher.run(new EchoCommand(), args("--help"), countingBody(), noSession);

    assertThat(code).isEqualTo(ExitCode.SUCCESS.code()).isZero();
    assertThat(out()).contains("Usage: echo-job").contains("--rows").contains("--target");
    assertThat(jsonLines()).isEmpty();
    assertThat(bodyRuns).hasValue(0);
    assertThat(sessionsBuilt).hasValue(0);
  }

  @Test
  void versionPrintsTheVersionAndSucceedsWithoutRunning() {
    int code = launcher.run(new EchoCommand(), args("--version"), countingBody(), noSession);

    assertThat(code).isZero();
    assertThat(out()).contains("echo-job 1.2.3");
    assertThat(jsonLines()).isEmpty();
    assertThat(bodyRuns).hasValue(0);
    assertThat(sessionsBuilt).hasValue(0);
  }

  @Test
  void unknownOptionIsAUsageErrorAndNothingRuns() {
    int code =
        launcher.run(
            new EchoCommand(), args("--rows", "3", "--colour", "red"), countingBody(), noSession);

    assertThat(code).isEqualTo(ExitCode.USAGE.code()).isEqualTo(2);
    assertThat(err()).contains("echo-job").contains("--colour").contains("--help");
    assertThat(out()).isEmpty();
    assertThat(bodyRuns).hasValue(0);
    assertThat(sessionsBuilt).hasValue(0);
  }

  @Test
  void invalidOptionValueIsAUsageErrorAndNothingRuns() {
    int code = launcher.run(new EchoCommand(), args("--rows", "-1"), countingBody(), noSession);

    assertThat(code).isEqualTo(2);
    assertThat(err())
        .contains("Invalid value for option '--rows': -1 (accepted: an integer from 0 to 1000)");
    assertThat(out()).isEmpty();
    assertThat(bodyRuns).hasValue(0);
    assertThat(sessionsBuilt).hasValue(0);
  }

  @Test
  void dataQualityFailureExitsWithFourAndReportsFailed() throws Exception {
    int code =
        launcher.run(
            new EchoCommand(),
            args("--rows", "3"),
            (spark, options, report) -> {
              report.count("rows_checked", 3);
              throw JobFailure.dataQuality("2 of 3 rows have no customer_id");
            },
            noSession);

    assertThat(code).isEqualTo(ExitCode.DATA_QUALITY.code()).isEqualTo(4);
    JsonNode report = onlyReport();
    assertThat(report.get("status").asText()).isEqualTo("FAILED");
    assertThat(report.get("exit_code").asInt()).isEqualTo(4);
    assertThat(report.get("error").asText()).isEqualTo("2 of 3 rows have no customer_id");
    assertThat(report.get("counts").get("rows_checked").asLong()).isEqualTo(3);
    assertThat(err()).contains("2 of 3 rows have no customer_id").contains("DATA_QUALITY");
  }

  @Test
  void connectionFailureExitsWithThree() throws Exception {
    int code =
        launcher.run(
            new EchoCommand(),
            args("--rows", "3"),
            (spark, options, report) -> {
              throw new IllegalStateException(
                  "Cannot list s3a://bronze/", new ConnectException("Connection refused"));
            },
            noSession);

    assertThat(code).isEqualTo(ExitCode.EXTERNAL_UNAVAILABLE.code()).isEqualTo(3);
    JsonNode report = onlyReport();
    assertThat(report.get("status").asText()).isEqualTo("FAILED");
    assertThat(report.get("exit_code").asInt()).isEqualTo(3);
    assertThat(report.get("error").asText())
        .contains("Cannot list s3a://bronze/")
        .contains("Connection refused");
  }

  @Test
  void sessionThatCannotConnectExitsWithThree() throws Exception {
    int code =
        launcher.run(
            new EchoCommand(),
            args("--rows", "3"),
            countingBody(),
            options -> {
              throw new RuntimeException(new ConnectException("metastore refused"));
            });

    assertThat(code).isEqualTo(3);
    assertThat(bodyRuns).hasValue(0);
    assertThat(onlyReport().get("status").asText()).isEqualTo("FAILED");
  }

  @Test
  void sparkSettingThatSparkRejectsIsAUsageError() throws Exception {
    int code =
        launcher.run(
            new EchoCommand(),
            args("--rows", "3"),
            countingBody(),
            options -> {
              throw new IllegalArgumentException(
                  "spark.sql.shuffle.partitions should be a positive integer, got: many");
            });

    assertThat(code).isEqualTo(ExitCode.USAGE.code());
    assertThat(bodyRuns).hasValue(0);
    JsonNode report = onlyReport();
    assertThat(report.get("status").asText()).isEqualTo("FAILED");
    assertThat(report.get("error").asText()).contains("spark.sql.shuffle.partitions");
    assertThat(err()).contains("spark.sql.shuffle.partitions");
  }

  @Test
  void unexpectedFailureExitsWithOneAndPrintsTheStackTrace() throws Exception {
    int code =
        launcher.run(
            new EchoCommand(),
            args("--rows", "3"),
            (spark, options, report) -> {
              throw new IllegalStateException("unexpected state");
            },
            noSession);

    assertThat(code).isEqualTo(ExitCode.INTERNAL_ERROR.code()).isEqualTo(1);
    assertThat(onlyReport().get("status").asText()).isEqualTo("FAILED");
    assertThat(err()).contains("unexpected state").contains("\tat ");
  }

  @Test
  void lockTimeoutExitsWithThreeNamingTheTableAndHowToClearTheLock() throws Exception {
    Throwable lockTimeout = FailureClassifierTest.lockTimeout();
    int code =
        launcher.run(
            new EchoCommand(),
            args("--rows", "3"),
            (spark, options, report) -> {
              throw new IllegalStateException("Cannot commit silver", lockTimeout);
            },
            noSession);

    assertThat(code).isEqualTo(3);
    assertThat(err())
        .contains("echo-job failed (EXTERNAL_UNAVAILABLE): Timed out after 180 s waiting for the")
        .contains("lock on silver.interactions")
        .contains("The metastore could not be asked who holds the lock.")
        .contains("DELETE FROM \"HIVE_LOCKS\" WHERE \"HL_LOCK_EXT_ID\" = <lock id>")
        .contains("  cause: java.lang.IllegalStateException: Cannot commit silver")
        .doesNotContain("\tat ");
    assertThat(onlyReport().get("error").asText())
        .contains("lock on silver.interactions")
        .contains("Cause: java.lang.IllegalStateException: Cannot commit silver");
  }

  @Test
  void metastoreLostMidJobExitsWithThreeNamingTheMetastore() throws Exception {
    Throwable metastoreDown = FailureClassifierTest.metastoreDown();
    int code =
        launcher.run(
            new EchoCommand(),
            args("--rows", "3"),
            (spark, options, report) -> {
              throw (RuntimeException) metastoreDown;
            },
            noSession);

    assertThat(code).isEqualTo(3);
    assertThat(err())
        .contains("echo-job failed (EXTERNAL_UNAVAILABLE): The Hive Metastore could not be reached")
        .doesNotContain("\tat ");
  }

  @Test
  void successExitsWithZeroAndReportsTheBodysCounts() throws Exception {
    int code =
        launcher.run(
            new EchoCommand(),
            args("--rows", "7", "--run-id", "echo-run-1", "--password", "s3cr3t-value"),
            (spark, options, report) -> {
              bodyRuns.incrementAndGet();
              assertThat(spark).isNull();
              report.count("rows_written", options.rows());
              report.count("files_written", 2);
              report.detail("output", "/tmp/echo");
            },
            noSession);

    assertThat(code).isZero();
    assertThat(bodyRuns).hasValue(1);
    assertThat(sessionsBuilt).hasValue(1);
    assertThat(err()).isEmpty();
    JsonNode report = onlyReport();
    assertThat(report.get("event").asText()).isEqualTo("c360.job_run");
    assertThat(report.get("job").asText()).isEqualTo("echo-job");
    assertThat(report.get("run_id").asText()).isEqualTo("echo-run-1");
    assertThat(report.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(report.get("exit_code").asInt()).isZero();
    assertThat(report.get("counts").get("rows_written").asLong()).isEqualTo(7);
    assertThat(report.get("counts").get("files_written").asLong()).isEqualTo(2);
    assertThat(report.get("counts").size()).isEqualTo(2);
    assertThat(report.get("parameters").get("rows").asLong()).isEqualTo(7);
    assertThat(report.get("started_at").asText()).isEqualTo("2026-02-01T08:30:00Z");
    assertThat(out()).doesNotContain("s3cr3t-value");
  }

  @Test
  void generatedRunIdNamesTheJobAndTheStartTime() throws Exception {
    int code = launcher.run(new EchoCommand(), args("--rows", "1"), countingBody(), noSession);

    assertThat(code).isZero();
    assertThat(onlyReport().get("run_id").asText())
        .matches("echo-job-20260201T083000Z-[0-9a-f]{8}");
  }

  @Test
  void parseReturnsValidatedOptionsWithoutRunningAnything() {
    JobLauncher.Parsed<EchoOptions> parsed =
        launcher.parse(new EchoCommand(), args("--rows", "5", "--target", "stack"));

    assertThat(parsed.exitCode()).isEqualTo(ExitCode.SUCCESS);
    assertThat(parsed.options()).isEqualTo(new EchoOptions(io.c360.common.Target.STACK, 5, null));
    assertThat(parsed.runId()).startsWith("echo-job-");
    assertThat(out()).isEmpty();
    assertThat(err()).isEmpty();
  }

  private JobBody<EchoOptions> countingBody() {
    return (spark, options, report) -> bodyRuns.incrementAndGet();
  }

  private static String[] args(String... args) {
    return args;
  }

  private String out() {
    return outBytes.toString(UTF_8);
  }

  private String err() {
    return errBytes.toString(UTF_8);
  }

  private List<String> jsonLines() {
    return out().lines().filter(line -> line.startsWith("{\"event\":\"c360.job_run\"")).toList();
  }

  private JsonNode onlyReport() throws Exception {
    assertThat(out().lines().toList()).hasSize(1);
    List<String> lines = jsonLines();
    assertThat(lines).hasSize(1);
    return JSON.readTree(lines.get(0));
  }

  /** The options of the test job. */
  record EchoOptions(io.c360.common.Target target, int rows, String password)
      implements JobOptions {
    @Override
    public SessionSettings sessionSettings(String appName) {
      return new SessionSettings(appName, target, Optional.empty(), Optional.empty(), false);
    }

    @Override
    public Map<String, Object> parameters() {
      Map<String, Object> parameters = new LinkedHashMap<>();
      parameters.put("target", target.cliName());
      parameters.put("rows", rows);
      parameters.put("password", password);
      return parameters;
    }
  }

  /** A picocli command like the jobs' own: common options mixed in, validation in toOptions. */
  @Command(name = "echo-job", mixinStandardHelpOptions = true, version = "echo-job 1.2.3")
  static final class EchoCommand implements JobCommand<EchoOptions> {
    @Mixin CommonOptions common = new CommonOptions();

    @Option(names = "--rows", required = true, description = "Rows to echo, 0 to 1000.")
    int rows;

    @Option(names = "--password", description = "A secret the report must mask.")
    String password;

    @Override
    public CommonOptions common() {
      return common;
    }

    @Override
    public EchoOptions toOptions() {
      OptionChecks.requireRange("--rows", rows, 0, 1000);
      return new EchoOptions(common.target(), rows, password);
    }
  }
}
