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

  /**
   * Silver's rows that a batch may re-deliver: those on the dates {@code from..to} but not {@code
   * batchDates} whose {@code interaction_id} is among {@code batchIds}, with {@code
   * interaction_id}, {@code event_date} and those of {@code contentColumns} the table has. Empty
   * when the table does not exist or holds none of the ids.
   *
   * <p>Two reads, so that the common case costs the id column only: a semi-join of the batch's ids
   * against the ids of the look-back dates (Iceberg prunes the files by the {@code event_date}
   * partition, Parquet reads the one column), collecting the dates that hold a match; then, only if
   * there is one, the content columns of those dates, semi-joined with the ids again.
   */
  public static Optional<Dataset<Row>> storedDeliveries(
      SparkSession spark,
      Dataset<Row> batchIds,
      LocalDate from,
      LocalDate to,
      Object[] batchDates,
      List<String> contentColumns) {
    if (!IcebergTables.exists(spark, Qualified.SILVER_INTERACTIONS)) {
      return Optional.empty();
    }
    Dataset<Row> table = spark.table(Qualified.SILVER_INTERACTIONS);
    Dataset<Row> ids = batchIds.select(col(INTERACTION_ID)).where(col(INTERACTION_ID).isNotNull());
    Object[] matchedDates =
        table
            .where(
                col(EVENT_DATE)
                    .between(java.sql.Date.valueOf(from), java.sql.Date.valueOf(to))
                    .and(not(col(EVENT_DATE).isin(batchDates))))
            .select(col(INTERACTION_ID), col(EVENT_DATE))
            .join(ids, INTERACTION_ID, "left_semi")
            .select(col(EVENT_DATE))
            .distinct()
            .collectAsList()
            .stream()
            .map(row -> row.get(0))
            .toArray();
    if (matchedDates.length == 0) {
      return Optional.empty();
    }
    List<String> present = List.of(table.columns());
    List<Column> columns = new java.util.ArrayList<>(List.of(col(INTERACTION_ID), col(EVENT_DATE)));
    contentColumns.stream()
        .filter(present::contains)
        .filter(name -> !name.equals(INTERACTION_ID) && !name.equals(EVENT_DATE))
        .forEach(name -> columns.add(col(name)));
    return Optional.of(
        table
            .where(col(EVENT_DATE).isin(matchedDates))
            .join(ids, INTERACTION_ID, "left_semi")
            .select(columns.toArray(Column[]::new)));
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
