package io.c360.common.cli;

import io.c360.common.Target;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Options every job accepts, mixed into each job's command with {@code @Mixin}. */
public final class CommonOptions {
  @Option(
      names = "--target",
      defaultValue = "local",
      converter = TargetConverter.class,
      description = "Where the job runs: local, stack or k8s (default: ${DEFAULT-VALUE}).")
  Target target;

  @Option(
      names = "--warehouse",
      description =
          "Iceberg warehouse location (file:, s3a:). Default: the catalog's configured warehouse.")
  String warehouse;

  @Option(
      names = "--metastore-uri",
      description =
          "Hive Metastore thrift URI for the stack and k8s targets, e.g. thrift://127.0.0.1:9083."
              + " Default: spark.sql.catalog.lakehouse.uri from the Spark configuration.")
  String metastoreUri;

  @Option(
      names = "--run-id",
      description = "Identifier of this run in reports and the audit table. Default: generated.")
  String runId;

  public Target target() {
    return target;
  }

  public Optional<String> warehouse() {
    return Optional.ofNullable(warehouse);
  }

  public Optional<String> metastoreUri() {
    return Optional.ofNullable(metastoreUri);
  }

  public Optional<String> runId() {
    return Optional.ofNullable(runId);
  }

  /**
   * Validates the options: a warehouse must be a supported location, a metastore URI a {@code
   * thrift://host:port} URI.
   */
  public CatalogSettings toSettings() {
    Optional<String> validWarehouse =
        warehouse().map(value -> OptionChecks.requireLocation("--warehouse", value));
    metastoreUri()
        .filter(uri -> !uri.matches("thrift://[^/:\\s]+:\\d+/?"))
        .ifPresent(
            uri -> {
              throw OptionChecks.invalid(
                  "--metastore-uri", "'" + uri + "'", "thrift://<host>:<port>");
            });
    return new CatalogSettings(target, validWarehouse, metastoreUri());
  }

  /** Parses {@code local|stack|k8s}, naming the accepted values when the value is wrong. */
  public static final class TargetConverter implements ITypeConverter<Target> {
    @Override
    public Target convert(String value) {
      for (Target target : Target.values()) {
        if (target.cliName().equals(value.trim().toLowerCase(Locale.ROOT))) {
          return target;
        }
      }
      throw new TypeConversionException(
          "'" + value + "' is not a target; accepted: local, stack, k8s");
    }
  }
}
