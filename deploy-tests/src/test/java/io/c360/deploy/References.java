package io.c360.deploy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The objects a manifest names: found by field name anywhere in the document (so a new manifest is
 * covered without new code), plus the few references that live in strings (the metastore URI, the
 * buckets of {@code s3a://} paths).
 */
final class References {
  /** Fields whose string value names an object of the given kind. */
  private static final Map<String, String> NAMING_FIELDS =
      Map.ofEntries(
          Map.entry("secretClass", "SecretClass"),
          Map.entry("serverSecretClass", "SecretClass"),
          Map.entry("internalSecretClass", "SecretClass"),
          Map.entry("credentialsSecret", "Secret"),
          Map.entry("authenticationClass", "AuthenticationClass"),
          Map.entry("serviceAccountName", "ServiceAccount"),
          Map.entry("serviceName", "Service"),
          Map.entry("configMapName", "ConfigMap"));

  /** Objects whose {@code name} field names an object of the given kind. */
  private static final Map<String, String> NAMING_OBJECTS =
      Map.of(
          "secretKeyRef", "Secret",
          "secretRef", "Secret",
          "userCredentialsSecret", "Secret",
          "configMapKeyRef", "ConfigMap",
          "configMapRef", "ConfigMap");

  /** {@code reference: name} under these fields names an S3Connection or an S3Bucket. */
  private static final Map<String, String> REFERENCE_PARENTS =
      Map.of(
          "s3", "S3Connection",
          "s3connection", "S3Connection",
          "connection", "S3Connection",
          "bucket", "S3Bucket");

  /** {@code configMap: name} under these fields names a discovery ConfigMap. */
  private static final List<String> CONFIG_MAP_PARENTS = List.of("metastore", "hdfs");

  private static final String DRIVER_SERVICE_ACCOUNT =
      "spark.kubernetes.authenticate.driver.serviceAccountName";
  private static final Pattern THRIFT =
      Pattern.compile("^thrift://([a-z0-9-]+)-metastore(?:[.:].*)?$");
  static final Pattern S3A = Pattern.compile("s3a://([a-z0-9.-]+)(/.*)?");

  private References() {}

  /**
   * A named object.
   *
   * @param kind the kind the name must resolve to
   * @param name the name
   * @param where where in the manifest it was named
   */
  record Reference(String kind, String name, String where) {
    Reference {
      requireNonNull(kind, "kind is null");
      requireNonNull(name, "name is null");
      requireNonNull(where, "where is null");
    }

    String target() {
      return kind + "/" + name;
    }
  }

  static List<Reference> of(Manifest manifest) {
    List<Reference> references = new ArrayList<>();
    walk(manifest.node(), "", "", references);
    JsonNode roleRef = manifest.node().path("roleRef");
    if (roleRef.isObject()) {
      references.add(
          new Reference(roleRef.path("kind").asText(), roleRef.path("name").asText(), "/roleRef"));
    }
    for (JsonNode subject : manifest.node().path("subjects")) {
      if (subject.path("kind").asText().equals("ServiceAccount")) {
        references.add(new Reference("ServiceAccount", subject.path("name").asText(), "/subjects"));
      }
    }
    JsonNode sparkConf = manifest.node().path("spec").path("sparkConf");
    if (sparkConf.has(DRIVER_SERVICE_ACCOUNT)) {
      references.add(
          new Reference(
              "ServiceAccount",
              sparkConf.path(DRIVER_SERVICE_ACCOUNT).asText(),
              "/spec/sparkConf/" + DRIVER_SERVICE_ACCOUNT));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = sparkConf.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      Matcher thrift = THRIFT.matcher(entry.getValue().asText());
      if (thrift.matches()) {
        references.add(
            new Reference("HiveCluster", thrift.group(1), "/spec/sparkConf/" + entry.getKey()));
      }
    }
    return List.copyOf(references);
  }

  /** The bucket names of every {@code s3a://} string in the manifest. */
  static List<Reference> buckets(Manifest manifest) {
    List<Reference> buckets = new ArrayList<>();
    collectBuckets(manifest.node(), "", buckets);
    return List.copyOf(buckets);
  }

  private static void collectBuckets(JsonNode node, String path, List<Reference> buckets) {
    if (node.isTextual()) {
      Matcher matcher = S3A.matcher(node.asText());
      if (matcher.matches()) {
        buckets.add(new Reference("bucket", matcher.group(1), path));
      }
      return;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectBuckets(node.get(i), path + "/" + i, buckets);
      }
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      collectBuckets(entry.getValue(), path + "/" + entry.getKey(), buckets);
    }
  }

  private static void walk(JsonNode node, String parent, String path, List<Reference> references) {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), parent, path + "/" + i, references);
      }
      return;
    }
    if (!node.isObject()) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String field = entry.getKey();
      JsonNode value = entry.getValue();
      String where = path + "/" + field;
      if (value.isTextual()) {
        String kind = kindNamedBy(parent, field);
        if (kind != null) {
          references.add(new Reference(kind, value.asText(), where));
        }
      }
      if (value.isObject() && NAMING_OBJECTS.containsKey(field) && value.has("name")) {
        references.add(
            new Reference(NAMING_OBJECTS.get(field), value.path("name").asText(), where));
      }
      walk(value, field, where, references);
    }
  }

  private static String kindNamedBy(String parent, String field) {
    if (field.equals("reference")) {
      return REFERENCE_PARENTS.get(parent);
    }
    if (field.equals("configMap") && CONFIG_MAP_PARENTS.contains(parent)) {
      return "ConfigMap";
    }
    return NAMING_FIELDS.get(field);
  }
}
