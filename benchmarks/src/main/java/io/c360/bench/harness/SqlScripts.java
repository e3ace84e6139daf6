package io.c360.bench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The peers' SQL, kept as resources beside the stage's classes: statements that end with a line
 * ending in ';', with named placeholders {@code ${name}} the benchmark fills. scripts/benchmark.py
 * reads gold-trino.sql the same way (sql_statements, fill_placeholders).
 */
public final class SqlScripts {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");

  private SqlScripts() {}

  /** The statements of the resource {@code name} next to {@code anchor}, placeholders unfilled. */
  public static List<String> load(Class<?> anchor, String name) {
    try (InputStream in = anchor.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + name + " of " + anchor.getName());
      }
      return statements(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the resource " + name, e);
    }
  }

  /** The statements of the resource {@code name} next to {@code anchor}, filled with values. */
  public static List<String> load(Class<?> anchor, String name, Map<String, String> values) {
    return load(anchor, name).stream().map(statement -> fill(statement, values)).toList();
  }

  /**
   * The statements of a SQL text: each ends with a line ending in ';' (not a comment line), which
   * is dropped; comment-only and blank lines before a statement are dropped too.
   */
  public static List<String> statements(String text) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      String stripped = line.strip();
      if (current.length() == 0 && (stripped.isEmpty() || stripped.startsWith("--"))) {
        continue;
      }
      current.append(line).append('\n');
      if (stripped.endsWith(";") && !stripped.startsWith("--")) {
        String statement = current.toString().strip();
        statements.add(statement.substring(0, statement.length() - 1).stripTrailing());
        current.setLength(0);
      }
    }
    if (!current.toString().lines().allMatch(l -> l.isBlank() || l.strip().startsWith("--"))) {
      throw new IllegalStateException("Cannot split the SQL: it ends with a statement without ';'");
    }
    return statements;
  }

  /** Replaces each {@code ${name}} by {@code values.get(name)}; a missing value is an error. */
  public static String fill(String statement, Map<String, String> values) {
    Matcher matcher = PLACEHOLDER.matcher(statement);
    StringBuilder filled = new StringBuilder();
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      if (value == null) {
        throw new IllegalArgumentException(
            "Cannot fill the SQL: no value for the placeholder ${" + matcher.group(1) + "}");
      }
      matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(filled);
    return filled.toString();
  }
}
