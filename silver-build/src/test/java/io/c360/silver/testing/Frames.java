package io.c360.silver.testing;

import io.c360.common.naming.BronzeSchemas;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Small hand-built frames for the transform and validation tests: a row is named values (every
 * other column null) on a known schema, so a test states only the columns it is about.
 */
public final class Frames {
  public static final StructType BRONZE_INTERACTIONS =
      BronzeSchemas.withEventDate(BronzeSchemas.INTERACTIONS);
  public static final StructType BRONZE_CUSTOMERS =
      BronzeSchemas.withEventDate(BronzeSchemas.CUSTOMERS);

  private Frames() {}

  /** Named values, nulls allowed: {@code values("a", 1, "b", null)}. */
  public static Map<String, Object> values(Object... namesAndValues) {
    Map<String, Object> values = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      values.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return values;
  }

  /** {@code base} with {@code changes} applied (a change to null clears the column). */
  public static Map<String, Object> with(Map<String, Object> base, Object... namesAndValues) {
    Map<String, Object> changed = new HashMap<>(base);
    changed.putAll(values(namesAndValues));
    return changed;
  }

  /** A frame of {@code schema} with one row per map; columns a map does not name are null. */
  @SafeVarargs
  public static Dataset<Row> frame(
      SparkSession spark, StructType schema, Map<String, Object>... rows) {
    List<Row> built = new ArrayList<>();
    for (Map<String, Object> values : rows) {
      for (String name : values.keySet()) {
        if (!List.of(schema.fieldNames()).contains(name)) {
          throw new IllegalArgumentException("Cannot build the row: no column " + name);
        }
      }
      Object[] cells = new Object[schema.size()];
      StructField[] fields = schema.fields();
      for (int i = 0; i < fields.length; i++) {
        cells[i] = values.get(fields[i].name());
      }
      built.add(RowFactory.create(cells));
    }
    return spark.createDataFrame(built, schema);
  }

  public static Date date(String isoDate) {
    return Date.valueOf(LocalDate.parse(isoDate));
  }

  /** A UTC instant, e.g. {@code ts("2026-03-02T10:15:00Z")}. */
  public static Timestamp ts(String isoInstant) {
    return Timestamp.from(Instant.parse(isoInstant));
  }

  public static BigDecimal dec(String value) {
    return new BigDecimal(value);
  }
}
