package io.c360.common.naming;

/**
 * Column names of the gold tables (docs/GOLD.md defines every metric). Gold keys reuse {@link
 * BronzeColumns#EVENT_DATE}, {@link BronzeColumns#CHANNEL}, {@link BronzeColumns#CUSTOMER_ID} and
 * {@link SilverColumns#VALUE_SEGMENT}, so a BI user joins gold to silver on the same names.
 */
public final class GoldColumns {
  // daily_kpis
  public static final String ACTIVE_CUSTOMERS = "active_customers";
  public static final String NEW_CUSTOMERS = "new_customers";
  public static final String SESSIONS = "sessions";
  public static final String ORDERS = "orders";
  public static final String REVENUE_USD = "revenue_usd";
  public static final String AVG_ORDER_VALUE_USD = "avg_order_value_usd";
  public static final String BUYERS = "buyers";
  public static final String CONVERSION_RATE = "conversion_rate";
  public static final String RETURNED_ORDERS = "returned_orders";
  public static final String RETURN_RATE = "return_rate";
  public static final String SUPPORT_CONTACTS = "support_contacts";
  public static final String NPS_RESPONSES = "nps_responses";
  public static final String NPS = "nps";

  // revenue_by_channel
  public static final String REVENUE_SHARE = "revenue_share";

  // customer_engagement and churn_risk
  public static final String AS_OF_DATE = "as_of_date";
  public static final String LAST_ACTIVE_DATE = "last_active_date";
  public static final String DAYS_SINCE_LAST_ACTIVE = "days_since_last_active";
  public static final String ACTIVE_DAYS_30D = "active_days_30d";
  public static final String SESSIONS_30D = "sessions_30d";
  public static final String MINUTES_30D = "minutes_30d";
  public static final String CHANNELS_90D = "channels_90d";
  public static final String EMAIL_ENGAGEMENTS_30D = "email_engagements_30d";
  public static final String RECENCY_SCORE = "recency_score";
  public static final String FREQUENCY_SCORE = "frequency_score";
  public static final String SESSION_SCORE = "session_score";
  public static final String TIME_SCORE = "time_score";
  public static final String BREADTH_SCORE = "breadth_score";
  public static final String EMAIL_SCORE = "email_score";
  public static final String ENGAGEMENT_SCORE = "engagement_score";
  public static final String ENGAGEMENT_LEVEL = "engagement_level";

  // segment_engagement
  public static final String CUSTOMERS = "customers";
  public static final String AVG_ENGAGEMENT_SCORE = "avg_engagement_score";
  public static final String HIGH_ENGAGEMENT_SHARE = "high_engagement_share";
  public static final String LOW_ENGAGEMENT_SHARE = "low_engagement_share";
  public static final String AVG_CHURN_RISK = "avg_churn_risk";

  // churn_risk
  public static final String EVENTS_LAST_14D = "events_last_14d";
  public static final String EVENTS_PRIOR_14D_AVG = "events_prior_14d_avg";
  public static final String SUPPORT_CONTACTS_90D = "support_contacts_90d";
  public static final String AVG_NPS_90D = "avg_nps_90d";
  public static final String RETURN_RATE_90D = "return_rate_90d";
  public static final String INACTIVITY_RISK = "inactivity_risk";
  public static final String FREQUENCY_DECLINE_RISK = "frequency_decline_risk";
  public static final String SUPPORT_RISK = "support_risk";
  public static final String NPS_RISK = "nps_risk";
  public static final String RETURNS_RISK = "returns_risk";
  public static final String CHURN_RISK_SCORE = "churn_risk_score";
  public static final String RISK_BAND = "risk_band";
  public static final String MAIN_DRIVERS = "main_drivers";

  // lineage, on every gold table
  public static final String GOLD_RUN_ID = "gold_run_id";
  public static final String GOLD_LOADED_AT = "gold_loaded_at";

  // progress (audit.gold_silver_partitions)
  public static final String SILVER_SNAPSHOT_ID = "silver_snapshot_id";
  public static final String SILVER_ROWS = "silver_rows";
  public static final String PROCESSED_AT = "processed_at";

  private GoldColumns() {}
}
