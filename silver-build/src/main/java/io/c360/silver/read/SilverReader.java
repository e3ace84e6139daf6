package io.c360.silver.read;

import static io.c360.common.naming.BronzeColumns.*;
import static org.apache.spark.sql.functions.*;

import io.c360.common.iceberg.IcebergTables;
import io.c360.common.naming.SilverColumns;
import io.c360.common.naming.Tables;
import io.c360.common.naming.Tables.Qualified;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What silver-build reads back from the silver tables it writes. */
public final class SilverReader {
  private SilverReader() {}

  /** The rows of {@code silver.customers}; empty before the first load created the table. */
  public static Optional<Dataset<Row>> customers(SparkSession spark) {
    if (!IcebergTables.exists(spark, Qualified.SILVER_CUSTOMERS)) {
      return Optional.empty();
    }
    return Optional.of(spark.table(Qualified.SILVER_CUSTOMERS));
  }

  /**
   * One column, {@code customer_id}, not distinct: every customer silver knows, accepted (in {@code
   * silver.customers}) or quarantined.
   */
  public static Dataset<Row> customerIds(SparkSession spark) {
    Dataset<Row> quarantined =
        spark
            .table(Qualified.SILVER_QUARANTINE)
            .filter(
                col(SilverColumns.SOURCE_TABLE)
                    .equalTo(lit(Tables.BRONZE_CUSTOMERS))
                    .and(col(CUSTOMER_ID).isNotNull()))
            .select(col(CUSTOMER_ID));
    return customers(spark)
        .map(accepted -> accepted.select(col(CUSTOMER_ID)).union(quarantined))
        .orElse(quarantined);
  }

  /** {@code interaction_id} and {@code event_date} of the rows silver has on {@code dates}. */
  public static Dataset<Row> interactionKeys(SparkSession spark, Object[] dates) {
    return spark
        .table(Qualified.SILVER_INTERACTIONS)
        .filter(col(EVENT_DATE).isin(dates))
        .select(col(INTERACTION_ID), col(EVENT_DATE));
  }

  /** The named columns of {@code silver.interactions} (column pruning). */
  public static Dataset<Row> interactions(SparkSession spark, List<String> columns) {
    return spark
        .table(Qualified.SILVER_INTERACTIONS)
        .select(columns.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
  }

  /** The latest {@code event_date} in {@code silver.interactions}; empty when it has no rows. */
  public static Optional<LocalDate> latestEventDate(SparkSession spark) {
    Row latest = spark.table(Qualified.SILVER_INTERACTIONS).agg(max(col(EVENT_DATE))).first();
    if (latest.isNullAt(0)) {
      return Optional.empty();
    }
    return Optional.of(latest.getDate(0).toLocalDate());
  }

  /** The number of rows in {@code silver.customers}. */
  public static long customerCount(SparkSession spark) {
    return spark.table(Qualified.SILVER_CUSTOMERS).count();
  }
}
