package io.c360.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code kubectl apply -k k8s/} deploys every manifest except the SparkApplications. */
class KustomizationTest {
  @Test
  void listsEveryManifestButTheSparkApplications() throws IOException {
    JsonNode kustomization = kustomization();
    List<String> resources = new ArrayList<>();
    kustomization.path("resources").forEach(resource -> resources.add(resource.asText()));

    List<Manifest> manifests = Manifests.all();
    List<String> jobFiles =
        manifests.stream()
            .filter(manifest -> manifest.kind().equals("SparkApplication"))
            .map(manifest -> manifest.file().toString())
            .distinct()
            .toList();
    List<String> serviceFiles =
        Manifests.files().stream()
            .map(Path::toString)
            .filter(file -> !jobFiles.contains(file))
            .toList();

    assertThat(jobFiles).isNotEmpty();
    assertThat(resources).containsExactlyInAnyOrderElementsOf(serviceFiles);
    assertThat(resources).doesNotContainAnyElementsOf(jobFiles);
  }

  @Test
  void aJobFileHoldsNothingButItsSparkApplication() {
    for (Manifest manifest : Manifests.all()) {
      if (manifest.file().startsWith("spark")
          && !manifest.file().getFileName().toString().equals("rbac.yaml")) {
        assertThat(manifest.kind()).as("kind in %s", manifest.file()).isEqualTo("SparkApplication");
      }
    }
  }

  @Test
  void deploysIntoTheNamespaceItCreates() throws IOException {
    List<Manifest> namespaces = Manifests.ofKind(Manifests.all(), "Namespace");

    assertThat(namespaces).hasSize(1);
    assertThat(kustomization().path("namespace").asText()).isEqualTo(namespaces.get(0).name());
  }

  private static JsonNode kustomization() throws IOException {
    Path file = RepositoryLayout.k8s().resolve(Manifests.KUSTOMIZATION);
    return Manifests.YAML.readTree(Files.readString(file));
  }
}
