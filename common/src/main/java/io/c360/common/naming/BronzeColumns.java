package io.c360.common.naming;

/**
 * Column names of the bronze tables: the data contract between bronze-ingest and silver-build
 * (DESIGN section 4). {@link BronzeSchemas} gives their types.
 */
public final class BronzeColumns {
  /** Partition column of both bronze tables (a folder level, not stored in the files). */
  public static final String EVENT_DATE = "event_date";

  // customers: identity
  public static final String CUSTOMER_ID = "customer_id";
  public static final String FIRST_NAME = "first_name";
  public static final String LAST_NAME = "last_name";
  public static final String EMAIL = "email";
  public static final String PHONE = "phone";
  public static final String BIRTH_DATE = "birth_date";
  public static final String GENDER = "gender";
  // customers: geography
  public static final String STREET_ADDRESS = "street_address";
  public static final String CITY = "city";
  public static final String STATE = "state";
  public static final String ZIP_CODE = "zip_code";
  public static final String COUNTRY = "country";
  // customers: account
  public static final String SIGNUP_DATE = "signup_date";
  public static final String SIGNUP_CHANNEL = "signup_channel";
  public static final String LOYALTY_TIER = "loyalty_tier";
  public static final String LOYALTY_POINTS = "loyalty_points";
  public static final String PREFERRED_CHANNEL = "preferred_channel";
  public static final String MARKETING_CONSENT = "marketing_consent";
  public static final String UPDATED_AT = "updated_at";

  // customer_interactions: interaction
  public static final String INTERACTION_ID = "interaction_id";
  public static final String EVENT_TS = "event_ts";
  public static final String INGESTED_AT = "ingested_at";
  public static final String CHANNEL = "channel";
  public static final String EVENT_TYPE = "event_type";
  public static final String SESSION_ID = "session_id";
  public static final String SESSION_DURATION_SEC = "session_duration_sec";
  public static final String PAGE_VIEWS = "page_views";
  public static final String DEVICE_TYPE = "device_type";
  public static final String OS = "os";
  public static final String BROWSER = "browser";
  public static final String CAMPAIGN_ID = "campaign_id";
  public static final String UTM_SOURCE = "utm_source";
  public static final String STORE_ID = "store_id";
  // customer_interactions: commerce
  public static final String PRODUCT_ID = "product_id";
  public static final String PRODUCT_NAME = "product_name";
  public static final String PRODUCT_CATEGORY = "product_category";
  public static final String QUANTITY = "quantity";
  public static final String UNIT_PRICE = "unit_price";
  public static final String DISCOUNT_RATE = "discount_rate";
  public static final String REVENUE = "revenue";
  public static final String CURRENCY = "currency";
  public static final String PAYMENT_METHOD = "payment_method";
  public static final String ORDER_ID = "order_id";
  public static final String ORDER_STATUS = "order_status";
  public static final String IS_RETURNED = "is_returned";
  public static final String RETURNED_AT = "returned_at";
  // customer_interactions: service
  public static final String SUPPORT_TICKET_ID = "support_ticket_id";
  public static final String SATISFACTION_SCORE = "satisfaction_score";
  public static final String NPS_SCORE = "nps_score";

  private BronzeColumns() {}
}
