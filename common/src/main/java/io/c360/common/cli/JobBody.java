package io.c360.common.cli;

import io.c360.common.report.RunReport;
import org.apache.spark.sql.SparkSession;

/**
 * What a job does once its options are valid and its session is built: read, transform, write, and
 * record counts and durations in the report.
 */
@FunctionalInterface
public interface JobBody<O extends JobOptions> {
  void run(SparkSession spark, O options, RunReport report);
}
