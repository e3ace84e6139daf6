package io.c360.common.cli;

import static java.util.Objects.requireNonNull;

/**
 * A failure whose category decides how it surfaces: the exit code and whether a stack trace is
 * worth printing. Messages say what is wrong and how to fix it.
 */
public final class JobFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;

  private JobFailure(ExitCode exitCode, String message, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.exitCode = requireNonNull(exitCode, "exitCode is null");
  }

  /** Bad arguments or configuration, detected before any data is touched. */
  public static JobFailure usage(String message) {
    return new JobFailure(ExitCode.USAGE, message, null);
  }

  /** An external system could not be reached. */
  public static JobFailure externalUnavailable(String message, Throwable cause) {
    return new JobFailure(ExitCode.EXTERNAL_UNAVAILABLE, message, cause);
  }

  /** A data-quality gate failed before anything was committed. */
  public static JobFailure dataQuality(String message) {
    return new JobFailure(ExitCode.DATA_QUALITY, message, null);
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
