package io.c360.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The (verb, group, resource) triples a namespaced Role grants, expanded from its rules. Wildcards
 * and {@code resourceNames} are refused: the project's Role names every grant, and a rule limited
 * to names would need the names of Spark's generated objects, which nobody knows in advance.
 */
record RoleRules(SortedSet<ApiCall> grants) {

  static RoleRules of(JsonNode role) {
    if (!role.path("kind").asText().equals("Role")) {
      throw new IllegalArgumentException("not a Role: " + role.path("kind").asText());
    }
    SortedSet<ApiCall> grants = new TreeSet<>();
    for (JsonNode rule : role.path("rules")) {
      if (rule.has("resourceNames") || rule.has("nonResourceURLs")) {
        throw new IllegalArgumentException("rule with resourceNames or nonResourceURLs: " + rule);
      }
      for (String group : texts(rule.path("apiGroups"))) {
        for (String resource : texts(rule.path("resources"))) {
          for (String verb : texts(rule.path("verbs"))) {
            if (Set.of(group, resource, verb).contains("*")) {
              throw new IllegalArgumentException("wildcard in rule " + rule);
            }
            grants.add(new ApiCall(verb, group, resource));
          }
        }
      }
    }
    return new RoleRules(grants);
  }

  /** The calls the Role does not allow, sorted. */
  SortedSet<ApiCall> denied(Set<ApiCall> calls) {
    SortedSet<ApiCall> denied = new TreeSet<>(calls);
    denied.removeAll(grants);
    return denied;
  }

  /** The grants no call uses, sorted. */
  SortedSet<ApiCall> unused(Set<ApiCall> calls) {
    SortedSet<ApiCall> unused = new TreeSet<>(grants);
    unused.removeAll(calls);
    return unused;
  }

  private static List<String> texts(JsonNode array) {
    if (!array.isArray() || array.isEmpty()) {
      throw new IllegalArgumentException("expected a non-empty list, got " + array);
    }
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }
}
