package io.c360.bench.harness;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The Markdown tables the benchmarks print: text columns left-aligned, numbers right-aligned. */
public final class Markdown {
  private Markdown() {}

  /**
   * The header row and the alignment row of a table whose first {@code textColumns} columns are
   * text (left-aligned) and the others numbers (right-aligned).
   */
  public static String header(int textColumns, String... columns) {
    if (textColumns < 0 || textColumns > columns.length) {
      throw new IllegalArgumentException(
          "Cannot print a table header: " + textColumns + " text columns of " + columns.length);
    }
    StringBuilder alignment = new StringBuilder("|");
    for (int i = 0; i < columns.length; i++) {
      alignment.append(i < textColumns ? "---|" : "---:|");
    }
    return row(columns) + "\n" + alignment;
  }

  /** One row; an empty cell is printed as a single space between its bars. */
  public static String row(String... cells) {
    return Arrays.stream(cells)
        .map(cell -> cell.isEmpty() ? " " : " " + cell + " ")
        .collect(Collectors.joining("|", "|", "|"));
  }

  /** A cell's text: {@code values} formatted in the root locale (1,234.5 everywhere). */
  public static String cell(String format, Object... values) {
    return String.format(Locale.ROOT, format, values);
  }
}
