package io.c360.common.report;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/** Masks secrets before a value reaches a log line, a report or the audit table. */
public final class SecretMasker {
  public static final String MASK = "****";

  private static final Pattern SECRET_KEY =
      Pattern.compile(
          "(?i).*(secret|password|passwd|token|credential|access[._-]?key|session[._-]?key"
              + "|private[._-]?key).*");

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

  static String maskUserInfo(String value) {
    if (!value.contains("@") || !value.contains("://")) {
      return value;
    }
    try {
      URI uri = new URI(value);
      if (uri.getRawUserInfo() == null) {
        return value;
      }
      return value.replace(uri.getRawUserInfo(), MASK);
    } catch (URISyntaxException e) {
      // Not a URI: mask everything between the scheme and the '@' to be safe.
      return value.replaceAll("://[^/@]*@", "://" + MASK + "@");
    }
  }
}
