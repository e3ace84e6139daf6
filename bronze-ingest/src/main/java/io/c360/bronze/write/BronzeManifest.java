package io.c360.bronze.write;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.c360.bronze.generate.DefectKind;
import io.c360.bronze.generate.GenerationSpec;
import io.c360.bronze.source.BronzeTable;
import io.c360.common.naming.Tables;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The JSON manifest of one generated window, at {@code <root>/_manifests/<start>_<end>.json}: the
 * options, rows per table and day, and injected defects per kind. It is written last, so its
 * presence means every partition of the window is complete; a run removes the manifests of the
 * windows it overlaps before it writes anything.
 */
public final class BronzeManifest {
  public static final int FORMAT_VERSION = 1;

  private static final Pattern NAME =
      Pattern.compile("(\\d{4}-\\d{2}-\\d{2})_(\\d{4}-\\d{2}-\\d{2})\\.json");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BronzeManifest() {}

  public static Path location(Path root, GenerationSpec spec) {
    return new Path(
        new Path(root, Tables.BRONZE_MANIFESTS), spec.startDate() + "_" + spec.endDate() + ".json");
  }

  /** Deletes the manifests of windows that overlap {@code spec}'s; returns what it deleted. */
  public static List<Path> deleteOverlapping(FileSystem fs, Path root, GenerationSpec spec)
      throws IOException {
    Path folder = new Path(root, Tables.BRONZE_MANIFESTS);
    if (!fs.exists(folder)) {
      return List.of();
    }
    List<Path> deleted = new java.util.ArrayList<>();
    for (FileStatus status : fs.listStatus(folder)) {
      Optional<LocalDate[]> window = window(status.getPath().getName());
      if (window.isPresent()
          && !window.get()[1].isBefore(spec.startDate())
          && !window.get()[0].isAfter(spec.endDate())) {
        fs.delete(status.getPath(), false);
        deleted.add(status.getPath());
      }
    }
    return deleted;
  }

  static Optional<LocalDate[]> window(String fileName) {
    Matcher matcher = NAME.matcher(fileName);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new LocalDate[] {LocalDate.parse(matcher.group(1)), LocalDate.parse(matcher.group(2))});
  }

  /** The manifest document. */
  public static Map<String, Object> document(
      String runId,
      Instant writtenAt,
      String root,
      GenerationSpec spec,
      Map<BronzeTable, long[]> rowsPerDay,
      Map<BronzeTable, long[][]> defectsPerDay) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("format_version", FORMAT_VERSION);
    document.put("run_id", runId);
    document.put("written_at", writtenAt.toString());
    document.put("root", root);
    Map<String, Object> specMap = new LinkedHashMap<>();
    specMap.put("seed", spec.seed());
    specMap.put("customers", spec.customers());
    specMap.put("interactions", spec.interactions());
    specMap.put("start_date", spec.startDate().toString());
    specMap.put("end_date", spec.endDate().toString());
    specMap.put("days", spec.days());
    specMap.put("defect_rate", spec.defectRate());
    document.put("spec", specMap);

    Map<String, Object> tables = new LinkedHashMap<>();
    for (BronzeTable table : BronzeTable.values()) {
      long[] rows = rowsPerDay.get(table);
      long[][] defects = defectsPerDay.get(table);
      Map<String, Object> partitions = new LinkedHashMap<>();
      long totalRows = 0;
      long[] totalDefects = new long[DefectKind.values().length];
      for (int day = 0; day < spec.days(); day++) {
        Map<String, Object> partition = new LinkedHashMap<>();
        partition.put("rows", rows[day]);
        partition.put("defects", defectMap(table, defects[day]));
        partitions.put(spec.startDate().plusDays(day).toString(), partition);
        totalRows += rows[day];
        for (int kind = 0; kind < totalDefects.length; kind++) {
          totalDefects[kind] += defects[day][kind];
        }
      }
      Map<String, Object> tableMap = new LinkedHashMap<>();
      tableMap.put("path", root + "/" + table.tableName());
      tableMap.put("rows", totalRows);
      tableMap.put("defects", defectMap(table, totalDefects));
      tableMap.put("partitions", partitions);
      tables.put(table.tableName(), tableMap);
    }
    document.put("tables", tables);

    Map<String, Object> kinds = new LinkedHashMap<>();
    for (DefectKind kind : DefectKind.values()) {
      Map<String, Object> description = new LinkedHashMap<>();
      description.put("table", tableOf(kind).tableName());
      description.put(
          "expected_silver_outcome", kind.outcome().name().toLowerCase(java.util.Locale.ROOT));
      description.put("description", kind.description());
      kinds.put(kind.id(), description);
    }
    document.put("defect_kinds", kinds);
    return document;
  }

  public static void write(FileSystem fs, Path location, Map<String, Object> document)
      throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(document);
    // One create-and-close: on S3 the object appears whole or not at all.
    try (OutputStream out = fs.create(location, true)) {
      out.write(bytes);
    }
  }

  private static BronzeTable tableOf(DefectKind kind) {
    return kind.table() == DefectKind.Table.CUSTOMERS
        ? BronzeTable.CUSTOMERS
        : BronzeTable.INTERACTIONS;
  }

  private static Map<String, Long> defectMap(BronzeTable table, long[] counts) {
    Map<String, Long> map = new LinkedHashMap<>();
    for (DefectKind kind : DefectKind.values()) {
      if (tableOf(kind) == table) {
        map.put(kind.id(), counts[kind.ordinal()]);
      }
    }
    return map;
  }
}
