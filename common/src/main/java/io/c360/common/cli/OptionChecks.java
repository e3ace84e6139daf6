package io.c360.common.cli;

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
   * A Hadoop location: an absolute or relative local path, or a URI with a supported scheme.
   * Returns it without a trailing slash; local paths become absolute {@code file:} locations,
   * spaces kept as they are (Hadoop paths are not percent-encoded).
   */
  public static String requireLocation(String option, String value) {
    String accepted = "an absolute path or a URI with scheme file:, s3a: or hdfs:";
    if (value == null || value.isBlank()) {
      throw invalid(option, "''", accepted);
    }
    String trimmed = value.trim();
    int colon = trimmed.indexOf(':');
    int slash = trimmed.indexOf('/');
    boolean hasScheme = colon > 0 && (slash < 0 || colon < slash);
    if (!hasScheme) {
      return "file:"
          + stripTrailingSlash(
              java.nio.file.Path.of(trimmed).toAbsolutePath().normalize().toString());
    }
    String scheme = trimmed.substring(0, colon).toLowerCase(Locale.ROOT);
    if (scheme.equals("s3") || scheme.equals("s3n")) {
      throw invalid(
          option, "'" + value + "'", "s3a:// (Hadoop's S3 connector) instead of " + scheme + "://");
    }
    if (!SUPPORTED_SCHEMES.contains(scheme)) {
      throw invalid(option, "'" + value + "'", accepted);
    }
    String rest = trimmed.substring(colon + 1);
    if (scheme.equals("file")) {
      String path = rest.replaceFirst("^//", "");
      if (!path.startsWith("/")) {
        throw invalid(option, "'" + value + "'", "file:/absolute/path");
      }
      return "file:" + stripTrailingSlash(java.nio.file.Path.of(path).normalize().toString());
    }
    if (!rest.startsWith("//") || rest.length() <= 2 || rest.charAt(2) == '/') {
      throw invalid(option, "'" + value + "'", scheme + "://<bucket-or-host>/<path>");
    }
    return scheme + ":" + stripTrailingSlash(rest);
  }

  private static String stripTrailingSlash(String location) {
    String result = location;
    while (result.length() > 1 && result.endsWith("/") && !result.endsWith("://")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }
}
