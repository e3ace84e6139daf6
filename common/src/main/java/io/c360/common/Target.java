package io.c360.common;

import java.util.Locale;

/** Where a job runs (DESIGN section 1): it picks the Iceberg catalog type and the defaults. */
public enum Target {
  /** One JVM, local files, Iceberg {@code hadoop} catalog in a local warehouse folder. */
  LOCAL,
  /** A laptop or CI stack: S3 server on loopback, Hive Metastore, Spark standalone. */
  STACK,
  /** Stackable on Kubernetes: S3Connection, HiveCluster, SparkApplication. */
  K8S;

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the Iceberg catalog is the Hive Metastore rather than a warehouse folder. */
  public boolean usesHiveCatalog() {
    return this != LOCAL;
  }
}
