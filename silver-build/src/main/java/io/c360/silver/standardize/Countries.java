package io.c360.silver.standardize;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Countries to ISO 3166-1 alpha-2 codes. Accepts the alpha-2 and alpha-3 codes in any case, with or
 * without dots ("U.S.A."), the English, German and French names the JDK's locale data (CLDR) knows,
 * and the common aliases a form collects ("UK", "Great Britain", "England", ...).
 */
public final class Countries {
  private static final Map<String, String> BY_KEY = new HashMap<>();

  private static final String[][] ALIASES = {
    {"US", "USA", "UNITED STATES OF AMERICA", "AMERICA", "UNITED STATES"},
    {"GB", "UK", "GREAT BRITAIN", "BRITAIN", "ENGLAND", "SCOTLAND", "WALES", "NORTHERN IRELAND"},
    {"DE", "DEUTSCHLAND", "BRD", "FEDERAL REPUBLIC OF GERMANY"},
    {"NL", "HOLLAND"},
  };

  static {
    Set<String> codes = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2);
    for (String code : codes) {
      Locale country = new Locale.Builder().setRegion(code).build();
      BY_KEY.put(key(code), code);
      try {
        BY_KEY.put(key(country.getISO3Country()), code);
      } catch (java.util.MissingResourceException e) {
        // No alpha-3 code in the JDK's data for this region: the alpha-2 code and names remain.
      }
      for (Locale language : new Locale[] {Locale.ENGLISH, Locale.GERMAN, Locale.FRENCH}) {
        BY_KEY.putIfAbsent(key(country.getDisplayCountry(language)), code);
      }
    }
    for (String[] alias : ALIASES) {
      for (int i = 1; i < alias.length; i++) {
        BY_KEY.put(key(alias[i]), alias[0]);
      }
    }
  }

  private Countries() {}

  /** The alpha-2 code of {@code raw}, or null when it is missing or not a known country. */
  public static String toIso2(String raw) {
    String cleaned = Text.cleanOrNull(raw);
    if (cleaned == null) {
      return null;
    }
    return BY_KEY.get(key(cleaned));
  }

  /** Upper case, letters and single spaces only: "u.s.a." and "U S A" both become "USA". */
  static String key(String text) {
    String upper = text.toUpperCase(Locale.ROOT);
    StringBuilder key = new StringBuilder(upper.length());
    for (int i = 0; i < upper.length(); i++) {
      char c = upper.charAt(i);
      if (Character.isLetter(c)) {
        key.append(c);
      } else if (Character.isWhitespace(c)
          && key.length() > 0
          && key.charAt(key.length() - 1) != ' ') {
        key.append(' ');
      }
    }
    String result = key.toString().trim();
    // "U S A" and "U.S.A." should meet: single letters joined by spaces collapse.
    if (result.matches("(\\p{L} )+\\p{L}")) {
      return result.replace(" ", "");
    }
    return result;
  }
}
