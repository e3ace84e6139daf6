package io.c360.common.cli;

/**
 * Process exit codes of every job; {@code scripts/run_pipeline.py} and the Kubernetes runner map
 * them back to a reason. Documented in the README.
 */
public enum ExitCode {
  /** The job finished and every gate passed. */
  SUCCESS(0),
  /** A bug or an unexpected failure: the message and stack trace are in the log. */
  INTERNAL_ERROR(1),
  /** Bad arguments or configuration: nothing was read or written. */
  USAGE(2),
  /** An external system (S3, the metastore, a file system) could not be reached. */
  EXTERNAL_UNAVAILABLE(3),
  /** A data-quality gate failed: nothing was committed. */
  DATA_QUALITY(4);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
