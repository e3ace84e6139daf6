package io.c360.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Core objects (and the core parts of Stackable objects: metadata, pod overrides) by typed parsing
 * that fails on unknown fields.
 */
class CoreManifestsTest {
  private static final String PART_OF = "app.kubernetes.io/part-of";

  private static List<Manifest> manifests;

  @BeforeAll
  static void load() {
    manifests = Manifests.all();
  }

  @Test
  void everyCoreObjectParsesStrictly() {
    Map<String, String> errors = new TreeMap<>();
    for (Manifest manifest : manifests) {
      if (StrictKubernetesParser.isCore(manifest)) {
        StrictKubernetesParser.check(manifest)
            .ifPresent(error -> errors.put(manifest.toString(), error));
      }
    }
    assertThat(manifests.stream().filter(StrictKubernetesParser::isCore))
        .extracting(Manifest::kind)
        .contains("Namespace", "StatefulSet", "Service", "ServiceAccount", "Role", "RoleBinding");
    assertThat(errors).as("core objects that do not parse strictly").isEmpty();
  }

  @Test
  void everyMetadataAndPodOverrideParsesStrictly() {
    Map<String, String> errors = new TreeMap<>();
    for (Manifest manifest : manifests) {
      StrictKubernetesParser.checkMetadata(manifest.node().path("metadata"))
          .ifPresent(error -> errors.put(manifest + " metadata", error));
      for (JsonNode podOverrides : manifest.node().findValues("podOverrides")) {
        StrictKubernetesParser.checkPodTemplate(podOverrides)
            .ifPresent(error -> errors.put(manifest + " podOverrides", error));
      }
    }
    assertThat(errors).isEmpty();
  }

  @Test
  void everyObjectIsLabelledAsPartOfTheLakehouseAndLeavesTheNamespaceToKustomize() {
    for (Manifest manifest : manifests) {
      JsonNode metadata = manifest.node().path("metadata");
      assertThat(metadata.path("labels").path(PART_OF).asText())
          .as("label %s of %s (rollback.sh selects by it)", PART_OF, manifest)
          .isEqualTo("c360-lakehouse");
      assertThat(metadata.has("namespace"))
          .as(
              "%s sets metadata.namespace; kustomization.yaml and scripts/c360/targets/k8s.py set it",
              manifest)
          .isFalse();
    }
  }

  @Test
  void anUnknownFieldDeepInsideIsAnError() {
    ObjectNode statefulSet = firstOfKind("StatefulSet");
    ObjectNode container = (ObjectNode) statefulSet.at("/spec/template/spec/containers/0");
    container.set("readinessProb", container.get("readinessProbe"));

    Optional<String> error = StrictKubernetesParser.check(statefulSet, StatefulSet.class);

    assertThat(error).hasValueSatisfying(message -> assertThat(message).contains("readinessProb"));
  }

  @Test
  void aWrongTypeIsAnError() {
    ObjectNode statefulSet = firstOfKind("StatefulSet");
    statefulSet.withObject("/spec").put("replicas", "one");

    assertThat(StrictKubernetesParser.check(statefulSet, StatefulSet.class)).isPresent();
  }

  @Test
  void anUnknownFieldInAPodOverrideIsAnError() {
    ObjectNode spark = firstOfKind("SparkApplication");
    spark.withObject("/spec/driver/podOverrides/spec").put("serviceAccount_name", "typo");

    assertThat(StrictKubernetesParser.checkPodTemplate(spark.at("/spec/driver/podOverrides")))
        .hasValueSatisfying(message -> assertThat(message).contains("serviceAccount_name"));
  }

  @Test
  void anUnknownKindHasNoModel() {
    ObjectNode namespace = firstOfKind("Namespace");
    namespace.put("kind", "Namespaces");

    assertThat(StrictKubernetesParser.check(new Manifest(Path.of("modified.yaml"), 0, namespace)))
        .hasValueSatisfying(message -> assertThat(message).contains("no typed model"));
  }

  private static ObjectNode firstOfKind(String kind) {
    return Manifests.ofKind(manifests, kind).get(0).node().deepCopy();
  }
}
