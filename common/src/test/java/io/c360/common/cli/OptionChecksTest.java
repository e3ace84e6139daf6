package io.c360.common.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OptionChecksTest {
  @Test
  void invalidNamesOptionValueAndWhatIsAccepted() {
    JobFailure failure = OptionChecks.invalid("--compression", "'brotli'", "snappy, zstd");

    assertThat(failure.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(failure)
        .hasMessage("Invalid value for option '--compression': 'brotli' (accepted: snappy, zstd)");
  }

  @Test
  void integerRangeAcceptsItsBoundsAndRejectsOutside() {
    assertThat(OptionChecks.requireRange("--days", 1, 1, 3660)).isEqualTo(1);
    assertThat(OptionChecks.requireRange("--days", 3660, 1, 3660)).isEqualTo(3660);
    assertThat(OptionChecks.requireRange("--rows", 5L, 0L, 10L)).isEqualTo(5L);

    assertThatThrownBy(() -> OptionChecks.requireRange("--days", 0, 1, 3660))
        .isInstanceOfSatisfying(
            JobFailure.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessage("Invalid value for option '--days': 0 (accepted: an integer from 1 to 3660)");
    assertThatThrownBy(() -> OptionChecks.requireRange("--rows", 11L, 0L, 10L))
        .hasMessageContaining("'--rows'")
        .hasMessageContaining(": 11 ")
        .hasMessageContaining("an integer from 0 to 10");
  }

  @Test
  void numberRangeRejectsOutsideAndNotANumber() {
    assertThat(OptionChecks.requireRange("--defect-rate", 0.0, 0.0, 1.0)).isEqualTo(0.0);
    assertThat(OptionChecks.requireRange("--defect-rate", 1.0, 0.0, 1.0)).isEqualTo(1.0);

    assertThatThrownBy(() -> OptionChecks.requireRange("--defect-rate", 1.5, 0.0, 1.0))
        .isInstanceOf(JobFailure.class)
        .hasMessage(
            "Invalid value for option '--defect-rate': 1.5 (accepted: a number from 0.0 to 1.0)");
    assertThatThrownBy(() -> OptionChecks.requireRange("--defect-rate", Double.NaN, 0.0, 1.0))
        .isInstanceOf(JobFailure.class)
        .hasMessageContaining("NaN");
  }

  @Test
  void s3SchemeIsRejectedWithAHintToS3a() {
    assertThatThrownBy(() -> OptionChecks.requireLocation("--output", "s3://bucket/bronze"))
        .isInstanceOfSatisfying(
            JobFailure.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessageContaining("'--output'")
        .hasMessageContaining("'s3://bucket/bronze'")
        .hasMessageContaining("s3a://");
    assertThatThrownBy(() -> OptionChecks.requireLocation("--output", "s3n://bucket/bronze"))
        .hasMessageContaining("s3a://");
  }

  @Test
  void unsupportedSchemesAreRejectedNamingTheSupportedOnes() {
    assertThatThrownBy(() -> OptionChecks.requireLocation("--warehouse", "gs://bucket/wh"))
        .isInstanceOf(JobFailure.class)
        .hasMessageContaining("'--warehouse'")
        .hasMessageContaining("'gs://bucket/wh'")
        .hasMessageContaining("file:")
        .hasMessageContaining("s3a:")
        .hasMessageContaining("hdfs:");
  }

  @Test
  void remoteLocationsNeedABucketOrHost() {
    assertThatThrownBy(() -> OptionChecks.requireLocation("--output", "s3a:///bronze"))
        .isInstanceOf(JobFailure.class)
        .hasMessageContaining("'s3a:///bronze'")
        .hasMessageContaining("s3a://<bucket-or-host>/<path>");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void blankLocationsAreRejected(String value) {
    assertThatThrownBy(() -> OptionChecks.requireLocation("--output", value))
        .isInstanceOf(JobFailure.class)
        .hasMessageContaining("'--output'")
        .hasMessageContaining("an absolute path or a URI");
  }

  @Test
  void supportedUrisAreKept() {
    assertThat(OptionChecks.requireLocation("--output", "s3a://lake/bronze"))
        .isEqualTo("s3a://lake/bronze");
    assertThat(OptionChecks.requireLocation("--output", "hdfs://namenode:8020/bronze"))
        .isEqualTo("hdfs://namenode:8020/bronze");
    assertThat(OptionChecks.requireLocation("--output", "file:/data/bronze"))
        .isEqualTo("file:/data/bronze");
  }

  @Test
  void relativePathBecomesAnAbsoluteFileLocation() {
    String location = OptionChecks.requireLocation("--output", "target/../bronze-out/run1");

    assertThat(location).startsWith("file:").doesNotContain("..");
    assertThat(localPath(location))
        .isEqualTo(Path.of("bronze-out/run1").toAbsolutePath().normalize());
  }

  @Test
  void absolutePathBecomesAFileLocation() {
    String location = OptionChecks.requireLocation("--output", "/data/bronze");

    assertThat(location).startsWith("file:");
    assertThat(localPath(location)).isEqualTo(Path.of("/data/bronze"));
  }

  @Test
  void absolutePathWithASpaceIsAccepted() {
    // A valid local folder ("an absolute path"), e.g. under "Application Support" on macOS.
    String location = OptionChecks.requireLocation("--output", "/data/my bronze");

    assertThat(localPath(location)).isEqualTo(Path.of("/data/my bronze"));
  }

  /** The local path a location names, as Hadoop (which the jobs write through) reads it. */
  private static Path localPath(String location) {
    java.net.URI uri = new org.apache.hadoop.fs.Path(location).toUri();
    assertThat(uri.getScheme()).isEqualTo("file");
    return Path.of(uri.getPath());
  }
}
