package io.c360.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.c360.deploy.References.Reference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every object a manifest names exists: in k8s/, in deploy.sh's list of what it creates, or among
 * what the platform provides.
 */
class CrossReferencesTest {
  /**
   * Objects the SDP operators provide themselves: the secret-operator's default {@code tls}
   * SecretClass (installed with the operator's Helm chart).
   */
  static final Set<String> PLATFORM_OBJECTS = Set.of("SecretClass/tls");

  private static List<Manifest> manifests;

  @BeforeAll
  static void load() {
    manifests = Manifests.all();
  }

  /** What exists once deploy.sh has run: k8s/, deploy.sh's objects, operator-made objects. */
  static Set<String> available(List<Manifest> manifests, List<String> createdByDeploy) {
    Set<String> available = new LinkedHashSet<>(PLATFORM_OBJECTS);
    available.addAll(createdByDeploy);
    for (Manifest manifest : manifests) {
      available.add(manifest.reference());
      if (manifest.kind().equals("HiveCluster")) {
        // The hive-operator writes a discovery ConfigMap named after the cluster.
        available.add("ConfigMap/" + manifest.name());
      }
    }
    return available;
  }

  static Map<String, List<String>> unresolved(List<Manifest> manifests, Set<String> available) {
    Map<String, List<String>> missing = new TreeMap<>();
    for (Manifest manifest : manifests) {
      for (Reference reference : References.of(manifest)) {
        if (!available.contains(reference.target())) {
          missing
              .computeIfAbsent(manifest.toString(), key -> new ArrayList<>())
              .add(reference.target() + " at " + reference.where());
        }
      }
    }
    return missing;
  }

  @Test
  void everyNamedObjectExists() {
    Set<String> available = available(manifests, DeployScript.createdObjects());

    assertThat(manifests.stream().flatMap(manifest -> References.of(manifest).stream()))
        .extracting(Reference::kind)
        .contains(
            "Secret",
            "SecretClass",
            "S3Connection",
            "S3Bucket",
            "ConfigMap",
            "ServiceAccount",
            "HiveCluster",
            "AuthenticationClass");
    assertThat(unresolved(manifests, available))
        .as("names that resolve to nothing in k8s/, deploy.sh's CREATED_OBJECTS or the platform")
        .isEmpty();
  }

  @Test
  void aMissingObjectIsReported() {
    List<String> withoutHiveSecret =
        DeployScript.createdObjects().stream()
            .filter(object -> !object.equals("Secret/c360-hive-db-credentials"))
            .toList();

    assertThat(unresolved(manifests, available(manifests, withoutHiveSecret)))
        .containsKey("hive/hive-cluster.yaml#0 (HiveCluster/c360-hive)");
  }

  @Test
  void credentialsComeOnlyFromDeployScriptSecrets() {
    assertThat(Manifests.ofKind(manifests, "Secret"))
        .as("Secrets in k8s/ (deploy.sh creates them from the environment or a prompt)")
        .isEmpty();
    Set<String> namedSecrets = new LinkedHashSet<>();
    for (Manifest manifest : manifests) {
      for (Reference reference : References.of(manifest)) {
        if (reference.kind().equals("Secret")) {
          namedSecrets.add(reference.target());
        }
      }
    }
    assertThat(DeployScript.createdObjects()).containsAll(namedSecrets);
  }

  @Test
  void noManifestHoldsACredential() {
    List<String> found = new ArrayList<>();
    for (Manifest manifest : manifests) {
      collectCredentials(manifest.node(), manifest.toString(), found);
    }
    assertThat(found).isEmpty();
  }

  @Test
  void everyS3aPathIsOnADeclaredBucket() {
    Set<String> bucketNames = new LinkedHashSet<>();
    for (Manifest bucket : Manifests.ofKind(manifests, "S3Bucket")) {
      bucketNames.add(bucket.node().path("spec").path("bucketName").asText());
    }
    for (Manifest manifest : manifests) {
      for (Reference bucket : References.buckets(manifest)) {
        assertThat(bucketNames)
            .as("bucket of the s3a:// path at %s in %s", bucket.where(), manifest)
            .contains(bucket.name());
      }
    }
  }

  @Test
  void theTrinoClusterSelectsTheLakehouseCatalog() {
    for (Manifest trino : Manifests.ofKind(manifests, "TrinoCluster")) {
      JsonNode matchLabels =
          trino.node().path("spec").path("clusterConfig").path("catalogLabelSelector");
      List<String> selected =
          Manifests.ofKind(manifests, "TrinoCatalog").stream()
              .filter(catalog -> matches(matchLabels.path("matchLabels"), catalog))
              .map(Manifest::name)
              .toList();
      assertThat(selected).as("catalogs selected by %s", trino).contains("lakehouse");
    }
  }

  private static boolean matches(JsonNode matchLabels, Manifest catalog) {
    JsonNode labels = catalog.node().path("metadata").path("labels");
    for (Iterator<Map.Entry<String, JsonNode>> it = matchLabels.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> label = it.next();
      if (!labels.path(label.getKey()).asText().equals(label.getValue().asText())) {
        return false;
      }
    }
    return matchLabels.size() > 0;
  }

  /** Fields that would hold a secret value, and S3A keys that would carry credentials. */
  private static void collectCredentials(JsonNode node, String where, List<String> found) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String key = entry.getKey();
      String path = where + "/" + key;
      boolean credentialField =
          key.matches(
                  "(?i)(.*[._-])?(password|passwd|secret[._-]?key|access[._-]?key|session[._-]?token)")
              || key.equals("stringData")
              || (key.equals("data") && where.contains("Secret/"));
      if (credentialField && !entry.getValue().isMissingNode()) {
        found.add(path);
      }
      if (entry.getValue().isContainerNode()) {
        collectCredentials(entry.getValue(), path, found);
      }
    }
    if (node.isArray()) {
      for (JsonNode element : node) {
        collectCredentials(element, where, found);
      }
    }
  }
}
