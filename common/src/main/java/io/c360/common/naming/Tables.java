package io.c360.common.naming;

/**
 * The one place that names the lakehouse's catalog, namespaces and tables. Bronze tables are
 * Parquet folders under the bronze root; silver and gold tables live in the Iceberg catalog.
 */
public final class Tables {
  /** Spark catalog name under which the Iceberg catalog (hadoop or hive) is registered. */
  public static final String CATALOG = "lakehouse";

  public static final String BRONZE_CUSTOMERS = "customers";
  public static final String BRONZE_INTERACTIONS = "customer_interactions";

  /** Folder under the bronze root that holds one JSON manifest per generated window. */
  public static final String BRONZE_MANIFESTS = "_manifests";

  public static final String SILVER_NAMESPACE = "silver";
  public static final String GOLD_NAMESPACE = "gold";
  public static final String AUDIT_NAMESPACE = "audit";

  /** silver: one current, standardized row per customer with segment and features. */
  public static final String SILVER_CUSTOMERS = "customers";

  /** silver: deduplicated, validated, enriched interactions, partitioned by event_date. */
  public static final String SILVER_INTERACTIONS = "interactions";

  /** silver: every rejected bronze row, whole, with the rules that rejected it. */
  public static final String SILVER_QUARANTINE = "quarantine";

  /** audit: one row per job run of any job (DESIGN section 4, Audit). */
  public static final String AUDIT_JOB_RUNS = "job_runs";

  /** audit: the bronze partitions silver-build has processed, with their fingerprints. */
  public static final String AUDIT_SILVER_PROGRESS = "silver_bronze_partitions";

  /** gold: one row per day of business KPIs. */
  public static final String GOLD_DAILY_KPIS = "daily_kpis";

  /** gold: one row per day and channel: revenue, orders and the channel's share of the day. */
  public static final String GOLD_REVENUE_BY_CHANNEL = "revenue_by_channel";

  /** gold: one row per customer: engagement score and its components, as of a date. */
  public static final String GOLD_CUSTOMER_ENGAGEMENT = "customer_engagement";

  /** gold: one row per value segment: the customer engagement rolled up. */
  public static final String GOLD_SEGMENT_ENGAGEMENT = "segment_engagement";

  /** gold: one row per customer: churn-risk score, band and drivers, as of a date. */
  public static final String GOLD_CHURN_RISK = "churn_risk";

  /** audit: the silver.interactions partitions gold-finalize has aggregated, by snapshot. */
  public static final String AUDIT_GOLD_PROGRESS = "gold_silver_partitions";

  private Tables() {}

  /**
   * Fully qualified identifiers of every Iceberg table, in {@link #CATALOG}: the only place they
   * are spelled out. Jobs, tests and benchmarks use these instead of joining names themselves.
   */
  public static final class Qualified {
    public static final String SILVER_CUSTOMERS =
        qualified(SILVER_NAMESPACE, Tables.SILVER_CUSTOMERS);
    public static final String SILVER_INTERACTIONS =
        qualified(SILVER_NAMESPACE, Tables.SILVER_INTERACTIONS);
    public static final String SILVER_QUARANTINE =
        qualified(SILVER_NAMESPACE, Tables.SILVER_QUARANTINE);
    public static final String GOLD_DAILY_KPIS = qualified(GOLD_NAMESPACE, Tables.GOLD_DAILY_KPIS);
    public static final String GOLD_REVENUE_BY_CHANNEL =
        qualified(GOLD_NAMESPACE, Tables.GOLD_REVENUE_BY_CHANNEL);
    public static final String GOLD_CUSTOMER_ENGAGEMENT =
        qualified(GOLD_NAMESPACE, Tables.GOLD_CUSTOMER_ENGAGEMENT);
    public static final String GOLD_SEGMENT_ENGAGEMENT =
        qualified(GOLD_NAMESPACE, Tables.GOLD_SEGMENT_ENGAGEMENT);
    public static final String GOLD_CHURN_RISK = qualified(GOLD_NAMESPACE, Tables.GOLD_CHURN_RISK);
    public static final String AUDIT_JOB_RUNS = qualified(AUDIT_NAMESPACE, Tables.AUDIT_JOB_RUNS);
    public static final String AUDIT_SILVER_PROGRESS =
        qualified(AUDIT_NAMESPACE, Tables.AUDIT_SILVER_PROGRESS);
    public static final String AUDIT_GOLD_PROGRESS =
        qualified(AUDIT_NAMESPACE, Tables.AUDIT_GOLD_PROGRESS);

    /** The gold tables, in the order a reader meets them (daily first, then per customer). */
    public static final java.util.List<String> GOLD_TABLES =
        java.util.List.of(
            GOLD_DAILY_KPIS,
            GOLD_REVENUE_BY_CHANNEL,
            GOLD_CUSTOMER_ENGAGEMENT,
            GOLD_SEGMENT_ENGAGEMENT,
            GOLD_CHURN_RISK);

    private Qualified() {}
  }

  /** Fully qualified Iceberg identifier, e.g. {@code lakehouse.silver.customers}. */
  public static String qualified(String namespace, String table) {
    return CATALOG + "." + namespace + "." + table;
  }

  /** The Hive-style partition folder of one event date, e.g. {@code event_date=2026-01-31}. */
  public static String partitionFolder(java.time.LocalDate eventDate) {
    return BronzeColumns.EVENT_DATE + "=" + eventDate;
  }
}
