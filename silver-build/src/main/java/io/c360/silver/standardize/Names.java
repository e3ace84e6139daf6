package io.c360.silver.standardize;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.text.WordUtils;

/**
 * Person names: whitespace trimmed and collapsed, and casing repaired where it is clearly broken
 * (all upper, all lower, or random). A word that is already properly cased is kept as written, so
 * "McKenzie", "O'Hara" and "Smith-Jones" survive; particles such as "van" or "von" stay lower case
 * inside a name.
 */
public final class Names {
  /**
   * A capital, then lower case, optionally joined by a hyphen or apostrophe to more of the same.
   */
  private static final Pattern PROPER_WORD =
      Pattern.compile("\\p{Lu}\\p{Ll}+(?:['\\-]\\p{Lu}\\p{Ll}*)*|\\p{Lu}");

  /** Mc/Mac/O' names: "McKenzie", "MacDonald", "O'Brien". */
  private static final Pattern PREFIXED_WORD =
      Pattern.compile("(?:Mc|Mac|O')\\p{Lu}\\p{Ll}+(?:['\\-]\\p{Lu}\\p{Ll}*)*");

  private static final Set<String> PARTICLES =
      Set.of("van", "von", "der", "den", "de", "da", "di", "du", "la", "le", "del", "zu");

  private Names() {}

  /** The standard form of {@code raw}, or null when it is missing or blank. */
  public static String standardize(String raw) {
    String cleaned = Text.cleanOrNull(raw);
    if (cleaned == null) {
      return null;
    }
    String[] words = cleaned.split(" ");
    StringBuilder name = new StringBuilder(cleaned.length());
    for (int i = 0; i < words.length; i++) {
      if (i > 0) {
        name.append(' ');
      }
      name.append(word(words[i], i > 0));
    }
    return name.toString();
  }

  private static String word(String word, boolean inside) {
    if (PROPER_WORD.matcher(word).matches() || PREFIXED_WORD.matcher(word).matches()) {
      return word;
    }
    String lower = word.toLowerCase(Locale.ROOT);
    if (inside && PARTICLES.contains(lower)) {
      return lower;
    }
    return WordUtils.capitalizeFully(word, '-', '\'');
  }
}
