package io.c360.common.naming;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * USPS codes and names of the 50 states and the District of Columbia (ISO 3166-2:US subdivision
 * codes without the {@code US-} prefix). Bronze writes names and misspellings of them as defects;
 * silver maps them back to the codes.
 */
public final class UsStates {
  /** Code to name, in alphabetical order of the codes. */
  public static final Map<String, String> NAMES_BY_CODE;

  static {
    String[][] states = {
      {"AK", "Alaska"},
      {"AL", "Alabama"},
      {"AR", "Arkansas"},
      {"AZ", "Arizona"},
      {"CA", "California"},
      {"CO", "Colorado"},
      {"CT", "Connecticut"},
      {"DC", "District of Columbia"},
      {"DE", "Delaware"},
      {"FL", "Florida"},
      {"GA", "Georgia"},
      {"HI", "Hawaii"},
      {"IA", "Iowa"},
      {"ID", "Idaho"},
      {"IL", "Illinois"},
      {"IN", "Indiana"},
      {"KS", "Kansas"},
      {"KY", "Kentucky"},
      {"LA", "Louisiana"},
      {"MA", "Massachusetts"},
      {"MD", "Maryland"},
      {"ME", "Maine"},
      {"MI", "Michigan"},
      {"MN", "Minnesota"},
      {"MO", "Missouri"},
      {"MS", "Mississippi"},
      {"MT", "Montana"},
      {"NC", "North Carolina"},
      {"ND", "North Dakota"},
      {"NE", "Nebraska"},
      {"NH", "New Hampshire"},
      {"NJ", "New Jersey"},
      {"NM", "New Mexico"},
      {"NV", "Nevada"},
      {"NY", "New York"},
      {"OH", "Ohio"},
      {"OK", "Oklahoma"},
      {"OR", "Oregon"},
      {"PA", "Pennsylvania"},
      {"RI", "Rhode Island"},
      {"SC", "South Carolina"},
      {"SD", "South Dakota"},
      {"TN", "Tennessee"},
      {"TX", "Texas"},
      {"UT", "Utah"},
      {"VA", "Virginia"},
      {"VT", "Vermont"},
      {"WA", "Washington"},
      {"WI", "Wisconsin"},
      {"WV", "West Virginia"},
      {"WY", "Wyoming"},
    };
    Map<String, String> names = new LinkedHashMap<>();
    for (String[] state : states) {
      names.put(state[0], state[1]);
    }
    NAMES_BY_CODE = java.util.Collections.unmodifiableMap(names);
  }

  /**
   * The three-digit ZIP code prefixes (sectional centers) of each state, as USPS assigns them:
   * "350-369" means 350 to 369 inclusive. Silver checks a US zip code against its state with it.
   */
  private static final Map<String, int[][]> ZIP3_RANGES;

  static {
    Map<String, String> prefixes = new LinkedHashMap<>();
    prefixes.put("AK", "995-999");
    prefixes.put("AL", "350-369");
    prefixes.put("AR", "716-729");
    prefixes.put("AZ", "850-865");
    prefixes.put("CA", "900-961");
    prefixes.put("CO", "800-816");
    prefixes.put("CT", "060-069");
    prefixes.put("DC", "200-200,202-205,569-569");
    prefixes.put("DE", "197-199");
    prefixes.put("FL", "320-349");
    prefixes.put("GA", "300-319,398-399");
    prefixes.put("HI", "967-968");
    prefixes.put("IA", "500-528");
    prefixes.put("ID", "832-838");
    prefixes.put("IL", "600-629");
    prefixes.put("IN", "460-479");
    prefixes.put("KS", "660-679");
    prefixes.put("KY", "400-427");
    prefixes.put("LA", "700-714");
    prefixes.put("MA", "010-027,055-055");
    prefixes.put("MD", "206-219");
    prefixes.put("ME", "039-049");
    prefixes.put("MI", "480-499");
    prefixes.put("MN", "550-567");
    prefixes.put("MO", "630-658");
    prefixes.put("MS", "386-397");
    prefixes.put("MT", "590-599");
    prefixes.put("NC", "270-289");
    prefixes.put("ND", "580-588");
    prefixes.put("NE", "680-693");
    prefixes.put("NH", "030-038");
    prefixes.put("NJ", "070-089");
    prefixes.put("NM", "870-884");
    prefixes.put("NV", "889-898");
    prefixes.put("NY", "005-005,100-149");
    prefixes.put("OH", "430-459");
    prefixes.put("OK", "730-749");
    prefixes.put("OR", "970-979");
    prefixes.put("PA", "150-196");
    prefixes.put("RI", "028-029");
    prefixes.put("SC", "290-299");
    prefixes.put("SD", "570-577");
    prefixes.put("TN", "370-385");
    prefixes.put("TX", "750-799,885-885");
    prefixes.put("UT", "840-847");
    prefixes.put("VA", "201-201,220-246");
    prefixes.put("VT", "050-059");
    prefixes.put("WA", "980-994");
    prefixes.put("WI", "530-549");
    prefixes.put("WV", "247-268");
    prefixes.put("WY", "820-831");
    Map<String, int[][]> ranges = new LinkedHashMap<>();
    prefixes.forEach(
        (code, text) ->
            ranges.put(
                code,
                java.util.Arrays.stream(text.split(","))
                    .map(range -> range.split("-"))
                    .map(
                        bounds ->
                            new int[] {Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1])})
                    .toArray(int[][]::new)));
    ZIP3_RANGES = java.util.Collections.unmodifiableMap(ranges);
  }

  /**
   * Whether a five-digit US zip code lies in one of the state's USPS prefixes. False for an unknown
   * state or a zip that does not start with three digits.
   */
  public static boolean zipMatchesState(String stateCode, String zip) {
    int[][] ranges = ZIP3_RANGES.get(stateCode);
    if (ranges == null || zip == null || zip.length() < 3) {
      return false;
    }
    int prefix = 0;
    for (int i = 0; i < 3; i++) {
      char c = zip.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      prefix = prefix * 10 + (c - '0');
    }
    for (int[] range : ranges) {
      if (prefix >= range[0] && prefix <= range[1]) {
        return true;
      }
    }
    return false;
  }

  private UsStates() {}
}
