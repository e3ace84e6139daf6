package io.c360.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.c360.deploy.RecordingApiServer.RecordedCall;
import io.c360.deploy.SparkOnMockApiServer.Recording;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Role in k8s/spark/rbac.yaml against the calls Spark's own Kubernetes code makes: the Role
 * allows every call of a submitted application's life (submit, driver, executors, stop) and grants
 * nothing those calls do not use. The application runs with the sparkConf of the manifests.
 */
class RbacContractTest {
  private static final Path RBAC = Path.of("spark", "rbac.yaml");

  /**
   * Grants the recorded calls do not show but a job needs; each with the upstream reason. Keep it
   * empty unless a call cannot be exercised against the mock.
   */
  private static final Map<ApiCall, String> GRANTED_BEYOND_THE_RECORDING = Map.of();

  private static Recording recording;
  private static SortedSet<ApiCall> calls;

  @BeforeAll
  static void runSparkAgainstTheMockApiServer(@TempDir Path workDir) {
    // Only in the pom's rbac-contract execution, which puts Spark's Jackson on the classpath; a
    // -Dtest selection also reaches the default execution, where fabric8 6.7.2 cannot run.
    assumeTrue(Boolean.getBoolean("c360.rbac.contract"), "runs in the rbac-contract execution");
    recording = SparkOnMockApiServer.run(manifestsSparkConf(), workDir);
    calls =
        recording.all().stream()
            .map(RecordedCall::call)
            .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void theRoleAllowsEveryCallSparkMakes() {
    RoleRules role = RoleRules.of(sparkRole());
    assertThat(role.denied(calls))
        .as("calls Spark makes that the Role in k8s/spark/rbac.yaml denies (recorded: %s)", calls)
        .isEmpty();
  }

  @Test
  void theRoleGrantsNothingSparkDoesNotUse() {
    RoleRules role = RoleRules.of(sparkRole());
    SortedSet<ApiCall> unused = role.unused(calls);
    unused.removeAll(GRANTED_BEYOND_THE_RECORDING.keySet());
    assertThat(unused)
        .as("grants of k8s/spark/rbac.yaml that no recorded call uses (recorded: %s)", calls)
        .isEmpty();
  }

  @Test
  void theRecordingCoversTheSubmitClientAndTheDriver() {
    // Guards the scenario itself: were it to stop short, the two tests above would prove less.
    Set<ApiCall> submit = callsOf(recording.submit());
    Set<ApiCall> driver = callsOf(recording.driver());
    assertThat(submit)
        .contains(
            new ApiCall("patch", "", "services"),
            new ApiCall("patch", "", "configmaps"),
            new ApiCall("create", "", "pods"));
    assertThat(driver)
        .contains(
            new ApiCall("get", "", "pods"),
            new ApiCall("create", "", "pods"),
            new ApiCall("watch", "", "pods"),
            new ApiCall("list", "", "pods"),
            new ApiCall("delete", "", "pods"),
            new ApiCall("create", "", "configmaps"));
  }

  /** Every SparkApplication's sparkConf, merged: the settings that shape Spark's API calls. */
  static Map<String, String> manifestsSparkConf() {
    Map<String, String> conf = new TreeMap<>();
    for (Manifest application : Manifests.ofKind(Manifests.all(), "SparkApplication")) {
      application
          .node()
          .path("spec")
          .path("sparkConf")
          .fields()
          .forEachRemaining(entry -> conf.put(entry.getKey(), entry.getValue().asText()));
    }
    assertThat(conf).as("the SparkApplications' sparkConf").isNotEmpty();
    return conf;
  }

  private static JsonNode sparkRole() {
    return Manifests.ofKind(Manifests.read(RBAC, RepositoryLayout.k8s().resolve(RBAC)), "Role")
        .get(0)
        .node();
  }

  private static Set<ApiCall> callsOf(java.util.List<RecordedCall> recorded) {
    return recorded.stream().map(RecordedCall::call).collect(Collectors.toSet());
  }
}
