package io.c360.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The OpenAPI v3 schemas of the Stackable CRDs, prepared the way {@code kubectl apply} with strict
 * field validation judges an object: unknown fields are errors (every object schema that lists
 * {@code properties}, has no {@code additionalProperties} and does not preserve unknown fields gets
 * {@code additionalProperties: false}); int-or-string fields accept exactly integers and strings;
 * {@code apiVersion}, {@code kind} and {@code metadata} are required at the root. Validated with
 * the OpenAPI 3.0 dialect (for {@code nullable}). Defaults are not applied.
 */
final class CrdSchemas {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String PRESERVE_UNKNOWN = "x-kubernetes-preserve-unknown-fields";
  private static final String INT_OR_STRING = "x-kubernetes-int-or-string";

  private final Map<String, Schema> schemas;

  private CrdSchemas(Map<String, Schema> schemas) {
    this.schemas = Map.copyOf(schemas);
  }

  /** Loads every served version of every CRD in {@code directory}. */
  static CrdSchemas load(Path directory) {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30());
    Map<String, Schema> schemas = new HashMap<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
        for (Manifest crd : Manifests.read(file.getFileName(), file)) {
          if (!crd.kind().equals("CustomResourceDefinition")) {
            continue;
          }
          String group = crd.node().path("spec").path("group").asText();
          String kind = crd.node().path("spec").path("names").path("kind").asText();
          for (JsonNode version : crd.node().path("spec").path("versions")) {
            if (!version.path("served").asBoolean(false)) {
              continue;
            }
            String apiVersion = group + "/" + version.path("name").asText();
            JsonNode openApi = version.path("schema").path("openAPIV3Schema");
            schemas.put(
                key(apiVersion, kind), registry.getSchema(prepare(openApi, apiVersion, kind)));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the CRDs in " + directory, e);
    }
    if (schemas.isEmpty()) {
      throw new IllegalStateException("No CustomResourceDefinition found in " + directory);
    }
    return new CrdSchemas(schemas);
  }

  /** The served kinds, as {@code group/version Kind}. */
  List<String> kinds() {
    return schemas.keySet().stream().sorted().toList();
  }

  Optional<Schema> schema(String apiVersion, String kind) {
    return Optional.ofNullable(schemas.get(key(apiVersion, kind)));
  }

  /**
   * The validation errors of {@code manifest}, each with its location; a kind or version that no
   * CRD serves is an error too.
   */
  List<String> validate(Manifest manifest) {
    Optional<Schema> schema = schema(manifest.apiVersion(), manifest.kind());
    if (schema.isEmpty()) {
      return List.of(
          "no CRD of SDP 26.3 serves "
              + manifest.apiVersion()
              + " "
              + manifest.kind()
              + "; served: "
              + kinds());
    }
    return schema.get().validate(manifest.node()).stream().map(Error::toString).toList();
  }

  private static String key(String apiVersion, String kind) {
    return apiVersion + " " + kind;
  }

  /** A strict copy of a CRD's root schema with the root fields every object carries. */
  static JsonNode prepare(JsonNode openApiSchema, String apiVersion, String kind) {
    ObjectNode root = strict(openApiSchema.deepCopy());
    ObjectNode properties = root.withObject("properties");
    properties.set("apiVersion", constantString(apiVersion));
    properties.set("kind", constantString(kind));
    // Checked by strict typed parsing (fabric8's ObjectMeta) in CoreManifestsTest.
    properties.set("metadata", NODES.objectNode().put("type", "object"));
    ArrayNode required = root.withArray("required");
    for (String field : List.of("apiVersion", "kind", "metadata")) {
      required.add(field);
    }
    root.put("additionalProperties", false);
    return root;
  }

  private static ObjectNode constantString(String value) {
    ObjectNode node = NODES.objectNode().put("type", "string");
    node.putArray("enum").add(value);
    return node;
  }

  /** Rewrites {@code node} and its sub-schemas in place, as described on the class. */
  static ObjectNode strict(JsonNode node) {
    ObjectNode schema = (ObjectNode) node;
    boolean preserveUnknown = schema.path(PRESERVE_UNKNOWN).asBoolean(false);
    if (schema.path(INT_OR_STRING).asBoolean(false) && !schema.has("type")) {
      ArrayNode anyOf = schema.putArray("anyOf");
      anyOf.addObject().put("type", "integer");
      anyOf.addObject().put("type", "string");
    }
    if (schema.has("properties") && !schema.has("additionalProperties") && !preserveUnknown) {
      schema.put("additionalProperties", false);
    }
    if (schema.get("properties") instanceof ObjectNode properties) {
      properties.forEach(CrdSchemas::strict);
    }
    if (schema.get("items") instanceof ObjectNode items) {
      strict(items);
    }
    if (schema.get("additionalProperties") instanceof ObjectNode additional) {
      strict(additional);
    }
    for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
      if (schema.get(combinator) instanceof ArrayNode branches) {
        branches.forEach(CrdSchemas::strict);
      }
    }
    if (schema.get("not") instanceof ObjectNode not) {
      strict(not);
    }
    return schema;
  }
}
