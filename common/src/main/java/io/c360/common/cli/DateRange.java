package io.c360.common.cli;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** An inclusive range of dates, as the jobs' {@code --dates FIRST[..LAST]} options take it. */
public record DateRange(LocalDate first, LocalDate last) {
  public DateRange {
    requireNonNull(first, "first is null");
    requireNonNull(last, "last is null");
    if (last.isBefore(first)) {
      throw new IllegalArgumentException(
          "Cannot build a date range: " + last + " is before " + first);
    }
  }

  /**
   * Parses {@code FIRST} or {@code FIRST..LAST} (ISO dates).
   *
   * @throws JobFailure of category usage naming {@code option} when the text is not a range
   */
  public static DateRange parse(String option, String text) {
    String[] parts = text.trim().split("\\.\\.", -1);
    if (parts.length > 2) {
      throw OptionChecks.invalid(
          option, "'" + text + "'", "FIRST or FIRST..LAST, e.g. 2026-01-01..2026-01-07");
    }
    LocalDate first = date(option, parts[0]);
    LocalDate last = parts.length == 2 ? date(option, parts[1]) : first;
    if (last.isBefore(first)) {
      throw OptionChecks.invalid(
          option, "'" + text + "'", "a range whose last date is not before its first");
    }
    return new DateRange(first, last);
  }

  /**
   * Parses one ISO date.
   *
   * @throws JobFailure of category usage naming {@code option}
   */
  public static LocalDate date(String option, String value) {
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw OptionChecks.invalid(option, "'" + value + "'", "a date written YYYY-MM-DD");
    }
  }

  public boolean contains(LocalDate date) {
    return !date.isBefore(first) && !date.isAfter(last);
  }

  @Override
  public String toString() {
    return first.equals(last) ? first.toString() : first + ".." + last;
  }
}
