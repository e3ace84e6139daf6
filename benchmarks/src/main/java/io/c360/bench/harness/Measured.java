package io.c360.bench.harness;

import java.util.Locale;

/**
 * One timed run: its wall seconds, the process's CPU seconds during it (every thread of the JVM,
 * DuckDB's native threads included), the Spark jobs it started, the garbage collectors' seconds,
 * the largest live heap after a collection, and what the run returned.
 */
public record Measured<T>(
    String name,
    double seconds,
    double cpuSeconds,
    long sparkJobs,
    double gcSeconds,
    long liveHeapBytes,
    T outcome) {

  /** A run to time; it may fail with anything, which fails the benchmark. */
  public interface Run<T> {
    T run() throws Exception;
  }

  /**
   * Runs {@code run} after a full GC, timing it, and prints {@code done: <name> in <seconds> s}.
   */
  public static <T> Measured<T> measure(String name, Run<T> run) throws Exception {
    System.gc();
    LiveHeap.reset();
    long gcStart = Machine.gcMillis();
    long jobsStart = SparkJobs.started();
    double cpuStart = Machine.processCpuSeconds();
    long start = System.nanoTime();
    T outcome = run.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = Machine.processCpuSeconds() - cpuStart;
    long jobs = SparkJobs.started() - jobsStart;
    double gcSeconds = (Machine.gcMillis() - gcStart) / 1e3;
    System.out.printf(
        Locale.ROOT, "done: %s in %.1f s (%.1f s of process CPU)%n", name, seconds, cpuSeconds);
    return new Measured<>(name, seconds, cpuSeconds, jobs, gcSeconds, LiveHeap.max(), outcome);
  }

  /** The same measurements with another outcome. */
  public <U> Measured<U> withOutcome(U other) {
    return new Measured<>(name, seconds, cpuSeconds, sparkJobs, gcSeconds, liveHeapBytes, other);
  }
}
