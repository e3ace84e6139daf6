package io.c360.common.report;

import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a job's steps under Spark job groups named {@code <job>:<step>}, timed into the run report,
 * so the Spark UI, the logs and the audit table's durations read like the code.
 */
public final class Steps {
  private Steps() {}

  /** Runs {@code body} as step {@code name} of the report's job and returns its result. */
  public static <T> T run(
      SparkSession spark, RunReport report, String name, String description, Supplier<T> body) {
    spark.sparkContext().setJobGroup(report.job() + ":" + name, description, false);
    try {
      return report.time(name, body);
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }
}
