package io.c360.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutionException;
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

  /** What a client library might throw: a subclass of a JDK network exception. */
  private static final class MetastoreConnectException extends ConnectException {
    private static final long serialVersionUID = 1L;

    MetastoreConnectException(String message) {
      super(message);
    }
  }
}
