package io.c360.silver.validate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The validation rules of silver. A row that breaks any rule goes to {@code silver.quarantine} with
 * the ids of every rule it breaks. Rules named after a bronze defect kind carry the same id, so
 * quarantined rows per rule reconcile with the manifest's injected defects per kind; the others
 * guard against defects bronze does not inject (and are expected to stay at zero on its data).
 */
public enum Rule {
  // customers
  CUSTOMER_MISSING_ID(Source.CUSTOMERS, true, "customer_id is null"),
  MALFORMED_EMAIL(
      Source.CUSTOMERS,
      true,
      "email is missing, not a valid address, or holds a format character (e.g. U+200B)"),
  INVALID_PHONE(
      Source.CUSTOMERS,
      true,
      "phone is missing, not a valid number for the country, or longer than E.164's 15 digits"),
  INVALID_ZIP(
      Source.CUSTOMERS,
      true,
      "zip_code is missing, not in the country's format, or (US) not in the state's prefixes"),
  IMPLAUSIBLE_BIRTH_DATE(
      Source.CUSTOMERS,
      true,
      "birth_date or signup_date is missing, or birth_date is after signup_date or more than 120"
          + " years before it"),
  INVALID_COUNTRY(Source.CUSTOMERS, false, "country is missing or not an ISO 3166 country"),
  INVALID_STATE(Source.CUSTOMERS, false, "state is missing or unknown for a US, CA or DE address"),
  INVALID_CUSTOMER_ID(
      Source.CUSTOMERS, false, "customer_id is not in 1.." + Domains.MAX_ID + " (2^53 - 1)"),
  IMPLAUSIBLE_ACCOUNT_DATES(
      Source.CUSTOMERS,
      false,
      "signup_date is before "
          + Domains.EARLIEST_SIGNUP
          + " or after the profile's date, or updated_at is missing, before signup_date or after"
          + " the profile's date"),
  LOYALTY_OUT_OF_RANGE(
      Source.CUSTOMERS,
      false,
      "loyalty_points is outside 0.."
          + Domains.MAX_LOYALTY_POINTS
          + " or loyalty_tier is not a known tier"),

  // customer_interactions
  INTERACTION_MISSING_ID(Source.INTERACTIONS, true, "interaction_id is null"),
  INTERACTION_MISSING_CUSTOMER(Source.INTERACTIONS, true, "customer_id is null"),
  ORPHAN_CUSTOMER(Source.INTERACTIONS, true, "customer_id is not a known customer"),
  FUTURE_TIMESTAMP(Source.INTERACTIONS, true, "event_ts is later than ingested_at"),
  NEGATIVE_AMOUNT(Source.INTERACTIONS, true, "quantity, unit_price or revenue is negative"),
  REVENUE_MISMATCH(
      Source.INTERACTIONS,
      true,
      "a purchase's revenue is not round(quantity x unit_price x (1 - discount_rate), 2), or"
          + " cannot be computed because an input is missing"),
  UNKNOWN_CHANNEL(Source.INTERACTIONS, true, "channel is not a known channel after cleaning"),
  NPS_OUT_OF_RANGE(Source.INTERACTIONS, true, "nps_score is outside 0..10"),
  RETURN_BEFORE_PURCHASE(Source.INTERACTIONS, true, "returned_at is before the event_ts"),
  MISSING_EVENT_TS(Source.INTERACTIONS, false, "event_ts or ingested_at is null"),
  UNKNOWN_EVENT_TYPE(
      Source.INTERACTIONS, false, "event_type is not a known event type after cleaning"),
  REVENUE_WITHOUT_PURCHASE(Source.INTERACTIONS, false, "revenue on an event that is no purchase"),
  INCOMPLETE_PURCHASE(
      Source.INTERACTIONS,
      false,
      "a purchase without quantity, unit_price, discount_rate or revenue"),
  UNKNOWN_ORDER_STATUS(
      Source.INTERACTIONS,
      false,
      "a purchase's order_status (standardized) is missing or not completed, cancelled or"
          + " returned"),
  INVALID_ID(
      Source.INTERACTIONS,
      false,
      "interaction_id, customer_id, order_id or support_ticket_id is not in 1.."
          + Domains.MAX_ID
          + ", session_id is not positive, or product_id, store_id or campaign_id is blank or"
          + " holds a space, control or format character"),
  UNKNOWN_CURRENCY(
      Source.INTERACTIONS,
      false,
      "currency (trimmed, upper case) is not one silver converts to USD ("
          + String.join(", ", io.c360.common.naming.Vocabulary.CURRENCIES)
          + "), or is missing on a row with a price or revenue"),
  AMOUNT_OUT_OF_RANGE(
      Source.INTERACTIONS,
      false,
      "quantity is outside 1.."
          + Domains.MAX_QUANTITY
          + ", unit_price above "
          + Domains.MAX_UNIT_PRICE.toPlainString()
          + " or revenue above "
          + Domains.MAX_REVENUE.toPlainString()),
  DISCOUNT_OUT_OF_RANGE(Source.INTERACTIONS, false, "discount_rate is outside 0..1"),
  SESSION_OUT_OF_RANGE(
      Source.INTERACTIONS,
      false,
      "session_duration_sec is outside 0.."
          + Domains.MAX_SESSION_SECONDS
          + " or page_views outside 0.."
          + Domains.MAX_PAGE_VIEWS),
  SATISFACTION_OUT_OF_RANGE(
      Source.INTERACTIONS,
      false,
      "satisfaction_score is outside "
          + Domains.MIN_SATISFACTION
          + ".."
          + Domains.MAX_SATISFACTION),
  EVENT_TS_OUTSIDE_PARTITION(
      Source.INTERACTIONS,
      false,
      "event_ts is not on the partition's UTC date (one later than ingested_at is reported as"
          + " future_timestamp only)"),
  IMPLAUSIBLE_INGESTED_AT(
      Source.INTERACTIONS,
      false,
      "ingested_at is more than "
          + Domains.MAX_INGEST_DELAY_DAYS
          + " days after the end of the partition's date"),
  IMPLAUSIBLE_RETURN(
      Source.INTERACTIONS,
      false,
      "returned_at is more than "
          + Domains.MAX_RETURN_DAYS
          + " days after event_ts, or is_returned disagrees with returned_at"),
  REDELIVERED_CHANGED(
      Source.INTERACTIONS,
      false,
      "an interaction_id silver keeps on another date arrived again with other contents");

  /** The bronze table a rule checks. */
  public enum Source {
    CUSTOMERS,
    INTERACTIONS
  }

  private final Source source;
  private final boolean bronzeDefect;
  private final String description;

  Rule(Source source, boolean bronzeDefect, String description) {
    this.source = source;
    this.bronzeDefect = bronzeDefect;
    this.description = description;
  }

  /** The rule id in quarantine rows, e.g. {@code malformed_email}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public Source source() {
    return source;
  }

  /** Whether bronze injects this defect (and its manifest counts it under the same id). */
  public boolean bronzeDefect() {
    return bronzeDefect;
  }

  public String description() {
    return description;
  }

  public static List<Rule> of(Source source) {
    return Arrays.stream(values()).filter(rule -> rule.source == source).toList();
  }
}
