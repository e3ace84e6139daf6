package io.c360.silver.standardize;

import java.util.regex.Pattern;

/**
 * Whitespace and invisible characters, shared by the standardizers: Unicode spaces, tabs and NBSP
 * included; format characters (Unicode category Cf: U+200B..U+200D, U+2060, U+FEFF, bidi controls)
 * removed.
 */
final class Text {
  private static final Pattern FORMAT = Pattern.compile("\\p{Cf}+");
  private static final Pattern EDGES = Pattern.compile("^[\\p{Z}\\s]+|[\\p{Z}\\s]+$");
  private static final Pattern INNER = Pattern.compile("[\\p{Z}\\s]+");

  private Text() {}

  /**
   * Removes format characters, trims all Unicode space and collapses inner runs to one ASCII space;
   * null stays null.
   */
  static String clean(String raw) {
    if (raw == null) {
      return null;
    }
    if (isPlain(raw)) {
      return raw;
    }
    String visible = FORMAT.matcher(raw).replaceAll("");
    return INNER.matcher(EDGES.matcher(visible).replaceAll("")).replaceAll(" ");
  }

  /**
   * Whether {@code text} is printable ASCII with single spaces between words only: what {@link
   * #clean} returns unchanged, found without a regular expression (nearly every value).
   */
  static boolean isPlain(String text) {
    int last = text.length() - 1;
    for (int i = 0; i <= last; i++) {
      char c = text.charAt(i);
      if (c == ' ') {
        if (i == 0 || i == last || text.charAt(i - 1) == ' ') {
          return false;
        }
      } else if (c < '!' || c > '~') {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code raw} holds a format character (Unicode category Cf), e.g. U+200B. */
  static boolean hasFormatCharacter(String raw) {
    return raw != null && FORMAT.matcher(raw).find();
  }

  /** {@link #clean}, with an empty result as null. */
  static String cleanOrNull(String raw) {
    String cleaned = clean(raw);
    return cleaned == null || cleaned.isEmpty() ? null : cleaned;
  }
}
