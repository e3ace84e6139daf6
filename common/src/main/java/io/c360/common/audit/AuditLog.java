package io.c360.common.audit;

import io.c360.common.iceberg.IcebergTables;
import io.c360.common.naming.Tables.Qualified;
import io.c360.common.report.RunReport;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The run audit table, {@code lakehouse.audit.job_runs}: one row per run of any job, the same
 * fields as the run report line the job prints. Parameters, details and errors are masked by {@link
 * RunReport} before they get here.
 */
public final class AuditLog {
  public static final String TABLE = Qualified.AUDIT_JOB_RUNS;

  /** Counts every job reports under these names, copied into their own columns. */
  public static final String INPUT_ROWS = "input_rows";

  public static final String OUTPUT_ROWS = "output_rows";
  public static final String REJECTED_ROWS = "rejected_rows";

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            field("run_id", DataTypes.StringType, false, "Identifier of the run (--run-id)"),
            field("job", DataTypes.StringType, false, "bronze-ingest, silver-build, ..."),
            field("status", DataTypes.StringType, false, "SUCCEEDED or FAILED"),
            field("exit_code", DataTypes.IntegerType, false, "Process exit code (README)"),
            field("started_at", DataTypes.TimestampType, false, "Start of the run (UTC)"),
            field("finished_at", DataTypes.TimestampType, false, "End of the run (UTC)"),
            field("duration_ms", DataTypes.LongType, false, "Wall time of the run"),
            field(INPUT_ROWS, DataTypes.LongType, true, "Rows the job read"),
            field(OUTPUT_ROWS, DataTypes.LongType, true, "Rows the job wrote"),
            field(REJECTED_ROWS, DataTypes.LongType, true, "Rows the job quarantined"),
            field(
                "parameters",
                DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType),
                false,
                "Options of the run, secrets masked"),
            field(
                "counts",
                DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType),
                false,
                "Every count the job reported"),
            field(
                "durations_ms",
                DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType),
                false,
                "Wall time per step"),
            field("details", DataTypes.StringType, true, "Other results, as a JSON object"),
            field("error", DataTypes.StringType, true, "Failure message, secrets masked"),
          });

  public static final IcebergTables.Definition DEFINITION =
      new IcebergTables.Definition(
          TABLE, SCHEMA, List.of("job"), "One row per job run of the Customer 360 lakehouse");

  private AuditLog() {}

  /** Appends the row of a finished run. */
  public static void append(SparkSession spark, RunReport report) {
    IcebergTables.ensure(spark, DEFINITION);
    IcebergTables.append(spark.createDataFrame(List.of(row(report)), SCHEMA), TABLE);
  }

  static Row row(RunReport report) {
    Map<String, String> parameters = new LinkedHashMap<>();
    report
        .parameters()
        .forEach((key, value) -> parameters.put(key, value == null ? null : value.toString()));
    Map<String, Long> counts = report.counts();
    long finished = report.finishedAt().orElseThrow().toEpochMilli();
    long started = report.startedAt().toEpochMilli();
    return RowFactory.create(
        report.runId(),
        report.job(),
        report.status(),
        report.exitCode().orElseThrow().code(),
        new Timestamp(started),
        new Timestamp(finished),
        finished - started,
        counts.get(INPUT_ROWS),
        counts.get(OUTPUT_ROWS),
        counts.get(REJECTED_ROWS),
        parameters,
        counts,
        report.durationsMs(),
        report.detailsJson(),
        report.error().orElse(null));
  }

  private static StructField field(
      String name, org.apache.spark.sql.types.DataType type, boolean nullable, String comment) {
    Metadata metadata = new MetadataBuilder().putString("comment", comment).build();
    return new StructField(name, type, nullable, metadata);
  }
}
