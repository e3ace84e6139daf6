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

  private UsStates() {}
}
