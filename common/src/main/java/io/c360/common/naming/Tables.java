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

  private Tables() {}

  /** Fully qualified Iceberg identifier, e.g. {@code lakehouse.silver.customers}. */
  public static String qualified(String namespace, String table) {
    return CATALOG + "." + namespace + "." + table;
  }

  /** The Hive-style partition folder of one event date, e.g. {@code event_date=2026-01-31}. */
  public static String partitionFolder(java.time.LocalDate eventDate) {
    return BronzeColumns.EVENT_DATE + "=" + eventDate;
  }
}
