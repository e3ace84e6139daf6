package io.c360.common.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.c360.common.cli.ExitCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The record of one job run: parameters (secrets masked), counts, durations of its steps, status.
 * Printed as one JSON line at the end of the run ({@link #toJsonLine()}); later the same fields go
 * to the audit table.
 */
public final class RunReport {
  /** Value of the {@code event} field that marks the run report line in a job's output. */
  public static final String EVENT = "c360.job_run";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String runId;
  private final String job;
  private final Map<String, Object> parameters;
  private final Clock clock;
  private final Instant startedAt;
  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final Map<String, Long> durationsMs = new LinkedHashMap<>();
  private final Map<String, Object> details = new LinkedHashMap<>();
  private Instant finishedAt;
  private ExitCode exitCode;
  private String error;

  public RunReport(String runId, String job, Map<String, Object> parameters, Clock clock) {
    this.runId = requireNonNull(runId, "runId is null");
    this.job = requireNonNull(job, "job is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.parameters = masked(requireNonNull(parameters, "parameters is null"));
    this.startedAt = clock.instant();
  }

  public String runId() {
    return runId;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public String job() {
    return job;
  }

  /** The parameters, secrets masked. */
  public Map<String, Object> parameters() {
    return java.util.Collections.unmodifiableMap(parameters);
  }

  public Map<String, Long> durationsMs() {
    return Map.copyOf(durationsMs);
  }

  /** The details as one JSON object (secrets masked). */
  public String detailsJson() {
    try {
      return JSON.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write run details: " + e.getMessage(), e);
    }
  }

  /** When the run finished, once {@link #finish} was called. */
  public java.util.Optional<Instant> finishedAt() {
    return java.util.Optional.ofNullable(finishedAt);
  }

  public java.util.Optional<ExitCode> exitCode() {
    return java.util.Optional.ofNullable(exitCode);
  }

  public java.util.Optional<String> error() {
    return java.util.Optional.ofNullable(error);
  }

  public void count(String name, long value) {
    counts.merge(name, value, Long::sum);
  }

  public Map<String, Long> counts() {
    return Map.copyOf(counts);
  }

  /** A non-numeric result worth reporting, such as the path of a manifest. */
  public void detail(String name, Object value) {
    details.put(name, maskValue(name, value));
  }

  /** Runs {@code step}, adding its wall time to the duration named {@code name}. */
  public <T> T time(String name, Supplier<T> step) {
    Instant start = clock.instant();
    try {
      return step.get();
    } finally {
      durationsMs.merge(name, Duration.between(start, clock.instant()).toMillis(), Long::sum);
    }
  }

  public void time(String name, Runnable step) {
    time(
        name,
        () -> {
          step.run();
          return null;
        });
  }

  public void finish(ExitCode exitCode, String error) {
    this.exitCode = requireNonNull(exitCode, "exitCode is null");
    this.error = SecretMasker.maskUserInfo(error);
    this.finishedAt = clock.instant();
  }

  public String status() {
    if (exitCode == null) {
      return "RUNNING";
    }
    return exitCode == ExitCode.SUCCESS ? "SUCCEEDED" : "FAILED";
  }

  /** The report as one JSON object on one line. */
  public String toJsonLine() {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("event", EVENT);
    line.put("run_id", runId);
    line.put("job", job);
    line.put("status", status());
    line.put("exit_code", exitCode == null ? null : exitCode.code());
    line.put("started_at", startedAt.toString());
    line.put("finished_at", finishedAt == null ? null : finishedAt.toString());
    line.put(
        "duration_ms",
        finishedAt == null ? null : Duration.between(startedAt, finishedAt).toMillis());
    line.put("parameters", parameters);
    line.put("counts", counts);
    line.put("durations_ms", durationsMs);
    line.put("details", details);
    line.put("error", error);
    try {
      return JSON.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write run report: " + e.getMessage(), e);
    }
  }

  private static Object maskValue(String key, Object value) {
    if (value == null) {
      return null;
    }
    if (SecretMasker.isSecretKey(key)) {
      return SecretMasker.MASK;
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof java.util.Collection<?> values) {
      return values.stream().map(item -> maskValue(key, item)).toList();
    }
    return SecretMasker.mask(key, value.toString());
  }

  private static Map<String, Object> masked(Map<String, Object> parameters) {
    Map<String, Object> masked = new LinkedHashMap<>();
    parameters.forEach((key, value) -> masked.put(key, maskValue(key, value)));
    return masked;
  }
}
