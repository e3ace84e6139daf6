package io.c360.bench.harness;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * Counts the Spark jobs of the benchmark's SparkContext, so that every timed run can say how many
 * it started ({@link Measured#sparkJobs()}). {@link LocalSessions#start} registers it.
 */
public final class SparkJobs extends SparkListener {
  private static final AtomicLong STARTED = new AtomicLong();
  private static volatile SparkContext context;

  private SparkJobs() {}

  static void register(SparkContext sc) {
    context = sc;
    sc.addSparkListener(new SparkJobs());
  }

  /** Jobs started so far, once Spark has delivered every event; 0 without a SparkContext. */
  static long started() {
    SparkContext sc = context;
    if (sc == null || sc.isStopped()) {
      return STARTED.get();
    }
    try {
      sc.listenerBus().waitUntilEmpty();
    } catch (TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain: " + e, e);
    }
    return STARTED.get();
  }

  @Override
  public void onJobStart(SparkListenerJobStart event) {
    STARTED.incrementAndGet();
  }
}
