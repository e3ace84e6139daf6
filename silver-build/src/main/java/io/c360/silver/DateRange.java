package io.c360.silver;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/** An inclusive range of dates. */
public record DateRange(LocalDate first, LocalDate last) {
  public DateRange {
    requireNonNull(first, "first is null");
    requireNonNull(last, "last is null");
    if (last.isBefore(first)) {
      throw new IllegalArgumentException(
          "Cannot build a date range: " + last + " is before " + first);
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
