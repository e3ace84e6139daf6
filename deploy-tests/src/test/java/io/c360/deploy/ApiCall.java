package io.c360.deploy;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * One request to the Kubernetes API as RBAC authorizes it: the verb and the resource (with its API
 * group, {@code ""} for the core group, and its subresource, e.g. {@code pods/status}).
 *
 * <p>The HTTP method and path map to the verb the way the API server's request-info resolver does
 * (kubernetes staging/src/k8s.io/apiserver/pkg/endpoints/request/requestinfo.go): GET on a name is
 * {@code get}, on a collection {@code list}, either with {@code watch=true} is {@code watch}; POST
 * is {@code create}; PUT {@code update}; PATCH (server-side apply included) {@code patch}; DELETE
 * on a name {@code delete}, on a collection {@code deletecollection}.
 */
record ApiCall(String verb, String group, String resource) implements Comparable<ApiCall> {

  /** The call an HTTP request makes; empty for a path that names no resource (e.g. /version). */
  static Optional<ApiCall> of(String method, String pathAndQuery) {
    URI uri = URI.create(pathAndQuery);
    List<String> parts = List.of(uri.getRawPath().replaceAll("^/+|/+$", "").split("/"));
    int start;
    String group;
    if (parts.size() >= 2 && parts.get(0).equals("api")) {
      group = "";
      start = 2; // api/v1/...
    } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      start = 3; // apis/<group>/<version>/...
    } else {
      return Optional.empty();
    }
    List<String> rest = parts.subList(start, parts.size());
    if (rest.size() >= 2 && rest.get(0).equals("namespaces")) {
      rest = rest.subList(2, rest.size());
      if (rest.isEmpty()) {
        // The namespace object itself: /api/v1/namespaces/<name>.
        rest = List.of("namespaces", parts.get(start + 1));
      }
    }
    if (rest.isEmpty()) {
      return Optional.empty();
    }
    String resource = rest.get(0) + (rest.size() >= 3 ? "/" + rest.get(2) : "");
    boolean named = rest.size() >= 2;
    boolean watch =
        uri.getRawQuery() != null && uri.getRawQuery().matches("(.*&)?watch=(true|1)(&.*)?");
    String verb =
        switch (method) {
          case "GET", "HEAD" -> watch ? "watch" : named ? "get" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> throw new IllegalArgumentException("Unexpected HTTP method " + method);
        };
    return Optional.of(new ApiCall(verb, group, resource));
  }

  @Override
  public int compareTo(ApiCall other) {
    return toString().compareTo(other.toString());
  }

  @Override
  public String toString() {
    return verb + " " + (group.isEmpty() ? "" : group + "/") + resource;
  }
}
