package io.c360.common.report;

import java.util.regex.Pattern;

/** Masks secrets before a value reaches a log line, a report or the audit table. */
public final class SecretMasker {
  public static final String MASK = "****";

  private static final Pattern SECRET_KEY =
      Pattern.compile(
          "(?i).*(secret|password|passwd|token|credential|access[._-]?key|session[._-]?key"
              + "|private[._-]?key).*");

  /**
   * {@code scheme://user-info@}: the user info is everything up to the first '/' or '@', spaces
   * included (a password may hold one; masking too much is the safe side).
   */
  private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/@]+@");

  private SecretMasker() {}

  /** Whether a setting or option with this name holds a secret. */
  public static boolean isSecretKey(String key) {
    return SECRET_KEY.matcher(key).matches();
  }

  /** The value as it may be shown: masked entirely for secret keys, user info removed from URIs. */
  public static String mask(String key, String value) {
    if (value == null) {
      return null;
    }
    if (isSecretKey(key)) {
      return MASK;
    }
    return maskUserInfo(value);
  }

  /** Masks the user info ({@code user:password@}) of a URI inside {@code value}, if any. */
  public static String maskUserInfo(String value) {
    if (value == null) {
      return null;
    }
    return USER_INFO.matcher(value).replaceAll("$1" + MASK + "@");
  }
}
