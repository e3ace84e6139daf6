package io.c360.silver.standardize;

import io.c360.common.naming.UsStates;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Postal codes: validated against the country's format and written in its standard form. US zip
 * codes (ZIP or ZIP+4) must also lie in the state's USPS prefixes when the state is known. CA is
 * written "A1A 1A1", GB "OUTWARD INWARD"; other countries keep the cleaned value.
 */
public final class PostalCodes {
  private static final Pattern US = Pattern.compile("(\\d{5})(?:-(\\d{4}))?");
  private static final Pattern CA = Pattern.compile("([A-Z]\\d[A-Z]) ?(\\d[A-Z]\\d)");
  private static final Pattern GB = Pattern.compile("([A-Z]{1,2}\\d[A-Z\\d]?) ?(\\d[A-Z]{2})");
  private static final Pattern DE = Pattern.compile("\\d{5}");

  private PostalCodes() {}

  /**
   * The standard form of {@code raw}, or null when it is missing or invalid.
   *
   * @param country ISO alpha-2 code (null when unknown: any non-blank value passes)
   * @param state the standardized US state code, or null when unknown (no state check then)
   */
  public static String standardize(String country, String state, String raw) {
    String cleaned = Text.cleanOrNull(raw);
    if (cleaned == null) {
      return null;
    }
    String upper = cleaned.toUpperCase(Locale.ROOT);
    if (country == null) {
      return upper;
    }
    switch (country) {
      case "US" -> {
        Matcher matcher = US.matcher(upper);
        if (!matcher.matches()) {
          return null;
        }
        if (state != null && !UsStates.zipMatchesState(state, matcher.group(1))) {
          return null;
        }
        return upper;
      }
      case "CA" -> {
        Matcher matcher = CA.matcher(upper);
        return matcher.matches() ? matcher.group(1) + " " + matcher.group(2) : null;
      }
      case "GB" -> {
        Matcher matcher = GB.matcher(upper);
        return matcher.matches() ? matcher.group(1) + " " + matcher.group(2) : null;
      }
      case "DE" -> {
        return DE.matcher(upper).matches() ? upper : null;
      }
      default -> {
        return upper;
      }
    }
  }
}
