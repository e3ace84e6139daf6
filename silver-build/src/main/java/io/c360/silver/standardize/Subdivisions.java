package io.c360.silver.standardize;

import io.c360.common.naming.UsStates;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * States, provinces and Länder to their ISO 3166-2 subdivision codes (without the country prefix)
 * for the countries that have them in this data: US, CA and DE. Codes and names are accepted in any
 * case; names with one slip of the keyboard (a dropped letter, two letters swapped) are matched by
 * edit distance when exactly one name is that close. Placeholders ("N/A", "-", "none", blanks) mean
 * no value. Other countries keep the cleaned value.
 */
public final class Subdivisions {
  /** Edit distance up to which a misspelled name is matched (a swap of two letters is 1). */
  private static final int MAX_DISTANCE = 2;

  /** Values that mean "no state" (upper case, trimmed). */
  public static final Set<String> PLACEHOLDERS =
      Set.of("", "N/A", "NA", "-", "--", "NONE", "NULL", "UNKNOWN", "?", "N.A.");

  /**
   * Subdivision names by code of the countries with codes besides the US ({@code UsStates}):
   * Canadian provinces and territories, German Länder.
   */
  public static final Map<String, Map<String, String>> NAMES_BY_CODE =
      Map.of(
          "CA",
          Map.ofEntries(
              Map.entry("AB", "Alberta"),
              Map.entry("BC", "British Columbia"),
              Map.entry("MB", "Manitoba"),
              Map.entry("NB", "New Brunswick"),
              Map.entry("NL", "Newfoundland and Labrador"),
              Map.entry("NS", "Nova Scotia"),
              Map.entry("NT", "Northwest Territories"),
              Map.entry("NU", "Nunavut"),
              Map.entry("ON", "Ontario"),
              Map.entry("PE", "Prince Edward Island"),
              Map.entry("QC", "Quebec"),
              Map.entry("SK", "Saskatchewan"),
              Map.entry("YT", "Yukon")),
          "DE",
          Map.ofEntries(
              Map.entry("BW", "Baden-Württemberg"),
              Map.entry("BY", "Bayern"),
              Map.entry("BE", "Berlin"),
              Map.entry("BB", "Brandenburg"),
              Map.entry("HB", "Bremen"),
              Map.entry("HH", "Hamburg"),
              Map.entry("HE", "Hessen"),
              Map.entry("MV", "Mecklenburg-Vorpommern"),
              Map.entry("NI", "Niedersachsen"),
              Map.entry("NW", "Nordrhein-Westfalen"),
              Map.entry("RP", "Rheinland-Pfalz"),
              Map.entry("SL", "Saarland"),
              Map.entry("SN", "Sachsen"),
              Map.entry("ST", "Sachsen-Anhalt"),
              Map.entry("SH", "Schleswig-Holstein"),
              Map.entry("TH", "Thüringen")));

  private static final Map<String, Map<String, String>> CODES_BY_NAME = new LinkedHashMap<>();

  static {
    CODES_BY_NAME.put("US", byName(UsStates.NAMES_BY_CODE));
    NAMES_BY_CODE.forEach((country, names) -> CODES_BY_NAME.put(country, byName(names)));
  }

  private Subdivisions() {}

  /** The outcome: the standard value (null for none) and whether the input was acceptable. */
  public record Result(String code, boolean valid) {}

  /**
   * Standardizes {@code raw} for a country.
   *
   * @param country ISO alpha-2 code, already standardized (null when unknown)
   * @return for US, CA and DE the code, invalid when it cannot be resolved or is missing; elsewhere
   *     the cleaned value (null for a placeholder), always valid
   */
  public static Result standardize(String country, String raw) {
    String cleaned = Text.clean(raw);
    boolean placeholder =
        cleaned == null || PLACEHOLDERS.contains(cleaned.toUpperCase(Locale.ROOT));
    Map<String, String> codes = country == null ? null : CODES_BY_NAME.get(country);
    if (codes == null) {
      return new Result(placeholder ? null : cleaned, true);
    }
    if (placeholder) {
      return new Result(null, false);
    }
    String code = resolve(codes, key(cleaned));
    return new Result(code, code != null);
  }

  private static String resolve(Map<String, String> codes, String key) {
    String exact = codes.get(key);
    if (exact != null) {
      return exact;
    }
    if (key.length() <= 3) {
      // A code-length value is a code or nothing: too short to guess from.
      return null;
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    boolean tie = false;
    for (Map.Entry<String, String> entry : codes.entrySet()) {
      if (entry.getKey().length() <= 2) {
        continue;
      }
      int d = editDistance(key, entry.getKey());
      if (d > MAX_DISTANCE) {
        continue;
      }
      if (d < bestDistance) {
        best = entry.getValue();
        bestDistance = d;
        tie = false;
      } else if (d == bestDistance && !entry.getValue().equals(best)) {
        tie = true;
      }
    }
    return tie ? null : best;
  }

  /**
   * Optimal string alignment distance: insertions, deletions, substitutions and swaps of adjacent
   * letters each cost 1 (Levenshtein counts a swap as 2, which makes "Akransas" as close to Kansas
   * as to Arkansas).
   */
  static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /** Codes and upper-case names (with and without umlauts) to codes. */
  private static Map<String, String> byName(Map<String, String> namesByCode) {
    Map<String, String> codes = new LinkedHashMap<>();
    namesByCode.forEach(
        (code, name) -> {
          codes.put(code, code);
          codes.put(key(name), code);
          codes.put(key(foldUmlauts(name)), code);
        });
    return codes;
  }

  private static String foldUmlauts(String name) {
    return name.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae").replace("ß", "ss");
  }

  /**
   * Upper case with hyphens as spaces and single spaces: "baden-württemberg" -> "BADEN
   * WÜRTTEMBERG".
   */
  static String key(String text) {
    return text.toUpperCase(Locale.ROOT).replace('-', ' ').replaceAll("\\s+", " ").trim();
  }
}
