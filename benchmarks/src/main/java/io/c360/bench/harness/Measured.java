package io.c360.bench.harness;

import java.util.Locale;

/**
 * One timed run: its wall seconds, the garbage collectors' seconds, the largest live heap after a
 * collection, and what the run returned.
 */
public record Measured<T>(
    String name, double seconds, double gcSeconds, long liveHeapBytes, T outcome) {

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
    long start = System.nanoTime();
    T outcome = run.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    double gcSeconds = (Machine.gcMillis() - gcStart) / 1e3;
    System.out.printf(Locale.ROOT, "done: %s in %.1f s%n", name, seconds);
    return new Measured<>(name, seconds, gcSeconds, LiveHeap.max(), outcome);
  }
}
