package io.c360.bronze.source;

import io.c360.common.naming.BronzeSchemas;
import io.c360.common.naming.Tables;
import java.util.Locale;
import org.apache.spark.sql.types.StructType;

/** The two bronze tables the synthetic source can produce. */
public enum BronzeTable {
  CUSTOMERS(Tables.BRONZE_CUSTOMERS, BronzeSchemas.CUSTOMERS),
  INTERACTIONS(Tables.BRONZE_INTERACTIONS, BronzeSchemas.INTERACTIONS);

  private final String tableName;
  private final StructType fileSchema;

  BronzeTable(String tableName, StructType fileSchema) {
    this.tableName = tableName;
    this.fileSchema = fileSchema;
  }

  /** Folder name under the bronze root. */
  public String tableName() {
    return tableName;
  }

  /** Columns stored in the Parquet files (the partition column is the folder). */
  public StructType fileSchema() {
    return fileSchema;
  }

  /** Columns as generated and as read back: the file columns, then {@code event_date}. */
  public StructType schema() {
    return BronzeSchemas.withEventDate(fileSchema);
  }

  public static BronzeTable fromName(String name) {
    for (BronzeTable table : values()) {
      if (table.tableName.equals(name) || table.name().equals(name.toUpperCase(Locale.ROOT))) {
        return table;
      }
    }
    throw new IllegalArgumentException("Cannot generate bronze data: unknown table " + name);
  }
}
