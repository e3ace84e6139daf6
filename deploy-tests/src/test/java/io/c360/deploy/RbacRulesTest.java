package io.c360.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pieces of the RBAC contract test: HTTP requests as RBAC calls, and a Role's grants. */
class RbacRulesTest {

  @ParameterizedTest
  @CsvSource({
    "GET, /api/v1/namespaces/c360/pods/driver, get, pods",
    "GET, /api/v1/namespaces/c360/pods?labelSelector=spark-role%3Dexecutor, list, pods",
    "GET, /api/v1/namespaces/c360/pods?labelSelector=a%3Db&watch=true, watch, pods",
    "GET, /api/v1/namespaces/c360/pods?fieldSelector=metadata.name%3Dd&watch=1, watch, pods",
    "POST, /api/v1/namespaces/c360/pods, create, pods",
    "PUT, /api/v1/namespaces/c360/pods/driver/status, update, pods/status",
    "PATCH, /api/v1/namespaces/c360/services/svc?fieldManager=fabric8&force=true, patch, services",
    "DELETE, /api/v1/namespaces/c360/pods/exec-1, delete, pods",
    "DELETE, /api/v1/namespaces/c360/configmaps?labelSelector=a%3Db, deletecollection, configmaps",
    "GET, /api/v1/namespaces/c360, get, namespaces",
    "GET, /apis/apps/v1/namespaces/c360/statefulsets, list, apps/statefulsets",
  })
  void mapsARequestToTheVerbAndResourceRbacAuthorizes(
      String method, String path, String verb, String resource) {
    assertThat(ApiCall.of(method, path)).map(ApiCall::toString).contains(verb + " " + resource);
  }

  @Test
  void aPathThatNamesNoResourceIsNoCall() {
    assertThat(ApiCall.of("GET", "/version")).isEmpty();
    assertThat(ApiCall.of("GET", "/api")).isEmpty();
  }

  @Test
  void reportsWhatTheRoleDeniesAndWhatItGrantsInVain() {
    RoleRules role =
        RoleRules.of(
            role(
                """
                kind: Role
                rules:
                  - apiGroups: [""]
                    resources: ["services", "configmaps"]
                    verbs: ["create", "delete"]
                """));
    Set<ApiCall> calls =
        Set.of(new ApiCall("patch", "", "services"), new ApiCall("create", "", "services"));
    assertThat(role.denied(calls)).containsExactly(new ApiCall("patch", "", "services"));
    assertThat(role.unused(calls))
        .containsExactly(
            new ApiCall("create", "", "configmaps"),
            new ApiCall("delete", "", "configmaps"),
            new ApiCall("delete", "", "services"));
  }

  @Test
  void refusesWildcardsAndNamedResources() {
    assertThatThrownBy(
            () ->
                RoleRules.of(
                    role(
                        """
                        kind: Role
                        rules: [{apiGroups: [""], resources: ["pods"], verbs: ["*"]}]
                        """)))
        .hasMessageContaining("wildcard");
    assertThatThrownBy(
            () ->
                RoleRules.of(
                    role(
                        """
                        kind: Role
                        rules: [{apiGroups: [""], resources: ["pods"], verbs: ["get"],
                                 resourceNames: ["x"]}]
                        """)))
        .hasMessageContaining("resourceNames");
  }

  private static JsonNode role(String yaml) {
    return Manifests.parse(Path.of("test.yaml"), yaml).get(0).node();
  }
}
