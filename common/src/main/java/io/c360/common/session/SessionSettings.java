package io.c360.common.session;

import static java.util.Objects.requireNonNull;

import io.c360.common.Target;
import java.util.Optional;

/**
 * What a job tells {@link SparkSessions} about itself.
 *
 * @param appName Spark application name
 * @param target where it runs
 * @param warehouse Iceberg warehouse location, if the job uses the catalog
 * @param metastoreUri thrift URI of the Hive Metastore (stack, k8s), if not set in the Spark conf
 * @param usesS3a whether the job reads or writes {@code s3a://} paths (enables the S3A defaults)
 */
public record SessionSettings(
    String appName,
    Target target,
    Optional<String> warehouse,
    Optional<String> metastoreUri,
    boolean usesS3a) {
  public SessionSettings {
    requireNonNull(appName, "appName is null");
    requireNonNull(target, "target is null");
    requireNonNull(warehouse, "warehouse is null");
    requireNonNull(metastoreUri, "metastoreUri is null");
  }
}
