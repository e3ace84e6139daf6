package io.c360.bench.silver;

import io.c360.bench.harness.Folders;
import io.c360.bench.harness.GroupTime;
import io.c360.bench.harness.JobGroupTimes;
import io.c360.bench.harness.StepTimes;
import io.c360.common.cli.DateRange;
import io.c360.common.naming.Tables;
import io.c360.common.report.RunReport;
import io.c360.silver.SilverBuildMain;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/** The silver job's timed runs: wall time per step and task time per Spark job group. */
final class SilverRuns {
  /** Silver's steps, in the order the job runs them (Spark job groups "silver-build:<step>"). */
  static final List<String> STEPS =
      List.of(
          "plan",
          "validate",
          "redelivery",
          "commit_interactions",
          "commit_quarantine",
          "commit_customers",
          "commit_progress");

  static final String OUTSIDE_STEPS = "outside the steps (reads, table setup, audit row)";

  private final JobGroupTimes groupTimes;

  /** Listens to {@code spark}'s jobs from now on. */
  SilverRuns(SparkSession spark) {
    this.groupTimes = new JobGroupTimes(SilverBuildMain.JOB, OUTSIDE_STEPS);
    spark.sparkContext().addSparkListener(groupTimes);
  }

  /**
   * One silver run as the job does it (the job body, then its audit row) in {@code spark}, whose
   * catalog keeps its tables in {@code warehouse}. A failed run (reconciliation, gate) throws.
   */
  SilverRun run(SparkSession spark, Path bronze, Path warehouse, Optional<DateRange> dates) {
    SparkSession.setActiveSession(spark);
    groupTimes.reset();
    long start = System.nanoTime();
    RunReport report = SilverJob.run(spark, warehouse, bronze, dates, "bench-" + start);
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, GroupTime> groups = groupTimes.snapshot(spark);
    Map<String, Double> steps = StepTimes.fromReport(report, STEPS, OUTSIDE_STEPS, seconds);
    Map<String, Long> counts = new TreeMap<>(report.counts());
    counts.put("bytes_written", Folders.parquetBytes(warehouse));
    return new SilverRun(
        counts.getOrDefault(Tables.BRONZE_INTERACTIONS + ".rows", 0L), counts, steps, groups);
  }
}
