package io.c360.bronze.write;

import io.c360.bronze.source.BronzeTable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parquet writer settings of the bronze tables, chosen by measurement (docs/BENCHMARKS.md). They
 * are data source options of each write, so they never leak into other writes of the session.
 */
public final class ParquetLayout {
  private ParquetLayout() {}

  public static Map<String, String> writeOptions(BronzeTable table, String compression) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("compression", compression.equals("none") ? "uncompressed" : compression);
    return options;
  }
}
