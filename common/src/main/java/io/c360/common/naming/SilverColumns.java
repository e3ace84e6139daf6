package io.c360.common.naming;

/**
 * Column names that silver adds to the bronze contract ({@link BronzeColumns} names the rest). Gold
 * reads silver through these constants; docs/SILVER.md defines every feature.
 */
public final class SilverColumns {
  // lineage, on every silver table
  public static final String RUN_ID = "silver_run_id";
  public static final String LOADED_AT = "silver_loaded_at";

  /** Hash of a row's business columns: a MERGE updates a row only when it changed. */
  public static final String RECORD_HASH = "record_hash";

  // interactions: enrichment
  public static final String EVENT_HOUR = "event_hour";
  public static final String IS_WEEKEND = "is_weekend";
  public static final String REVENUE_USD = "revenue_usd";

  // customers: the bronze snapshot the row comes from
  public static final String PROFILE_DATE = "profile_date";

  // customers: behavioural features (docs/SILVER.md)
  public static final String FEATURES_AS_OF = "features_as_of";
  public static final String LAST_INTERACTION_DATE = "last_interaction_date";
  public static final String RECENCY_DAYS = "recency_days";
  public static final String EVENTS_90D = "events_90d";
  public static final String ORDERS_90D = "orders_90d";
  public static final String MONETARY_90D_USD = "monetary_90d_usd";
  public static final String SESSIONS_7D = "sessions_7d";
  public static final String SESSIONS_30D = "sessions_30d";
  public static final String SESSIONS_90D = "sessions_90d";
  public static final String TIME_SPENT_7D_SEC = "time_spent_7d_sec";
  public static final String TIME_SPENT_30D_SEC = "time_spent_30d_sec";
  public static final String TIME_SPENT_90D_SEC = "time_spent_90d_sec";
  public static final String TOP_CHANNEL_90D = "top_channel_90d";
  public static final String RETURN_RATE_90D = "return_rate_90d";
  public static final String SUPPORT_CONTACTS_90D = "support_contacts_90d";
  public static final String NPS_LAST_30D = "nps_last_30d";
  public static final String NPS_PREVIOUS_60D = "nps_previous_60d";
  public static final String NPS_TREND = "nps_trend";
  public static final String RFM_RECENCY = "rfm_recency_score";
  public static final String RFM_FREQUENCY = "rfm_frequency_score";
  public static final String RFM_MONETARY = "rfm_monetary_score";
  public static final String RFM_SCORE = "rfm_score";
  public static final String VALUE_SEGMENT = "value_segment";

  // quarantine
  public static final String QUARANTINED_AT = "quarantined_at";
  public static final String SOURCE_TABLE = "source_table";
  public static final String SOURCE_PARTITION = "source_partition";
  public static final String RECORD_KEY = "record_key";
  public static final String RULE_IDS = "rule_ids";
  public static final String RECORD = "record";

  // progress (audit.silver_bronze_partitions)
  public static final String FINGERPRINT = "fingerprint";
  public static final String FILES = "files";
  public static final String BYTES = "bytes";
  public static final String ROWS = "rows";
  public static final String PROCESSED_AT = "processed_at";

  private SilverColumns() {}
}
