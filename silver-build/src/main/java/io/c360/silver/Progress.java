package io.c360.silver;

import static io.c360.common.naming.SilverColumns.*;

import io.c360.common.naming.BronzeColumns;
import io.c360.common.naming.Tables.Qualified;
import io.c360.common.report.RunReport;
import io.c360.common.report.Steps;
import io.c360.silver.read.BronzeInventory;
import io.c360.silver.validate.BatchCounts;
import io.c360.silver.write.SilverTables;
import io.c360.silver.write.SilverWriter;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Records the bronze partitions a run processed, last, so that a failed run leaves them pending.
 */
final class Progress {
  private Progress() {}

  /** Records the batch's partitions (Spark job group {@code commit_progress}). */
  static void commit(
      SparkSession spark,
      RunReport report,
      Batch batch,
      Map<String, BatchCounts> counts,
      Timestamp at) {
    Steps.run(
        spark,
        report,
        "commit_progress",
        "Record the processed bronze partitions",
        () -> {
          record(spark, batch, counts, report.runId(), at);
          return null;
        });
  }

  private static void record(
      SparkSession spark,
      Batch batch,
      Map<String, BatchCounts> counts,
      String runId,
      Timestamp at) {
    List<Row> rows = new ArrayList<>();
    for (String table : BronzeInventory.TABLES) {
      for (BronzeInventory.Partition partition : batch.partitions(table)) {
        rows.add(
            RowFactory.create(
                table,
                java.sql.Date.valueOf(partition.date()),
                partition.fingerprint(),
                partition.files(),
                partition.bytes(),
                counts.get(table).on(partition.date(), BatchCounts.ROWS),
                runId,
                at));
      }
    }
    SilverWriter.run(
        spark,
        spark.createDataFrame(rows, SilverTables.PROGRESS_SCHEMA),
        "silver_batch_progress",
        SilverWriter.mergeByKeys(
            Qualified.AUDIT_SILVER_PROGRESS,
            "silver_batch_progress",
            List.of(SOURCE_TABLE, BronzeColumns.EVENT_DATE),
            List.of(SilverTables.PROGRESS_SCHEMA.fieldNames()),
            null));
  }
}
