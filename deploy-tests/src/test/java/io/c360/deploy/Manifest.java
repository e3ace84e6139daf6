package io.c360.deploy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * One YAML document of a manifest file.
 *
 * @param file the file, relative to {@code k8s/}
 * @param index the document's position in the file, from 0
 * @param node the document
 */
record Manifest(Path file, int index, JsonNode node) {
  Manifest {
    requireNonNull(file, "file is null");
    requireNonNull(node, "node is null");
  }

  String apiVersion() {
    return node.path("apiVersion").asText("");
  }

  String kind() {
    return node.path("kind").asText("");
  }

  String name() {
    return node.path("metadata").path("name").asText("");
  }

  /** The API group, empty for the core group ({@code v1}). */
  String group() {
    String apiVersion = apiVersion();
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  boolean isStackable() {
    return group().endsWith(".stackable.tech");
  }

  /** {@code Kind/name}, the form the cross-reference checks and deploy.sh's list use. */
  String reference() {
    return kind() + "/" + name();
  }

  @Override
  public String toString() {
    return file + "#" + index + " (" + reference() + ")";
  }
}
