package io.c360.common.cli;

import static java.util.Objects.requireNonNull;

import io.c360.common.audit.AuditLog;
import io.c360.common.report.RunReport;
import io.c360.common.session.SparkSessions;
import java.io.PrintStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Runs a job the same way everywhere: parse and validate the arguments (before Spark starts), build
 * the session, run the body, print one JSON run report line, and return the exit code of {@link
 * ExitCode}.
 */
public final class JobLauncher {
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final String jobName;
  private final PrintStream out;
  private final PrintStream err;
  private final Clock clock;

  public JobLauncher(String jobName, PrintStream out, PrintStream err, Clock clock) {
    this.jobName = requireNonNull(jobName, "jobName is null");
    this.out = requireNonNull(out, "out is null");
    this.err = requireNonNull(err, "err is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * For {@code main}: standard streams, the system clock, and a session from {@link SparkSessions}.
   */
  public static JobLauncher forMain(String jobName) {
    return new JobLauncher(jobName, System.out, System.err, Clock.systemUTC());
  }

  /**
   * Parses and validates {@code args} into options without starting Spark.
   *
   * @return the options, or empty after printing help or a usage error (see {@link #exitCode})
   */
  public <O extends JobOptions> Parsed<O> parse(JobCommand<O> command, String[] args) {
    CommandLine commandLine = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
    try {
      commandLine.parseArgs(args);
    } catch (ParameterException e) {
      err.println(jobName + ": " + e.getMessage());
      err.println("Run with --help for the accepted options.");
      return Parsed.exit(ExitCode.USAGE);
    }
    if (commandLine.isUsageHelpRequested()) {
      commandLine.usage(out);
      return Parsed.exit(ExitCode.SUCCESS);
    }
    if (commandLine.isVersionHelpRequested()) {
      commandLine.printVersionHelp(out);
      return Parsed.exit(ExitCode.SUCCESS);
    }
    try {
      return Parsed.of(command.toOptions(), command.common().runId().orElseGet(this::newRunId));
    } catch (JobFailure e) {
      err.println(jobName + ": " + e.getMessage());
      err.println("Run with --help for the accepted options.");
      return Parsed.exit(e.exitCode());
    }
  }

  /** Parses, builds the session, runs the body and reports. Returns the process exit code. */
  public <O extends JobOptions> int run(JobCommand<O> command, String[] args, JobBody<O> body) {
    return run(
        command, args, body, options -> SparkSessions.build(options.sessionSettings(jobName)));
  }

  /** As {@link #run(JobCommand, String[], JobBody)} with a given session factory (tests). */
  public <O extends JobOptions> int run(
      JobCommand<O> command,
      String[] args,
      JobBody<O> body,
      Function<O, SparkSession> sessionFactory) {
    Parsed<O> parsed = parse(command, args);
    if (parsed.options() == null) {
      return parsed.exitCode().code();
    }
    O options = parsed.options();
    RunReport report = new RunReport(parsed.runId(), jobName, options.parameters(), clock);
    ExitCode exitCode;
    SparkSession spark = null;
    try {
      spark = session(sessionFactory, options);
      body.run(spark, options, report);
      exitCode = ExitCode.SUCCESS;
      report.finish(exitCode, null);
    } catch (Exception | LinkageError e) {
      // The top of the job: every failure is classified into an exit code and reported once.
      // Exception, not RuntimeException: Scala code (Spark) throws checked exceptions such as
      // AnalysisException without declaring them.
      exitCode = fail(report, e, spark);
    }
    if (spark != null) {
      exitCode = audit(spark, report, exitCode);
    }
    out.println(report.toJsonLine());
    out.flush();
    return exitCode.code();
  }

  /**
   * Appends the run to the audit table, failed runs included. When that fails after a successful
   * run, the run fails too: its data is committed, but the contract of one audit row per run is not
   * met, and a silent gap in the audit is worse than a re-run (every job is idempotent).
   */
  private ExitCode audit(SparkSession spark, RunReport report, ExitCode exitCode) {
    try {
      AuditLog.append(spark, report);
      return exitCode;
    } catch (Exception | LinkageError e) {
      err.println(jobName + ": could not append the run to " + AuditLog.TABLE + ": " + describe(e));
      if (exitCode != ExitCode.SUCCESS) {
        return exitCode;
      }
      return fail(report, e, spark);
    }
  }

  /**
   * Classifies the failure, reports it once, and prints what happened: the explanation of {@link
   * FailureClassifier} (with the holder of the lock after a lock timeout), the exception, and its
   * stack trace only for internal errors.
   */
  private ExitCode fail(RunReport report, Throwable failure, SparkSession spark) {
    FailureClassifier.Diagnosis diagnosis = FailureClassifier.diagnose(failure);
    String cause = describe(failure);
    String message = cause;
    if (diagnosis.explanation().isPresent()) {
      message = diagnosis.explanation().get();
      if (diagnosis.kind() == FailureClassifier.Kind.LOCK_TIMEOUT) {
        message += " " + lockHolders(spark, diagnosis.table().orElseThrow());
      }
      report.finish(diagnosis.exitCode(), message + " Cause: " + cause);
      err.println(jobName + " failed (" + diagnosis.exitCode() + "): " + message);
      err.println("  cause: " + cause);
    } else {
      report.finish(diagnosis.exitCode(), message);
      err.println(jobName + " failed (" + diagnosis.exitCode() + "): " + message);
    }
    if (diagnosis.exitCode() == ExitCode.INTERNAL_ERROR) {
      failure.printStackTrace(err);
    }
    return diagnosis.exitCode();
  }

  /** Who holds the lock on {@code table}, asked from the metastore; never fails. */
  private static String lockHolders(SparkSession spark, String table) {
    java.util.Optional<java.util.List<MetastoreLocks.Lock>> locks;
    try {
      locks =
          spark == null
              ? java.util.Optional.empty()
              : java.util.Optional.of(MetastoreLocks.locks(spark, table));
    } catch (Exception | LinkageError e) {
      locks = java.util.Optional.empty();
    }
    return MetastoreLocks.explainHolders(locks, table, java.time.Instant.now());
  }

  /** Builds the session; a Spark setting Spark rejects is a usage error, before any data. */
  private static <O extends JobOptions> SparkSession session(
      Function<O, SparkSession> sessionFactory, O options) {
    try {
      return sessionFactory.apply(options);
    } catch (IllegalArgumentException e) {
      throw JobFailure.usage(
          "Invalid Spark configuration: "
              + e.getMessage()
              + ". Fix the --conf / spark-defaults.conf / sparkConf value.");
    }
  }

  private String newRunId() {
    return jobName
        + "-"
        + RUN_ID_TIME.format(clock.instant())
        + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * The failure and its root cause, one line each: some clients put whole stack traces in their
   * messages (Hive's MetaException).
   */
  private static String describe(Throwable failure) {
    if (failure instanceof JobFailure) {
      return failure.getMessage();
    }
    StringBuilder message = new StringBuilder(firstLine(failure));
    java.util.List<Throwable> chain = FailureClassifier.causes(failure);
    Throwable root = chain.get(chain.size() - 1);
    if (root != failure) {
      message.append(" (caused by ").append(firstLine(root)).append(')');
    }
    return message.toString();
  }

  private static String firstLine(Throwable t) {
    String text = String.valueOf(t);
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline).trim();
  }

  /** The outcome of parsing: options and a run id, or the exit code to stop with. */
  public record Parsed<O>(O options, String runId, ExitCode exitCode) {
    static <O> Parsed<O> of(O options, String runId) {
      return new Parsed<>(requireNonNull(options, "options is null"), runId, ExitCode.SUCCESS);
    }

    static <O> Parsed<O> exit(ExitCode exitCode) {
      return new Parsed<>(null, null, exitCode);
    }
  }
}
