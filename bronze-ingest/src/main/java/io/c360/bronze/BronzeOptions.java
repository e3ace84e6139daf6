package io.c360.bronze;

import static java.util.Objects.requireNonNull;

import io.c360.bronze.generate.GenerationSpec;
import io.c360.common.cli.CatalogSettings;
import io.c360.common.cli.JobOptions;
import io.c360.common.session.SessionSettings;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Validated options of one bronze-ingest run.
 *
 * @param catalog where the job runs and its catalog
 * @param output bronze root as a URI: tables go to {@code <output>/<table>/event_date=<date>}
 * @param spec what to generate
 * @param outputPartitions files per date partition and table; empty means sized automatically
 * @param compression Parquet codec
 */
public record BronzeOptions(
    CatalogSettings catalog,
    String output,
    GenerationSpec spec,
    OptionalInt outputPartitions,
    String compression)
    implements JobOptions {
  public BronzeOptions {
    requireNonNull(catalog, "catalog is null");
    requireNonNull(output, "output is null");
    requireNonNull(spec, "spec is null");
    requireNonNull(outputPartitions, "outputPartitions is null");
    requireNonNull(compression, "compression is null");
  }

  @Override
  public SessionSettings sessionSettings(String appName) {
    return catalog.sessionSettings(appName, output.startsWith("s3a:"));
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> parameters = catalog.parameters();
    parameters.put("output", output);
    parameters.put("seed", spec.seed());
    parameters.put("customers", spec.customers());
    parameters.put("interactions", spec.interactions());
    parameters.put("start_date", spec.startDate().toString());
    parameters.put("days", spec.days());
    parameters.put("defect_rate", spec.defectRate());
    parameters.put(
        "output_partitions",
        outputPartitions.isPresent() ? Integer.toString(outputPartitions.getAsInt()) : "auto");
    parameters.put("compression", compression);
    return parameters;
  }
}
