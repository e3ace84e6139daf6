package io.c360.bronze.generate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The defects bronze injects on purpose, per table, with the outcome silver is expected to give
 * each. A defective row carries exactly one defect, so silver's counts per rule reconcile with the
 * manifest's counts per kind.
 */
public enum DefectKind {
  // customers
  CUSTOMER_MISSING_ID(Table.CUSTOMERS, Outcome.QUARANTINE, 1, "customer_id is null"),
  MALFORMED_EMAIL(Table.CUSTOMERS, Outcome.QUARANTINE, 3, "email is not a valid address"),
  INVALID_PHONE(Table.CUSTOMERS, Outcome.QUARANTINE, 3, "phone is not a valid number"),
  INVALID_ZIP(
      Table.CUSTOMERS,
      Outcome.QUARANTINE,
      2,
      "zip_code has an invalid format, or a US zip that is not in the state"),
  IMPLAUSIBLE_BIRTH_DATE(
      Table.CUSTOMERS,
      Outcome.QUARANTINE,
      1,
      "birth_date is after signup_date or more than 120 years before it"),
  NONSTANDARD_STATE(
      Table.CUSTOMERS,
      Outcome.REPAIR,
      3,
      "US state as a name, in lower case or misspelled; other codes in lower case; a"
          + " placeholder where the country has no states"),
  NONSTANDARD_COUNTRY(
      Table.CUSTOMERS, Outcome.REPAIR, 2, "country as a name or alias instead of its ISO code"),
  UNTRIMMED_TEXT(
      Table.CUSTOMERS,
      Outcome.REPAIR,
      2,
      "names and email with stray whitespace and random letter case"),

  // customer_interactions
  INTERACTION_MISSING_ID(Table.INTERACTIONS, Outcome.QUARANTINE, 2, "interaction_id is null"),
  INTERACTION_MISSING_CUSTOMER(Table.INTERACTIONS, Outcome.QUARANTINE, 1, "customer_id is null"),
  ORPHAN_CUSTOMER(
      Table.INTERACTIONS,
      Outcome.QUARANTINE,
      2,
      "customer_id does not exist in the customers table"),
  DUPLICATE_EVENT(
      Table.INTERACTIONS,
      Outcome.DEDUPLICATE,
      4,
      "the previous event of the day delivered again (same interaction_id, later ingested_at)"),
  FUTURE_TIMESTAMP(Table.INTERACTIONS, Outcome.QUARANTINE, 2, "event_ts is later than ingested_at"),
  NEGATIVE_AMOUNT(
      Table.INTERACTIONS, Outcome.QUARANTINE, 2, "purchase with a negative unit_price and revenue"),
  REVENUE_MISMATCH(
      Table.INTERACTIONS,
      Outcome.QUARANTINE,
      2,
      "purchase whose revenue is not quantity x unit_price x (1 - discount_rate)"),
  UNKNOWN_CHANNEL(Table.INTERACTIONS, Outcome.QUARANTINE, 2, "channel is not a known channel"),
  NONCANONICAL_CHANNEL(
      Table.INTERACTIONS,
      Outcome.REPAIR,
      2,
      "known channel in another case, padded, or with a space or hyphen"),
  NPS_OUT_OF_RANGE(Table.INTERACTIONS, Outcome.QUARANTINE, 1, "nps_score outside 0..10"),
  RETURN_BEFORE_PURCHASE(
      Table.INTERACTIONS, Outcome.QUARANTINE, 1, "returned_at is before the purchase's event_ts");

  /** The bronze table a defect kind is injected into. */
  public enum Table {
    CUSTOMERS,
    INTERACTIONS
  }

  /** What silver is expected to do with a row carrying the defect. */
  public enum Outcome {
    /** The row is rejected into silver.quarantine with this kind's rule. */
    QUARANTINE,
    /** Standardization repairs the value; the row is accepted. */
    REPAIR,
    /** Deduplication on the business key removes the row. */
    DEDUPLICATE
  }

  private final Table table;
  private final Outcome outcome;
  private final int weight;
  private final String description;

  DefectKind(Table table, Outcome outcome, int weight, String description) {
    this.table = table;
    this.outcome = outcome;
    this.weight = weight;
    this.description = description;
  }

  public Table table() {
    return table;
  }

  public Outcome outcome() {
    return outcome;
  }

  /** Relative frequency among the defects of its table. */
  public int weight() {
    return weight;
  }

  public String description() {
    return description;
  }

  /** Name in manifests and quarantine rule ids, e.g. {@code malformed_email}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the defect only makes sense on a purchase (the row is generated as one). */
  public boolean needsPurchase() {
    return this == NEGATIVE_AMOUNT || this == REVENUE_MISMATCH || this == RETURN_BEFORE_PURCHASE;
  }

  public static List<DefectKind> of(Table table) {
    return Arrays.stream(values()).filter(kind -> kind.table == table).toList();
  }
}
