package io.c360.common.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Validation of option values with messages that name the option, the bad value and what is
 * accepted, in the form {@code Invalid value for option '--days': 0 (accepted: ...)}.
 */
public final class OptionChecks {
  /** File systems the jobs can read and write through Hadoop. */
  public static final Set<String> SUPPORTED_SCHEMES = Set.of("file", "s3a", "hdfs");

  private OptionChecks() {}

  public static JobFailure invalid(String option, Object value, String accepted) {
    return JobFailure.usage(
        "Invalid value for option '" + option + "': " + value + " (accepted: " + accepted + ")");
  }

  public static long requireRange(String option, long value, long min, long max) {
    if (value < min || value > max) {
      throw invalid(option, value, "an integer from " + min + " to " + max);
    }
    return value;
  }

  public static int requireRange(String option, int value, int min, int max) {
    return (int) requireRange(option, (long) value, min, max);
  }

  public static double requireRange(String option, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw invalid(option, value, "a number from " + min + " to " + max);
    }
    return value;
  }

  /**
   * A Hadoop location: an absolute local path, or a URI with a supported scheme. Returns it as a
   * URI string (local paths become {@code file:} URIs).
   */
  public static String requireLocation(String option, String value) {
    String accepted = "an absolute path or a URI with scheme file:, s3a: or hdfs:";
    if (value == null || value.isBlank()) {
      throw invalid(option, "''", accepted);
    }
    URI uri;
    try {
      uri = new URI(value.trim());
    } catch (URISyntaxException e) {
      throw invalid(option, "'" + value + "'", accepted + "; " + e.getReason());
    }
    if (uri.getScheme() == null) {
      java.nio.file.Path path = java.nio.file.Path.of(value.trim()).toAbsolutePath().normalize();
      return path.toUri().toString();
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("s3") || scheme.equals("s3n")) {
      throw invalid(
          option, "'" + value + "'", "s3a:// (Hadoop's S3 connector) instead of " + scheme + "://");
    }
    if (!SUPPORTED_SCHEMES.contains(scheme)) {
      throw invalid(option, "'" + value + "'", accepted);
    }
    if (!scheme.equals("file") && (uri.getAuthority() == null || uri.getAuthority().isBlank())) {
      throw invalid(option, "'" + value + "'", scheme + "://<bucket-or-host>/<path>");
    }
    return uri.toString();
  }
}
