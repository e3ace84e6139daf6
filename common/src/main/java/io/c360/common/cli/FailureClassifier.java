package io.c360.common.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides the exit code of an exception thrown by a job, and says what happened in words a user can
 * act on. Failures are recognised by class names and by the message texts the clients really
 * produce, so that this module needs no compile-time dependency on every client:
 *
 * <ul>
 *   <li>a {@link JobFailure} keeps its own category;
 *   <li>a lock wait that timed out (Iceberg's {@code org.apache.iceberg.hive.MetastoreLock}: {@code
 *       LockException("Timed out after %s ms waiting for lock on %s.%s")}, wrapped by {@code
 *       HiveTableOperations.doCommit} in a {@code CommitFailedException}) is {@link
 *       ExitCode#EXTERNAL_UNAVAILABLE}, naming the table;
 *   <li>a commit conflict with another writer ({@code CommitFailedException} after Iceberg's own
 *       {@code commit.retry.num-retries}, the {@code ValidationException}s of {@code
 *       MergingSnapshotProducer}, {@code ManifestFilterManager} and {@code BaseRewriteManifests},
 *       and {@code RewriteDataFilesSparkAction}'s "Cannot commit rewrite" / "rewrite commits
 *       failed") is {@link ExitCode#EXTERNAL_UNAVAILABLE}: a re-run is safe;
 *   <li>a metastore, S3 or file system that cannot be reached is {@link
 *       ExitCode#EXTERNAL_UNAVAILABLE}, also when the connection error is only text in a message:
 *       Hive's {@code HiveMetaStoreClient.open()} throws {@code MetaException("Could not connect to
 *       meta store using any of the URIs provided. Most recent failure: " +
 *       stringifyException(TTransportException))} with no cause, and {@code
 *       MetaStoreUtils.logAndThrowMetaException} {@code MetaException("Got exception: " + class + "
 *       " + message)}.
 * </ul>
 *
 * The chain is read outermost first; the first cause that matches decides.
 */
public final class FailureClassifier {
  /** Network failures, by class (or superclass) name. */
  private static final Set<String> UNREACHABLE =
      Set.of(
          "java.net.ConnectException",
          "java.net.UnknownHostException",
          "java.net.SocketTimeoutException",
          "java.net.NoRouteToHostException",
          "org.apache.http.conn.HttpHostConnectException",
          "org.apache.http.conn.ConnectTimeoutException",
          "org.apache.hadoop.net.ConnectTimeoutException",
          "org.apache.thrift.transport.TTransportException",
          "com.amazonaws.SdkClientException",
          "org.apache.hadoop.fs.s3a.AWSClientIOException",
          "org.apache.hadoop.fs.s3a.AWSBadRequestException",
          "org.apache.hadoop.fs.s3a.UnknownStoreException",
          "java.nio.file.AccessDeniedException");

  /** The same failures when only their text survives, inside another exception's message. */
  private static final Pattern UNREACHABLE_IN_MESSAGE =
      Pattern.compile(
          "Could not connect to meta store"
              + "|(java\\.net\\.(ConnectException|SocketTimeoutException|UnknownHostException"
              + "|NoRouteToHostException|SocketException)"
              + "|org\\.apache\\.thrift\\.transport\\.TTransportException"
              + "|org\\.apache\\.http\\.conn\\.(HttpHostConnectException|ConnectTimeoutException)"
              + "|com\\.amazonaws\\.SdkClientException)");

  private static final String META_EXCEPTION = "org.apache.hadoop.hive.metastore.api.MetaException";
  private static final String LOCK_EXCEPTION = "org.apache.iceberg.hive.LockException";
  private static final String COMMIT_FAILED = "org.apache.iceberg.exceptions.CommitFailedException";
  private static final String VALIDATION = "org.apache.iceberg.exceptions.ValidationException";

  /** MetastoreLock's timeout message: the database and table it waited for. */
  private static final Pattern LOCK_TIMEOUT =
      Pattern.compile("Timed out after (\\d+) ms waiting for lock on ([^.\\s]+)\\.(\\S+?)\\.?$");

  /** The ValidationException texts of Iceberg that mean a concurrent commit changed the table. */
  private static final Pattern CONFLICT_VALIDATION =
      Pattern.compile(
          "Found conflicting|Found new conflicting|found new delete for replaced data file"
              + "|Cannot commit, missing data files|Missing required files to delete"
              + "|Found concurrently added|could not be found in the latest snapshot");

  /** RewriteDataFilesSparkAction's failures when its commits conflicted. */
  private static final Pattern CONFLICT_REWRITE =
      Pattern.compile(
          "Cannot commit rewrite because of a ValidationException|rewrite commits failed");

  /** Iceberg's table name in a commit failure, e.g. "... metadata location ... for silver.t". */
  private static final Pattern COMMIT_TABLE = Pattern.compile(" for ([\\w]+\\.[\\w]+)\\s*$");

  private static final String CHECKSUM_EXCEPTION = "org.apache.hadoop.fs.ChecksumException";
  private static final Pattern CHECKSUM_PATH = Pattern.compile("Checksum error: (\\S+)");
  private static final int MAX_DETAIL = 300;

  private FailureClassifier() {}

  /** What failed, in categories the launcher reports differently. */
  public enum Kind {
    /** A {@link JobFailure}: its own exit code and message. */
    JOB_FAILURE,
    /** Waiting for the metastore lock of a table timed out. */
    LOCK_TIMEOUT,
    /** Another writer committed to the same table at the same time. */
    COMMIT_CONFLICT,
    /** The Hive Metastore could not be reached. */
    METASTORE_UNREACHABLE,
    /** S3 could not be reached. */
    S3_UNREACHABLE,
    /** Another external system (a file system, a network name) could not be reached. */
    UNREACHABLE,
    /** Spark's event-log folder ({@code spark.eventLog.dir}) does not exist at start-up. */
    EVENT_LOG_FOLDER_MISSING,
    /** An input file does not match its Hadoop {@code .crc} checksum (stale or corrupt). */
    CHECKSUM_MISMATCH,
    /** Anything else: a bug. */
    INTERNAL
  }

  /**
   * The outcome of classifying a failure.
   *
   * @param kind what failed
   * @param exitCode the process exit code
   * @param explanation what happened and what to do, for the user; empty for {@link Kind#INTERNAL}
   *     and {@link Kind#JOB_FAILURE} (their own message says it)
   * @param table the table concerned ({@code namespace.table}), when the failure names one
   */
  public record Diagnosis(
      Kind kind, ExitCode exitCode, Optional<String> explanation, Optional<String> table) {}

  public static ExitCode classify(Throwable failure) {
    return diagnose(failure).exitCode();
  }

  /** Classifies {@code failure}; see the class comment for the shapes recognised. */
  public static Diagnosis diagnose(Throwable failure) {
    List<Throwable> chain = causes(failure);
    for (Throwable t : chain) {
      if (t instanceof JobFailure jobFailure) {
        return new Diagnosis(
            Kind.JOB_FAILURE, jobFailure.exitCode(), Optional.empty(), Optional.empty());
      }
      Optional<Diagnosis> lock = lockTimeout(t);
      if (lock.isPresent()) {
        return lock.get();
      }
      if (isConflict(t)) {
        return conflict(t);
      }
      if (isEventLogFolderMissing(t)) {
        return eventLogFolderMissing(t);
      }
      if (isChecksumMismatch(t)) {
        return checksumMismatch(t);
      }
      if (isUnreachable(t)) {
        return unreachable(chain, t);
      }
    }
    return new Diagnosis(
        Kind.INTERNAL, ExitCode.INTERNAL_ERROR, Optional.empty(), Optional.empty());
  }

  /** Whether {@code failure} is a commit conflict with another writer, anywhere in its chain. */
  public static boolean isCommitConflict(Throwable failure) {
    return diagnose(failure).kind() == Kind.COMMIT_CONFLICT;
  }

  /** {@code failure} and its causes, outermost first, each once even when the chain loops. */
  public static List<Throwable> causes(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  private static Optional<Diagnosis> lockTimeout(Throwable t) {
    if (!isA(t, LOCK_EXCEPTION)) {
      return Optional.empty();
    }
    Matcher matcher = LOCK_TIMEOUT.matcher(firstLine(t.getMessage()));
    if (!matcher.find()) {
      return Optional.empty();
    }
    String table = matcher.group(2) + "." + matcher.group(3);
    long seconds = Long.parseLong(matcher.group(1)) / 1000;
    String explanation =
        "Timed out after "
            + seconds
            + " s waiting for the Hive Metastore lock on "
            + table
            + ": another writer holds it, or a writer that was killed left it behind."
            + " Nothing of this run was committed to "
            + table
            + ".";
    return Optional.of(
        new Diagnosis(
            Kind.LOCK_TIMEOUT,
            ExitCode.EXTERNAL_UNAVAILABLE,
            Optional.of(explanation),
            Optional.of(table)));
  }

  private static boolean isConflict(Throwable t) {
    String message = firstLine(t.getMessage());
    if (isA(t, COMMIT_FAILED)) {
      // HiveTableOperations wraps a lock failure in a CommitFailedException: that is no conflict.
      return t.getCause() == null || !isA(t.getCause(), LOCK_EXCEPTION);
    }
    if (isA(t, VALIDATION)) {
      return CONFLICT_VALIDATION.matcher(message).find();
    }
    return t.getClass() == RuntimeException.class && CONFLICT_REWRITE.matcher(message).find();
  }

  private static Diagnosis conflict(Throwable t) {
    Optional<String> table = Optional.empty();
    for (Throwable c : causes(t)) {
      Matcher matcher = COMMIT_TABLE.matcher(firstLine(c.getMessage()));
      if (matcher.find()) {
        table = Optional.of(matcher.group(1));
        break;
      }
    }
    String explanation =
        "Another writer was committing to "
            + table.orElse("the same table")
            + " at the same time, and this job's commit still conflicted after Iceberg's"
            + " retries ("
            + detail(t)
            + "). Nothing of this commit was applied; re-running the same command is safe.";
    return new Diagnosis(
        Kind.COMMIT_CONFLICT, ExitCode.EXTERNAL_UNAVAILABLE, Optional.of(explanation), table);
  }

  /**
   * SparkContext's start-up check of {@code spark.eventLog.dir}: {@code
   * EventLogFileWriter.requireLogBaseDirAsDirectory} (Spark 3.5,
   * core/src/main/scala/org/apache/spark/deploy/history/EventLogFileWriters.scala) lets the file
   * system's {@code FileNotFoundException} through when the folder is missing, as S3A reports an
   * empty prefix.
   */
  private static boolean isEventLogFolderMissing(Throwable t) {
    if (!(t instanceof java.io.FileNotFoundException)) {
      return false;
    }
    for (StackTraceElement frame : t.getStackTrace()) {
      if (frame.getMethodName().equals("requireLogBaseDirAsDirectory")) {
        return true;
      }
    }
    return false;
  }

  private static Diagnosis eventLogFolderMissing(Throwable t) {
    return new Diagnosis(
        Kind.EVENT_LOG_FOLDER_MISSING,
        ExitCode.EXTERNAL_UNAVAILABLE,
        Optional.of(
            "Spark's event-log folder does not exist ("
                + detail(t)
                + "). Create it before the jobs run: scripts/deploy.sh does on Kubernetes,"
                + " scripts/local-stack.sh buckets on the local stack; elsewhere put an empty"
                + " object '<prefix>/' in the bucket (docs/DEPLOYMENT.md, \"Event logs\")."
                + " Then re-run."),
        Optional.empty());
  }

  /**
   * Hadoop's {@code ChecksumFileSystem} (the local file system) verifies a file against the {@code
   * .<name>.crc} beside it and throws {@code org.apache.hadoop.fs.ChecksumException} ("Checksum
   * error: <path> at <offset> exp: ... got: ..."); inside a Spark task it reaches the driver only
   * as the text of a {@code SparkException}.
   */
  private static boolean isChecksumMismatch(Throwable t) {
    if (isA(t, CHECKSUM_EXCEPTION)) {
      return true;
    }
    return t.getClass().getName().startsWith("org.apache.spark.")
        && t.getMessage() != null
        && t.getMessage().contains(CHECKSUM_EXCEPTION);
  }

  private static Diagnosis checksumMismatch(Throwable t) {
    Matcher path = CHECKSUM_PATH.matcher(t.getMessage() == null ? "" : t.getMessage());
    String file = path.find() ? path.group(1) : "a bronze file";
    return new Diagnosis(
        Kind.CHECKSUM_MISMATCH,
        ExitCode.DATA_QUALITY,
        Optional.of(
            file
                + " does not match its .crc checksum beside it: the file was rewritten without its"
                + " checksum, or is corrupt. If the file is right, delete its stale .crc; if not,"
                + " have it delivered again. Then re-run; nothing was committed."),
        Optional.empty());
  }

  private static boolean isUnreachable(Throwable t) {
    for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
      if (UNREACHABLE.contains(type.getName())) {
        return true;
      }
    }
    if (isA(t, META_EXCEPTION) || t.getClass().getName().startsWith("org.apache.spark.")) {
      // The connection error is only text here: MetaException (Hive) has no cause, and a task
      // failure's SparkException carries the executor's exception as text.
      return t.getMessage() != null && UNREACHABLE_IN_MESSAGE.matcher(t.getMessage()).find();
    }
    return false;
  }

  /** Which system: told by the classes and messages of the whole chain. */
  private static Diagnosis unreachable(List<Throwable> chain, Throwable matched) {
    boolean metastore = false;
    boolean s3 = false;
    for (Throwable t : chain) {
      String type = t.getClass().getName();
      String message = t.getMessage() == null ? "" : t.getMessage();
      metastore |=
          type.startsWith("org.apache.thrift.")
              || type.startsWith("org.apache.hadoop.hive.metastore.")
              || type.startsWith("org.apache.iceberg.hive.")
              || message.contains("Hive Metastore")
              || message.contains("meta store")
              || message.contains("metastore");
      s3 |=
          type.startsWith("com.amazonaws.")
              || type.startsWith("software.amazon.awssdk.")
              || type.startsWith("org.apache.hadoop.fs.s3a.")
              || message.contains("s3a://");
    }
    String what = detail(matched);
    if (metastore) {
      return unreachable(
          Kind.METASTORE_UNREACHABLE,
          "The Hive Metastore could not be reached ("
              + what
              + "). Check that it runs and that this job reaches it (the catalog's metastore URI,"
              + " spark.sql.catalog.lakehouse.uri), then re-run: every job is idempotent.");
    }
    if (s3) {
      return unreachable(
          Kind.S3_UNREACHABLE,
          "S3 could not be reached ("
              + what
              + "). Check the S3 endpoint, credentials and bucket (fs.s3a.endpoint), then re-run:"
              + " every job is idempotent and commits nothing half-way.");
    }
    return unreachable(
        Kind.UNREACHABLE,
        "An external system could not be reached ("
            + what
            + "). Check the network, the endpoints and the file system, then re-run.");
  }

  private static Diagnosis unreachable(Kind kind, String explanation) {
    return new Diagnosis(
        kind, ExitCode.EXTERNAL_UNAVAILABLE, Optional.of(explanation), Optional.empty());
  }

  private static boolean isA(Throwable t, String className) {
    for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
      if (type.getName().equals(className)) {
        return true;
      }
    }
    return false;
  }

  /** The class and the first line of the message, bounded (Hive puts whole stack traces there). */
  private static String detail(Throwable t) {
    String text = t.getClass().getSimpleName() + ": " + firstLine(t.getMessage());
    return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "...";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).trim();
  }
}
