package io.c360.bench.harness;

import io.c360.common.report.RunReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A job's steps in seconds, from its run report, and the rest of the run's wall time. */
public final class StepTimes {
  private StepTimes() {}

  /**
   * The seconds of each of {@code steps} (the report's durations; 0 for a step that did not run),
   * in their order, then under {@code outside} what the run spent outside them.
   */
  public static Map<String, Double> fromReport(
      RunReport report, List<String> steps, String outside, double totalSeconds) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    double inSteps = 0;
    for (String step : steps) {
      double stepSeconds = report.durationsMs().getOrDefault(step, 0L) / 1e3;
      seconds.put(step, stepSeconds);
      inSteps += stepSeconds;
    }
    seconds.put(outside, totalSeconds - inSteps);
    return seconds;
  }
}
