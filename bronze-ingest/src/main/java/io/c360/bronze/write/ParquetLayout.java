package io.c360.bronze.write;

import static io.c360.common.naming.BronzeColumns.*;

import io.c360.bronze.source.BronzeTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parquet writer settings of the bronze tables, chosen by measurement (docs/BENCHMARKS.md). They
 * are data source options of each write, so they never leak into other writes of the session.
 *
 * <p>Dictionary encoding is switched off for columns whose values rarely repeat (ids, timestamps):
 * Parquet would hash every value into a dictionary and then give up on it when the dictionary page
 * fills, paying the cost for no saving. Measured on 3 M interactions: 9 % faster at the same size.
 * Low-cardinality columns (channels, products, amounts) keep their dictionaries, which make the
 * files a third smaller.
 */
public final class ParquetLayout {
  static final Map<BronzeTable, List<String>> HIGH_CARDINALITY =
      Map.of(
          BronzeTable.INTERACTIONS,
          List.of(INTERACTION_ID, EVENT_TS, INGESTED_AT, SESSION_ID, ORDER_ID, SUPPORT_TICKET_ID),
          BronzeTable.CUSTOMERS,
          List.of(CUSTOMER_ID, EMAIL, UPDATED_AT));

  private ParquetLayout() {}

  public static Map<String, String> writeOptions(BronzeTable table, String compression) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("compression", compression.equals("none") ? "uncompressed" : compression);
    for (String column : HIGH_CARDINALITY.get(table)) {
      options.put("parquet.enable.dictionary#" + column, "false");
    }
    return options;
  }
}
