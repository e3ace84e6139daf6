package io.c360.common.cli;

import static java.util.Objects.requireNonNull;

import io.c360.common.Target;
import io.c360.common.session.SessionSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a job runs and how it reaches the Iceberg catalog: the validated form of {@link
 * CommonOptions}.
 *
 * @param target local, stack or k8s
 * @param warehouse Iceberg warehouse location, when given on the command line
 * @param metastoreUri Hive Metastore thrift URI, when given on the command line
 */
public record CatalogSettings(
    Target target, Optional<String> warehouse, Optional<String> metastoreUri) {
  public CatalogSettings {
    requireNonNull(target, "target is null");
    requireNonNull(warehouse, "warehouse is null");
    requireNonNull(metastoreUri, "metastoreUri is null");
  }

  /** Whether the warehouse is on S3 (then the session needs the S3A settings). */
  public boolean warehouseOnS3a() {
    return warehouse.filter(w -> w.startsWith("s3a:")).isPresent();
  }

  /** The run report's parameters for these settings: target, warehouse, metastore URI. */
  public Map<String, Object> parameters() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("target", target.cliName());
    warehouse.ifPresent(value -> parameters.put("warehouse", value));
    metastoreUri.ifPresent(uri -> parameters.put("metastore_uri", uri));
    return parameters;
  }

  /** The session a job with these settings needs. */
  public SessionSettings sessionSettings(String appName, boolean usesS3a) {
    return new SessionSettings(appName, target, warehouse, metastoreUri, usesS3a);
  }
}
