package io.c360.silver.standardize;

import java.util.Locale;
import org.apache.commons.validator.routines.EmailValidator;

/**
 * Email addresses: trimmed, lower-cased, and valid per Apache Commons Validator (RFC 5321/5322
 * syntax with a real top-level domain; no local addresses). An address holding an invisible format
 * character (a zero-width space, a bidi control) is not valid: Commons Validator lets some through
 * in the local part, and removing it would accept a different address than the one received (a
 * look-alike of another customer's).
 */
public final class Emails {
  private static final EmailValidator VALIDATOR = EmailValidator.getInstance(false, false);

  private Emails() {}

  /** The standard form of {@code raw}, or null when it is missing or not a valid address. */
  public static String standardize(String raw) {
    String cleaned = Text.cleanOrNull(raw);
    if (cleaned == null || Text.hasFormatCharacter(raw)) {
      return null;
    }
    String lower = cleaned.toLowerCase(Locale.ROOT);
    return VALIDATOR.isValid(lower) ? lower : null;
  }
}
