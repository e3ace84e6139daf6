package io.c360.silver.validate;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The documented domains of silver's columns (docs/RELIABILITY.md, "Column domains"): the bounds
 * the rules of {@link Rule} enforce. Each bound leaves room far above what bronze generates, so a
 * value beyond it is a broken upstream, not a big customer.
 */
public final class Domains {
  /**
   * Largest id: 2^53 - 1, the largest integer a double holds exactly, so JSON readers and BI tools
   * (JavaScript, spreadsheets) never round an id into another customer's.
   */
  public static final long MAX_ID = (1L << 53) - 1;

  /** Items in one order line (bronze: 1..10). */
  public static final int MAX_QUANTITY = 10_000;

  /** Unit price in the row's currency (bronze: below 4,000). */
  public static final BigDecimal MAX_UNIT_PRICE = new BigDecimal("100000.00");

  /** Revenue of one order line in its currency: the two bounds above multiplied. */
  public static final BigDecimal MAX_REVENUE = new BigDecimal("1000000000.00");

  /** A session lasts at most a day (bronze: up to 41 minutes). */
  public static final int MAX_SESSION_SECONDS = 86_400;

  /** Page views of one session (bronze: up to 35). */
  public static final int MAX_PAGE_VIEWS = 10_000;

  /** Satisfaction survey scale (CSAT, 1 = very unsatisfied, 5 = very satisfied). */
  public static final int MIN_SATISFACTION = 1;

  public static final int MAX_SATISFACTION = 5;

  /**
   * Latest ingestion after the end of the event's date: bronze writes a date's partition once it is
   * complete (bronze: within three hours).
   */
  public static final int MAX_INGEST_DELAY_DAYS = 7;

  /** Latest return after its purchase (bronze: 1..30 days). */
  public static final int MAX_RETURN_DAYS = 365;

  /** Earliest plausible signup date (bronze: at most three years before its first date). */
  public static final LocalDate EARLIEST_SIGNUP = LocalDate.of(1970, 1, 1);

  /** Loyalty points of one customer (bronze: below 100,000). */
  public static final int MAX_LOYALTY_POINTS = 10_000_000;

  /** Microseconds in a day, for date arithmetic on epoch microseconds. */
  public static final long MICROS_PER_DAY = 86_400L * 1_000_000L;

  private Domains() {}
}
