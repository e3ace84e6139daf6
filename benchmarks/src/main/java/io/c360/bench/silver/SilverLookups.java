package io.c360.bench.silver;

import io.c360.common.naming.UsStates;
import io.c360.silver.standardize.Countries;
import io.c360.silver.standardize.Subdivisions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The lookup tables of DuckDB's silver (countries, states, US zip prefixes), built from the same
 * sources silver uses and checked against silver's own standardizers, as SQL VALUES rows for
 * lookups.sql.
 */
final class SilverLookups {
  /** The aliases silver's Countries adds to the JDK's names (codes and names come from CLDR). */
  private static final List<String> COUNTRY_ALIASES =
      List.of(
          "USA",
          "United States of America",
          "America",
          "United States",
          "UK",
          "Great Britain",
          "Britain",
          "England",
          "Scotland",
          "Wales",
          "Northern Ireland",
          "Deutschland",
          "BRD",
          "Federal Republic of Germany",
          "Holland");

  private SilverLookups() {}

  /** Rows as the text of SQL VALUES: {@code ('a', 'b'), ('c', 'd')}. */
  static String values(List<List<String>> rows) {
    return rows.stream()
        .map(
            row ->
                row.stream().map(DuckDbSilver::literal).collect(Collectors.joining(", ", "(", ")")))
        .collect(Collectors.joining(", "));
  }

  /**
   * Key to ISO code for the ISO codes, alpha-3 codes, English, German and French names and aliases,
   * each mapped by silver's own {@link Countries#toIso2} (so the table agrees with silver on every
   * value it holds).
   */
  static List<List<String>> countryRows() {
    List<String> candidates = new ArrayList<>(COUNTRY_ALIASES);
    for (String code : Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2)) {
      Locale country = new Locale.Builder().setRegion(code).build();
      candidates.add(code);
      try {
        candidates.add(country.getISO3Country());
      } catch (MissingResourceException e) {
        // No alpha-3 code in the JDK's data for this region, as in silver's Countries.
      }
      for (Locale language : new Locale[] {Locale.ENGLISH, Locale.GERMAN, Locale.FRENCH}) {
        candidates.add(country.getDisplayCountry(language));
      }
    }
    Map<String, String> byKey = new TreeMap<>();
    for (String candidate : candidates) {
      String code = Countries.toIso2(candidate);
      if (code != null) {
        byKey.putIfAbsent(countryKey(candidate), code);
      }
    }
    return byKey.entrySet().stream().map(e -> List.of(e.getKey(), e.getValue())).toList();
  }

  /** Mirrors Countries.key, which the SQL macro {@code country_key} computes. */
  static String countryKey(String text) {
    String spaced =
        text.toUpperCase(Locale.ROOT).replaceAll("[^\\p{L}\\s]", "").replaceAll("\\s+", " ").trim();
    return spaced.matches("(\\p{L} )+\\p{L}") ? spaced.replace(" ", "") : spaced;
  }

  /** Codes and names (with umlauts folded too) of US, CA and DE subdivisions, checked. */
  static List<List<String>> stateRows() {
    Map<String, Map<String, String>> namesByCountry = new LinkedHashMap<>();
    namesByCountry.put("US", UsStates.NAMES_BY_CODE);
    namesByCountry.putAll(Subdivisions.NAMES_BY_CODE);
    List<List<String>> rows = new ArrayList<>();
    namesByCountry.forEach(
        (country, names) -> {
          Map<String, String> byKey = new TreeMap<>();
          names.forEach(
              (code, name) -> {
                for (String candidate : List.of(code, name, foldUmlauts(name))) {
                  String standard = Subdivisions.standardize(country, candidate).code();
                  if (!code.equals(standard)) {
                    throw new IllegalStateException(
                        "The benchmark's state table disagrees with silver: "
                            + country
                            + " "
                            + candidate
                            + " is "
                            + standard
                            + " in silver, "
                            + code
                            + " here. Update SilverLookups.stateRows.");
                  }
                  byKey.put(stateKey(candidate), code);
                }
              });
          byKey.forEach((key, code) -> rows.add(List.of(country, key, code)));
        });
    return rows;
  }

  private static String foldUmlauts(String name) {
    return name.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae").replace("ß", "ss");
  }

  private static String stateKey(String text) {
    return text.toUpperCase(Locale.ROOT).replace('-', ' ').replaceAll("\\s+", " ").trim();
  }

  /** Every (state, three-digit prefix) pair silver's UsStates.zipMatchesState accepts. */
  static List<List<String>> zipPrefixRows() {
    List<List<String>> rows = new ArrayList<>();
    for (String state : UsStates.NAMES_BY_CODE.keySet()) {
      for (int prefix = 0; prefix < 1000; prefix++) {
        String digits = String.format(Locale.ROOT, "%03d", prefix);
        if (UsStates.zipMatchesState(state, digits + "00")) {
          rows.add(List.of(state, digits));
        }
      }
    }
    return rows;
  }
}
