package io.c360.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed parsing of core Kubernetes objects with fabric8's model that fails on any unknown field,
 * the way {@code kubectl apply} (strict field validation) does.
 *
 * <p>fabric8's classes catch unknown fields in an {@code additionalProperties} map through
 * {@code @JsonAnySetter}; this parser's introspector ignores those any-setters, so with {@code
 * FAIL_ON_UNKNOWN_PROPERTIES} an unknown field at any depth is an error naming its path.
 */
final class StrictKubernetesParser {
  /** The core kinds the manifests may use, by {@code apiVersion kind}. */
  static final Map<String, Class<?>> KINDS =
      Map.of(
          "v1 Namespace", Namespace.class,
          "v1 Secret", Secret.class,
          "v1 ConfigMap", ConfigMap.class,
          "v1 Service", Service.class,
          "v1 ServiceAccount", ServiceAccount.class,
          "apps/v1 StatefulSet", StatefulSet.class,
          "rbac.authorization.k8s.io/v1 Role", Role.class,
          "rbac.authorization.k8s.io/v1 RoleBinding", RoleBinding.class);

  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .annotationIntrospector(new NoAnySetterIntrospector())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .build();

  private StrictKubernetesParser() {}

  static boolean isCore(Manifest manifest) {
    return !manifest.isStackable();
  }

  /** The error of parsing a core object, empty when it parses. */
  static Optional<String> check(Manifest manifest) {
    Class<?> type = KINDS.get(manifest.apiVersion() + " " + manifest.kind());
    if (type == null) {
      return Optional.of(
          "no typed model for "
              + manifest.apiVersion()
              + " "
              + manifest.kind()
              + "; known: "
              + KINDS.keySet().stream().sorted().toList());
    }
    return check(manifest.node(), type);
  }

  /** The error of parsing {@code node} as {@code type}, empty when it parses. */
  static Optional<String> check(JsonNode node, Class<?> type) {
    try {
      STRICT.treeToValue(node, type);
      return Optional.empty();
    } catch (JsonProcessingException | IllegalArgumentException e) {
      // Jackson's message names the field and the path to it; that is the whole report.
      return Optional.of(e.getMessage());
    }
  }

  static Optional<String> checkMetadata(JsonNode metadata) {
    return check(metadata, ObjectMeta.class);
  }

  static Optional<String> checkPodTemplate(JsonNode podOverrides) {
    return check(podOverrides, PodTemplateSpec.class);
  }

  static List<String> knownKinds() {
    return KINDS.keySet().stream().sorted().toList();
  }

  /** Jackson's introspector, except that no {@code @JsonAnySetter} is honoured. */
  private static final class NoAnySetterIntrospector extends JacksonAnnotationIntrospector {
    private static final long serialVersionUID = 1L;

    @Override
    public Boolean hasAnySetter(Annotated annotated) {
      return null;
    }
  }
}
