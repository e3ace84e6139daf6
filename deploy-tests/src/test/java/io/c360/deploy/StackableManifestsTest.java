package io.c360.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every Stackable object under k8s/ against the SDP 26.3 CRDs, unknown fields rejected. */
class StackableManifestsTest {
  private static CrdSchemas schemas;
  private static List<Manifest> stackable;

  @BeforeAll
  static void load() {
    schemas = CrdSchemas.load(RepositoryLayout.crdDirectory());
    stackable = Manifests.all().stream().filter(Manifest::isStackable).toList();
  }

  @Test
  void everyStackableKindOfTheDesignIsDeployed() {
    assertThat(stackable)
        .extracting(Manifest::kind)
        .contains(
            "SecretClass",
            "S3Connection",
            "S3Bucket",
            "HiveCluster",
            "AuthenticationClass",
            "TrinoCatalog",
            "TrinoCluster",
            "SparkApplication");
  }

  @Test
  void everyStackableObjectMatchesItsCrd() {
    Map<String, List<String>> errors = new TreeMap<>();
    for (Manifest manifest : stackable) {
      List<String> found = schemas.validate(manifest);
      if (!found.isEmpty()) {
        errors.put(manifest.toString(), found);
      }
    }
    assertThat(errors).as("objects that the SDP 26.3 CRDs reject").isEmpty();
  }

  @Test
  void anUnknownFieldIsAnError() {
    ObjectNode hive = copyOf("HiveCluster");
    hive.withObject("/spec/clusterConfig").put("databse", "typo");

    assertThat(schemas.validate(manifest(hive))).anyMatch(error -> error.contains("databse"));
  }

  @Test
  void anUnknownFieldInsideAnArrayIsAnError() {
    ObjectNode trino = copyOf("TrinoCluster");
    ((ObjectNode) trino.at("/spec/clusterConfig/authentication/0"))
        .put("authenticationClas", "typo");

    assertThat(schemas.validate(manifest(trino)))
        .anyMatch(error -> error.contains("authenticationClas"));
  }

  @Test
  void aWrongTypeIsAnError() {
    ObjectNode spark = copyOf("SparkApplication");
    spark.withObject("/spec/executor").put("replicas", "sixty-four");

    assertThat(schemas.validate(manifest(spark))).anyMatch(error -> error.contains("replicas"));
  }

  @Test
  void anIntOrStringFieldTakesIntegersAndStringsOnly() {
    ObjectNode integer = copyOf("SparkApplication");
    integer.withObject("/spec/executor/config/resources/cpu").put("max", 4);
    ObjectNode bool = copyOf("SparkApplication");
    bool.withObject("/spec/executor/config/resources/cpu").put("max", true);

    assertThat(schemas.validate(manifest(integer))).isEmpty();
    assertThat(schemas.validate(manifest(bool))).anyMatch(error -> error.contains("max"));
  }

  @Test
  void aValueOutsideAnEnumIsAnError() {
    ObjectNode s3 = copyOf("S3Connection");
    s3.withObject("/spec").put("accessStyle", "path");

    assertThat(schemas.validate(manifest(s3))).anyMatch(error -> error.contains("accessStyle"));
  }

  @Test
  void aKindOrVersionNoCrdServesIsAnError() {
    ObjectNode hive = copyOf("HiveCluster");
    hive.put("apiVersion", "hive.stackable.tech/v1");

    assertThat(schemas.validate(manifest(hive))).anyMatch(error -> error.contains("no CRD"));
  }

  private static ObjectNode copyOf(String kind) {
    return Manifests.ofKind(stackable, kind).get(0).node().deepCopy();
  }

  private static Manifest manifest(ObjectNode node) {
    return new Manifest(Path.of("modified.yaml"), 0, node);
  }
}
