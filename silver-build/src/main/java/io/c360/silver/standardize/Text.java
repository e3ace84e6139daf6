package io.c360.silver.standardize;

import java.util.regex.Pattern;

/** Whitespace handling shared by the standardizers: Unicode spaces, tabs and NBSP included. */
final class Text {
  private static final Pattern EDGES = Pattern.compile("^[\\p{Z}\\s]+|[\\p{Z}\\s]+$");
  private static final Pattern INNER = Pattern.compile("[\\p{Z}\\s]+");

  private Text() {}

  /** Trims all Unicode space and collapses inner runs to one ASCII space; null stays null. */
  static String clean(String raw) {
    if (raw == null) {
      return null;
    }
    return INNER.matcher(EDGES.matcher(raw).replaceAll("")).replaceAll(" ");
  }

  /** {@link #clean}, with an empty result as null. */
  static String cleanOrNull(String raw) {
    String cleaned = clean(raw);
    return cleaned == null || cleaned.isEmpty() ? null : cleaned;
  }
}
