package io.c360.bronze.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.c360.bronze.generate.DefectKind;
import io.c360.common.naming.Tables;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** What a bronze manifest (BronzeManifest's JSON) says: rows and defects, per table and date. */
public final class ManifestCounts {
  private ManifestCounts() {}

  /** The bronze table a defect kind is injected into. */
  public static String tableOf(DefectKind kind) {
    return kind.table() == DefectKind.Table.CUSTOMERS
        ? Tables.BRONZE_CUSTOMERS
        : Tables.BRONZE_INTERACTIONS;
  }

  /** Rows with the defect {@code kind}, over the whole window. */
  public static long defects(JsonNode manifest, DefectKind kind) {
    return manifest.get("tables").get(tableOf(kind)).get("defects").get(kind.id()).asLong();
  }

  /** Rows with the defect {@code kind} per date, in date order. */
  public static Map<String, Long> defectsPerDate(JsonNode manifest, DefectKind kind) {
    return perDate(manifest, tableOf(kind), partition -> partition.get("defects").get(kind.id()));
  }

  /** Rows of {@code table} per date, in date order. */
  public static Map<String, Long> rowsPerDate(JsonNode manifest, String table) {
    return perDate(manifest, table, partition -> partition.get("rows"));
  }

  private static Map<String, Long> perDate(
      JsonNode manifest, String table, Function<JsonNode, JsonNode> count) {
    Map<String, Long> counts = new TreeMap<>();
    manifest
        .get("tables")
        .get(table)
        .get("partitions")
        .fields()
        .forEachRemaining(
            partition ->
                counts.put(partition.getKey(), count.apply(partition.getValue()).asLong()));
    return counts;
  }
}
