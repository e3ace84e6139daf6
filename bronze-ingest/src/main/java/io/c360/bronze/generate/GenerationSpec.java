package io.c360.bronze.generate;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters that determine every generated row. Same spec, same rows: whatever the number of
 * partitions, executors or cores.
 */
public record GenerationSpec(
    long seed, long customers, long interactions, LocalDate startDate, int days, double defectRate)
    implements Serializable {
  public GenerationSpec {
    requireNonNull(startDate, "startDate is null");
  }

  public LocalDate endDate() {
    return startDate.plusDays(days - 1L);
  }

  public GenerationPlan plan() {
    return new GenerationPlan(seed, customers, interactions, startDate, days, defectRate);
  }

  /** As data source options, for {@link io.c360.bronze.source.SyntheticBronzeSource}. */
  public Map<String, String> toOptions() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("seed", Long.toString(seed));
    options.put("customers", Long.toString(customers));
    options.put("interactions", Long.toString(interactions));
    options.put("startDate", startDate.toString());
    options.put("days", Integer.toString(days));
    options.put("defectRate", Double.toString(defectRate));
    return options;
  }

  public static GenerationSpec fromOptions(Map<String, String> options) {
    return new GenerationSpec(
        Long.parseLong(required(options, "seed")),
        Long.parseLong(required(options, "customers")),
        Long.parseLong(required(options, "interactions")),
        LocalDate.parse(required(options, "startDate")),
        Integer.parseInt(required(options, "days")),
        Double.parseDouble(required(options, "defectRate")));
  }

  private static String required(Map<String, String> options, String key) {
    String value = options.get(key);
    if (value == null) {
      // Data source options are case-insensitive maps in Spark; look up lower case as well.
      value = options.get(key.toLowerCase(java.util.Locale.ROOT));
    }
    if (value == null) {
      throw new IllegalArgumentException(
          "Cannot generate bronze data: option " + key + " is missing");
    }
    return value;
  }
}
