package io.c360.common.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.c360.common.cli.ExitCode;
import io.c360.common.testing.SteppingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2026-01-31T10:00:00Z");

  @Test
  void reportIsOneJsonLineWithTheRunsFields() throws Exception {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("output", "/data/bronze");
    parameters.put("days", 30);
    parameters.put("defect_rate", 0.02);
    parameters.put("dry_run", false);
    RunReport report =
        new RunReport("run-1", "bronze-ingest", parameters, SteppingClock.fixed(START));
    report.count("customer_rows", 2_500);
    report.detail("manifest", "/data/bronze/_manifests/2026-01-01_2026-01-30.json");
    report.finish(ExitCode.SUCCESS, null);

    String line = report.toJsonLine();

    assertThat(line).doesNotContain("\n").startsWith("{\"event\":\"c360.job_run\"");
    JsonNode json = JSON.readTree(line);
    assertThat(json.get("event").asText()).isEqualTo(RunReport.EVENT);
    assertThat(json.get("run_id").asText()).isEqualTo("run-1");
    assertThat(json.get("job").asText()).isEqualTo("bronze-ingest");
    assertThat(json.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(json.get("exit_code").asInt()).isZero();
    assertThat(json.get("started_at").asText()).isEqualTo("2026-01-31T10:00:00Z");
    assertThat(json.get("finished_at").asText()).isEqualTo("2026-01-31T10:00:00Z");
    assertThat(json.get("error").isNull()).isTrue();
    JsonNode reported = json.get("parameters");
    assertThat(reported.get("output").asText()).isEqualTo("/data/bronze");
    assertThat(reported.get("days").isInt()).isTrue();
    assertThat(reported.get("days").asInt()).isEqualTo(30);
    assertThat(reported.get("defect_rate").asDouble()).isEqualTo(0.02);
    assertThat(reported.get("dry_run").isBoolean()).isTrue();
    assertThat(json.get("counts").get("customer_rows").asLong()).isEqualTo(2_500);
    assertThat(json.get("details").get("manifest").asText())
        .isEqualTo("/data/bronze/_manifests/2026-01-01_2026-01-30.json");
  }

  @Test
  void secretParametersNeverAppearInClear() throws Exception {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("s3_secret_key", "wJalrXUtnFEMIK7MDENG");
    parameters.put("password", "correct-horse-battery");
    parameters.put("metastore_uri", "thrift://admin:hunter2@metastore:9083");
    parameters.put("output", "s3a://bronze/root");
    RunReport report = new RunReport("run-2", "job", parameters, SteppingClock.fixed(START));
    report.finish(ExitCode.SUCCESS, null);

    String line = report.toJsonLine();

    assertThat(line)
        .doesNotContain("wJalrXUtnFEMIK7MDENG")
        .doesNotContain("correct-horse-battery")
        .doesNotContain("hunter2");
    JsonNode reported = JSON.readTree(line).get("parameters");
    assertThat(reported.get("s3_secret_key").asText()).isEqualTo(SecretMasker.MASK);
    assertThat(reported.get("password").asText()).isEqualTo(SecretMasker.MASK);
    assertThat(reported.get("metastore_uri").asText()).isEqualTo("thrift://****@metastore:9083");
    assertThat(reported.get("output").asText()).isEqualTo("s3a://bronze/root");
  }

  @Test
  void secretParametersAreMaskedWhateverTheirType() throws Exception {
    // A numeric PIN or token is as secret as a textual one.
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("password", 73_914_562);
    parameters.put("api_token", 5_550_123_987_654L);
    RunReport report = new RunReport("run-3", "job", parameters, SteppingClock.fixed(START));
    report.finish(ExitCode.SUCCESS, null);

    String line = report.toJsonLine();

    assertThat(line).doesNotContain("73914562").doesNotContain("5550123987654");
  }

  @Test
  void countsOfTheSameNameAddUp() throws Exception {
    RunReport report = new RunReport("run-4", "job", Map.of(), SteppingClock.fixed(START));
    report.count("rows", 10);
    report.count("rows", 32);
    report.count("files", 3);
    report.finish(ExitCode.SUCCESS, null);

    assertThat(report.counts())
        .containsExactlyInAnyOrderEntriesOf(Map.of("rows", 42L, "files", 3L));
    JsonNode counts = JSON.readTree(report.toJsonLine()).get("counts");
    assertThat(counts.get("rows").asLong()).isEqualTo(42);
    assertThat(counts.get("files").asLong()).isEqualTo(3);
  }

  @Test
  void stepsAreTimedWithTheClockAndTheirDurationsAddUp() throws Exception {
    // Each reading of the clock moves it 250 ms: a step costs one reading at its start and end.
    SteppingClock clock = new SteppingClock(START, Duration.ofMillis(250));
    RunReport report = new RunReport("run-5", "job", Map.of(), clock);

    String value = report.time("write", () -> "written");
    report.time("write", () -> {});
    report.time("verify", () -> {});
    report.finish(ExitCode.SUCCESS, null);

    assertThat(value).isEqualTo("written");
    JsonNode json = JSON.readTree(report.toJsonLine());
    assertThat(json.get("durations_ms").get("write").asLong()).isEqualTo(500);
    assertThat(json.get("durations_ms").get("verify").asLong()).isEqualTo(250);
    // Readings: start, 3 steps x 2, finish: 7 readings after the start, 250 ms apart.
    assertThat(json.get("duration_ms").asLong()).isEqualTo(7 * 250);
    assertThat(json.get("started_at").asText()).isEqualTo("2026-01-31T10:00:00Z");
    assertThat(json.get("finished_at").asText()).isEqualTo("2026-01-31T10:00:01.750Z");
  }

  @Test
  void aStepThatFailsIsStillTimed() throws Exception {
    SteppingClock clock = new SteppingClock(START, Duration.ofMillis(100));
    RunReport report = new RunReport("run-6", "job", Map.of(), clock);

    try {
      report.time(
          "write",
          () -> {
            throw new IllegalStateException("disk full");
          });
    } catch (IllegalStateException expected) {
      // The failure itself is the caller's to report.
    }
    report.finish(ExitCode.INTERNAL_ERROR, "disk full");

    JsonNode json = JSON.readTree(report.toJsonLine());
    assertThat(json.get("durations_ms").get("write").asLong()).isEqualTo(100);
  }

  @Test
  void statusFollowsTheExitCode() throws Exception {
    RunReport running = new RunReport("run-7", "job", Map.of(), SteppingClock.fixed(START));
    assertThat(running.status()).isEqualTo("RUNNING");
    JsonNode unfinished = JSON.readTree(running.toJsonLine());
    assertThat(unfinished.get("status").asText()).isEqualTo("RUNNING");
    assertThat(unfinished.get("exit_code").isNull()).isTrue();
    assertThat(unfinished.get("finished_at").isNull()).isTrue();

    for (ExitCode code : ExitCode.values()) {
      RunReport report = new RunReport("run-8", "job", Map.of(), SteppingClock.fixed(START));
      String error = code == ExitCode.SUCCESS ? null : "failed with " + code;
      report.finish(code, error);

      JsonNode json = JSON.readTree(report.toJsonLine());
      String expected = code == ExitCode.SUCCESS ? "SUCCEEDED" : "FAILED";
      assertThat(report.status()).as(code.name()).isEqualTo(expected);
      assertThat(json.get("status").asText()).as(code.name()).isEqualTo(expected);
      assertThat(json.get("exit_code").asInt()).as(code.name()).isEqualTo(code.code());
      if (error == null) {
        assertThat(json.get("error").isNull()).isTrue();
      } else {
        assertThat(json.get("error").asText()).isEqualTo(error);
      }
    }
  }
}
