package io.c360.silver;

import static io.c360.common.naming.BronzeColumns.EVENT_DATE;
import static org.apache.spark.sql.functions.col;

import io.c360.common.iceberg.IcebergTables;
import io.c360.common.naming.Tables.Qualified;
import io.c360.common.report.RunReport;
import io.c360.common.report.Steps;
import io.c360.silver.transform.Quarantine;
import java.sql.Timestamp;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The batch's rejected rows of both bronze tables, committed to {@code silver.quarantine} in one
 * overwrite of the batch's dates, so that a re-run replaces them instead of adding them again.
 */
final class QuarantineLoad {
  private QuarantineLoad() {}

  /** Replaces the quarantine rows of the batch's dates (Spark job group commit_quarantine). */
  static void commit(
      SparkSession spark,
      RunReport report,
      Batch batch,
      CustomerLoad customers,
      InteractionLoad interactions,
      Timestamp at) {
    Dataset<Row> quarantine =
        Quarantine.fromCustomers(customers.checked(), report.runId(), at)
            .unionByName(
                Quarantine.fromInteractions(
                    interactions.checked(), interactions.bronzeColumns(), report.runId(), at));
    Steps.run(
        spark,
        report,
        "commit_quarantine",
        "Replace the quarantine rows of the batch's dates",
        () -> {
          IcebergTables.overwrite(
              quarantine, Qualified.SILVER_QUARANTINE, col(EVENT_DATE).isin(batch.dateValues()));
          return null;
        });
  }
}
