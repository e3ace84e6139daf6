package io.c360.bench.harness;

/** Task time per Spark job group: where the executor cores spent a step. */
public record GroupTime(long jobs, long tasks, double taskSeconds, double cpuSeconds) {
  public static final GroupTime NONE = new GroupTime(0, 0, 0, 0);
}
