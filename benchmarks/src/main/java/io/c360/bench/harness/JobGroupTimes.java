package io.c360.bench.harness;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Sums the tasks of every job by job group, for the groups named {@code <job>:<step>} (as
 * common/report/Steps names them). The job group of a stage is in its properties, which Spark
 * copies from the job's; jobs outside any such group are counted under {@code outside}.
 */
public final class JobGroupTimes extends SparkListener {
  private static final String GROUP = "spark.jobGroup.id";
  private final String prefix;
  private final String outside;
  private final Map<Integer, String> stageGroups = new ConcurrentHashMap<>();
  private final Map<String, long[]> totals = new ConcurrentHashMap<>();

  /**
   * Counts the steps of {@code job} (groups {@code job:<step>}); the rest under {@code outside}.
   */
  public JobGroupTimes(String job, String outside) {
    this.prefix = job + ":";
    this.outside = outside;
  }

  public void reset() {
    totals.clear();
  }

  /** The totals per step since the last reset, once Spark has delivered every event. */
  public Map<String, GroupTime> snapshot(SparkSession spark) {
    // Listener events arrive asynchronously; the counts are complete once the bus is drained.
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain: " + e, e);
    }
    Map<String, GroupTime> result = new LinkedHashMap<>();
    totals.forEach(
        (group, t) -> result.put(group, new GroupTime(t[0], t[1], t[2] / 1e3, t[3] / 1e9)));
    return result;
  }

  private String step(Properties properties) {
    String group = properties == null ? null : properties.getProperty(GROUP);
    if (group == null || !group.startsWith(prefix)) {
      return outside;
    }
    return group.substring(prefix.length());
  }

  private long[] total(String step) {
    return totals.computeIfAbsent(step, s -> new long[4]);
  }

  @Override
  public void onJobStart(SparkListenerJobStart event) {
    synchronized (this) {
      total(step(event.properties()))[0]++;
    }
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted event) {
    stageGroups.put(event.stageInfo().stageId(), step(event.properties()));
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd event) {
    if (event.taskMetrics() == null) {
      return;
    }
    String step = stageGroups.getOrDefault(event.stageId(), outside);
    synchronized (this) {
      long[] t = total(step);
      t[1]++;
      t[2] += event.taskMetrics().executorRunTime();
      t[3] += event.taskMetrics().executorCpuTime();
    }
  }
}
