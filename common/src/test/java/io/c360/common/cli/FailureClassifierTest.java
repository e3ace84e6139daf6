package io.c360.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.util.StringUtils;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.hive.RuntimeMetaException;
import org.apache.spark.SparkException;
import org.apache.thrift.transport.TTransportException;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {
  @Test
  void connectionRefusedDeepInTheCauseChainIsAnUnavailableExternalSystem() {
    Throwable failure =
        new IllegalStateException(
            "Cannot write bronze data",
            new UncheckedIOException(
                "listing failed", new java.io.IOException(new ConnectException("refused"))));

    assertThat(FailureClassifier.classify(failure)).isEqualTo(ExitCode.EXTERNAL_UNAVAILABLE);
  }

  @Test
  void connectExceptionWrappedTwiceIsAnUnavailableExternalSystem() {
    Throwable failure =
        new RuntimeException(
            new ExecutionException(new ConnectException("Connection refused: 127.0.0.1:9000")));

    assertThat(FailureClassifier.classify(failure)).isEqualTo(ExitCode.EXTERNAL_UNAVAILABLE);
  }

  @Test
  void subclassesOfAKnownNetworkFailureAreRecognised() {
    Throwable failure = new RuntimeException(new MetastoreConnectException("thrift://hms:9083"));

    assertThat(FailureClassifier.classify(failure)).isEqualTo(ExitCode.EXTERNAL_UNAVAILABLE);
  }

  @Test
  void otherNetworkFailuresAreUnavailableExternalSystemsToo() {
    assertThat(FailureClassifier.classify(new RuntimeException(new UnknownHostException("s3"))))
        .isEqualTo(ExitCode.EXTERNAL_UNAVAILABLE);
    assertThat(FailureClassifier.classify(new SocketTimeoutException("read timed out")))
        .isEqualTo(ExitCode.EXTERNAL_UNAVAILABLE);
  }

  @Test
  void dataQualityFailureKeepsItsCategory() {
    assertThat(FailureClassifier.classify(JobFailure.dataQuality("3 rows without id")))
        .isEqualTo(ExitCode.DATA_QUALITY);
  }

  @Test
  void jobFailureWrappedByAnotherExceptionKeepsItsCategory() {
    Throwable failure =
        new RuntimeException("task failed", JobFailure.usage("Invalid value for option '--days'"));

    assertThat(FailureClassifier.classify(failure)).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void outermostCategoryWins() {
    Throwable lostConnectionDuringGate = new ConnectException("refused");
    lostConnectionDuringGate.initCause(JobFailure.dataQuality("gate"));
    Throwable unavailableAroundGate =
        JobFailure.externalUnavailable(
            "S3 unreachable", new IllegalStateException(JobFailure.dataQuality("gate")));

    assertThat(FailureClassifier.classify(new RuntimeException(lostConnectionDuringGate)))
        .isEqualTo(ExitCode.EXTERNAL_UNAVAILABLE);
    assertThat(FailureClassifier.classify(unavailableAroundGate))
        .isEqualTo(ExitCode.EXTERNAL_UNAVAILABLE);
  }

  @Test
  void programmingErrorsAreInternal() {
    assertThat(FailureClassifier.classify(new IllegalStateException("bug")))
        .isEqualTo(ExitCode.INTERNAL_ERROR);
    assertThat(FailureClassifier.classify(new NullPointerException()))
        .isEqualTo(ExitCode.INTERNAL_ERROR);
    assertThat(
            FailureClassifier.classify(
                new RuntimeException(new IllegalArgumentException("unexpected"))))
        .isEqualTo(ExitCode.INTERNAL_ERROR);
    assertThat(FailureClassifier.classify(new NoClassDefFoundError("org/apache/Foo")))
        .isEqualTo(ExitCode.INTERNAL_ERROR);
  }

  // The real shapes of the failures of issue 14 (items 13 to 16), built from the real classes
  // with the texts Hive and Iceberg produce.

  /**
   * Hive 2.3's HiveMetaStoreClient.open() (the client Spark ships and Iceberg's hive catalog uses):
   * {@code new MetaException("Could not connect to meta store using any of the URIs provided. Most
   * recent failure: " + StringUtils.stringifyException(tte))}, no cause; Iceberg's HiveClientPool
   * wraps it in RuntimeMetaException("Failed to connect to Hive Metastore").
   */
  static Throwable metastoreDown() {
    TTransportException refused =
        new TTransportException(new ConnectException("Connection refused (Connection refused)"));
    MetaException meta =
        new MetaException(
            "Could not connect to meta store using any of the URIs provided. Most recent failure: "
                + StringUtils.stringifyException(refused));
    return new RuntimeException(
        "Failed to get table info from metastore silver.interactions",
        new RuntimeMetaException(meta, "Failed to connect to Hive Metastore"));
  }

  @Test
  void metastoreLostWithTheErrorOnlyInAMetaExceptionMessageIsTheMetastore() {
    FailureClassifier.Diagnosis diagnosis = FailureClassifier.diagnose(metastoreDown());

    assertThat(diagnosis.exitCode()).isEqualTo(ExitCode.EXTERNAL_UNAVAILABLE);
    assertThat(diagnosis.kind()).isEqualTo(FailureClassifier.Kind.METASTORE_UNREACHABLE);
    assertThat(diagnosis.explanation().orElseThrow())
        .startsWith("The Hive Metastore could not be reached (MetaException: Could not connect")
        .doesNotContain("\n\tat ");
  }

  @Test
  void metaExceptionOfLogAndThrowMetaExceptionIsTheMetastore() {
    // MetaStoreUtils.logAndThrowMetaException: "Got exception: " + class name + " " + message,
    // the text HiveClientPool.isConnectionException looks for too.
    MetaException meta =
        new MetaException(
            "Got exception: org.apache.thrift.transport.TTransportException"
                + " java.net.SocketException: Broken pipe");

    assertThat(FailureClassifier.diagnose(new RuntimeException(meta)).kind())
        .isEqualTo(FailureClassifier.Kind.METASTORE_UNREACHABLE);
  }

  @Test
  void aMetaExceptionThatIsNoConnectionFailureStaysInternal() {
    MetaException meta = new MetaException("Invalid partition key & values");

    assertThat(FailureClassifier.classify(new RuntimeException(meta)))
        .isEqualTo(ExitCode.INTERNAL_ERROR);
  }

  @Test
  void thriftTransportFailureInTheChainIsTheMetastore() {
    Throwable failure =
        new RuntimeException(
            "Metastore operation failed for silver.interactions",
            new TTransportException(new java.net.SocketException("Connection reset")));

    assertThat(FailureClassifier.diagnose(failure).kind())
        .isEqualTo(FailureClassifier.Kind.METASTORE_UNREACHABLE);
  }

  /**
   * Iceberg's MetastoreLock.acquireLock: LockException("Timed out after %s ms waiting for lock on
   * %s.%s"), which HiveTableOperations.doCommit wraps in CommitFailedException(e); Spark wraps the
   * write's failure in a SparkException.
   */
  static Throwable lockTimeout() throws Exception {
    Class<?> lockException = Class.forName("org.apache.iceberg.hive.LockException");
    Constructor<?> constructor = lockException.getDeclaredConstructor(String.class, Object[].class);
    constructor.setAccessible(true);
    Throwable lock =
        (Throwable)
            constructor.newInstance(
                "Timed out after %s ms waiting for lock on %s.%s",
                new Object[] {180012L, "silver", "interactions"});
    return new SparkException("Writing job aborted", new CommitFailedException(lock));
  }

  @Test
  void lockTimeoutIsUnavailableAndNamesTheTable() throws Exception {
    FailureClassifier.Diagnosis diagnosis = FailureClassifier.diagnose(lockTimeout());

    assertThat(diagnosis.exitCode()).isEqualTo(ExitCode.EXTERNAL_UNAVAILABLE);
    assertThat(diagnosis.kind()).isEqualTo(FailureClassifier.Kind.LOCK_TIMEOUT);
    assertThat(diagnosis.table()).contains("silver.interactions");
    assertThat(diagnosis.explanation().orElseThrow())
        .contains(
            "Timed out after 180 s waiting for the Hive Metastore lock on silver.interactions");
    assertThat(FailureClassifier.isCommitConflict(lockTimeout())).isFalse();
  }

  @Test
  void commitFailedAfterIcebergsRetriesIsAConflictSafeToReRun() {
    // HiveTableOperations.doCommit when another writer committed first.
    Throwable failure =
        new SparkException(
            "Writing job aborted",
            new CommitFailedException(
                "Base metadata location '%s' is not same as the current table metadata location"
                    + " '%s' for %s.%s",
                "s3a://w/silver/interactions/metadata/00007.metadata.json",
                "s3a://w/silver/interactions/metadata/00008.metadata.json",
                "silver",
                "interactions"));

    FailureClassifier.Diagnosis diagnosis = FailureClassifier.diagnose(failure);

    assertThat(diagnosis.exitCode()).isEqualTo(ExitCode.EXTERNAL_UNAVAILABLE);
    assertThat(diagnosis.kind()).isEqualTo(FailureClassifier.Kind.COMMIT_CONFLICT);
    assertThat(diagnosis.table()).contains("silver.interactions");
    assertThat(diagnosis.explanation().orElseThrow())
        .contains("Another writer was committing to silver.interactions")
        .contains("re-running the same command is safe");
  }

  @Test
  void conflictingValidationExceptionsAreConflicts() {
    for (String message :
        List.of(
            "Found conflicting files that can contain records matching partitions [event_date=1]:"
                + " [s3a://w/f.parquet]",
            "Cannot commit, found new delete for replaced data file: GenericDataFile{...}",
            "Missing required files to delete: s3a://w/a.parquet",
            "Found new conflicting delete files that can apply to records matching true: [x]",
            "Deleted manifest s3a://w/m.avro could not be found in the latest snapshot 42")) {
      assertThat(FailureClassifier.diagnose(new ValidationException("%s", message)).kind())
          .as(message)
          .isEqualTo(FailureClassifier.Kind.COMMIT_CONFLICT);
    }
  }

  @Test
  void rewriteDataFilesConflictIsAConflict() {
    // RewriteDataFilesSparkAction.doExecute wraps the ValidationException in a RuntimeException.
    Throwable failure =
        new RuntimeException(
            "Cannot commit rewrite because of a ValidationException or CommitFailedException."
                + " This usually means that this rewrite has conflicted with another concurrent"
                + " Iceberg operation.",
            new ValidationException("Missing required files to delete: s3a://w/a.parquet"));

    assertThat(FailureClassifier.isCommitConflict(failure)).isTrue();
  }

  @Test
  void aValidationExceptionAboutTheDataIsNoConflict() {
    Throwable failure = new ValidationException("Cannot write incompatible dataset to table");

    assertThat(FailureClassifier.classify(failure)).isEqualTo(ExitCode.INTERNAL_ERROR);
    assertThat(FailureClassifier.isCommitConflict(failure)).isFalse();
  }

  @Test
  void s3LostIsNamedS3() {
    // S3AUtils.translateException turns the SDK v1 client exception into an AWSClientIOException.
    Throwable failure =
        new SparkException(
            "Job aborted due to stage failure",
            new java.io.UncheckedIOException(
                new org.apache.hadoop.fs.s3a.AWSClientIOException(
                    "getFileStatus on s3a://c360-bronze/interactions/",
                    new com.amazonaws.SdkClientException(
                        "Unable to execute HTTP request: Connect to 127.0.0.1:9000 failed",
                        new ConnectException("Connection refused")))));

    FailureClassifier.Diagnosis diagnosis = FailureClassifier.diagnose(failure);

    assertThat(diagnosis.exitCode()).isEqualTo(ExitCode.EXTERNAL_UNAVAILABLE);
    assertThat(diagnosis.kind()).isEqualTo(FailureClassifier.Kind.S3_UNREACHABLE);
    assertThat(diagnosis.explanation().orElseThrow()).startsWith("S3 could not be reached");
  }

  @Test
  void aTaskFailureWithTheNetworkErrorOnlyAsTextIsUnavailable() {
    // A task's exception that could not be deserialized on the driver survives as text only.
    Throwable failure =
        new SparkException(
            "Job aborted due to stage failure: Task 3 in stage 2.0 failed 4 times, most recent"
                + " failure: org.apache.hadoop.fs.s3a.AWSClientIOException: s3a://c360-bronze/x:"
                + " com.amazonaws.SdkClientException: Unable to execute HTTP request: Connect to"
                + " 127.0.0.1:9000 failed: java.net.ConnectException: Connection refused");

    assertThat(FailureClassifier.diagnose(failure).kind())
        .isEqualTo(FailureClassifier.Kind.S3_UNREACHABLE);
  }

  /** What a client library might throw: a subclass of a JDK network exception. */
  private static final class MetastoreConnectException extends ConnectException {
    private static final long serialVersionUID = 1L;

    MetastoreConnectException(String message) {
      super(message);
    }
  }

  @Test
  void aMissingEventLogFolderAtStartUpIsTheEnvironmentAndSaysHowToCreateIt() {
    java.io.FileNotFoundException missing =
        new java.io.FileNotFoundException(
            "No such file or directory: s3a://c360-artifacts/spark-logs");
    missing.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement(
              "org.apache.hadoop.fs.s3a.S3AFileSystem", "s3GetFileStatus", "S3AFileSystem.java", 1),
          new StackTraceElement(
              "org.apache.spark.deploy.history.EventLogFileWriter",
              "requireLogBaseDirAsDirectory",
              "EventLogFileWriters.scala",
              77),
          new StackTraceElement("org.apache.spark.SparkContext", "<init>", "SparkContext.scala", 1)
        });

    FailureClassifier.Diagnosis diagnosis =
        FailureClassifier.diagnose(new IllegalStateException("session", missing));

    assertThat(diagnosis.kind()).isEqualTo(FailureClassifier.Kind.EVENT_LOG_FOLDER_MISSING);
    assertThat(diagnosis.exitCode()).isEqualTo(ExitCode.EXTERNAL_UNAVAILABLE);
    assertThat(diagnosis.explanation().orElseThrow())
        .contains("s3a://c360-artifacts/spark-logs", "local-stack.sh buckets", "deploy.sh");
  }

  @Test
  void aFileNotFoundElsewhereIsNoEventLogFolder() {
    assertThat(FailureClassifier.classify(new java.io.FileNotFoundException("/data/x.parquet")))
        .isEqualTo(ExitCode.INTERNAL_ERROR);
  }

  @Test
  void aChecksumMismatchInsideATaskIsBadInputNamingTheFile() {
    Throwable failure =
        new org.apache.spark.SparkException(
            "Job aborted due to stage failure: Task 0 in stage 3.0 failed 1 times, most recent"
                + " failure: Lost task 0.0 in stage 3.0 (TID 7) (localhost executor driver):"
                + " org.apache.hadoop.fs.ChecksumException: Checksum error:"
                + " file:/bronze/customer_interactions/event_date=2026-03-01/part-0.parquet at"
                + " 4096 exp: 123 got: 456");

    FailureClassifier.Diagnosis diagnosis = FailureClassifier.diagnose(failure);

    assertThat(diagnosis.exitCode()).isEqualTo(ExitCode.DATA_QUALITY);
    assertThat(diagnosis.explanation().orElseThrow())
        .startsWith(
            "file:/bronze/customer_interactions/event_date=2026-03-01/part-0.parquet does not"
                + " match its .crc")
        .contains("delete its stale .crc");
  }

  @Test
  void aChecksumExceptionOnTheDriverIsBadInputToo() {
    assertThat(
            FailureClassifier.classify(
                new java.io.UncheckedIOException(
                    new org.apache.hadoop.fs.ChecksumException(
                        "Checksum error: file:/bronze/a.parquet at 0", 0))))
        .isEqualTo(ExitCode.DATA_QUALITY);
  }
}
