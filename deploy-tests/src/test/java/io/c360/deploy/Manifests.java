package io.c360.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads the manifests under {@code k8s/}: every YAML document of every file. */
final class Manifests {
  static final String KUSTOMIZATION = "kustomization.yaml";
  static final ObjectMapper YAML = new YAMLMapper();

  private Manifests() {}

  /** Every manifest file under {@code k8s/} except the kustomization, relative, sorted. */
  static List<Path> files() {
    Path k8s = RepositoryLayout.k8s();
    try (Stream<Path> paths = Files.walk(k8s)) {
      return paths
          .filter(Files::isRegularFile)
          .filter(path -> path.toString().endsWith(".yaml") || path.toString().endsWith(".yml"))
          .map(k8s::relativize)
          .filter(path -> !path.toString().equals(KUSTOMIZATION))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Manifest> all() {
    List<Manifest> manifests = new ArrayList<>();
    for (Path file : files()) {
      manifests.addAll(read(file, RepositoryLayout.k8s().resolve(file)));
    }
    return List.copyOf(manifests);
  }

  /** The documents of one file; {@code name} is how the manifests are reported. */
  static List<Manifest> read(Path name, Path file) {
    try {
      return parse(name, Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  static List<Manifest> parse(Path name, String yaml) {
    List<Manifest> manifests = new ArrayList<>();
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      int index = 0;
      while (documents.hasNextValue()) {
        JsonNode document = documents.nextValue();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          manifests.add(new Manifest(name, index, document));
        }
        index++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot parse " + name + " as YAML", e);
    }
    return List.copyOf(manifests);
  }

  static List<Manifest> ofKind(List<Manifest> manifests, String kind) {
    return manifests.stream().filter(manifest -> manifest.kind().equals(kind)).toList();
  }
}
