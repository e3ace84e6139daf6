package io.c360.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Headers;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;

/**
 * fabric8's mock Kubernetes API server in CRUD mode (it stores, lists, watches and deletes what it
 * is sent) on 127.0.0.1, recording every request that is not the test's own as an {@link ApiCall}.
 *
 * <p>The CRUD dispatcher of kubernetes-server-mock 6.7.2 answers a server-side apply PATCH ({@code
 * Content-Type: application/apply-patch+yaml}, fabric8's {@code serverSideApply()}) with 415 (its
 * crud/PatchHandler knows only JSON and merge patches). This server still records the request as
 * the {@code patch} it is, then serves it as the API server would: an object that does not exist
 * yet is created (and, as the API server authorizes that as {@code create} as well, a {@code
 * create} is recorded too), an existing one is merge-patched with the applied object. Field
 * ownership and conflicts are not modelled; RBAC does not depend on them. Likewise a created pod
 * gets the {@code Pending} phase the API server gives it.
 */
final class RecordingApiServer implements AutoCloseable {
  /** The User-Agent of the test's own client, whose requests are not recorded. */
  static final String TEST_USER_AGENT = "c360-rbac-contract-test";

  private static final String APPLY_PATCH = "application/apply-patch+yaml";
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<RecordedCall> calls = new CopyOnWriteArrayList<>();
  private final KubernetesMockServer server;

  /** A recorded request: the RBAC call and the request line it came from. */
  record RecordedCall(ApiCall call, String method, String path, String userAgent) {}

  RecordingApiServer() {
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new Dispatcher(), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
  }

  /** {@code http://127.0.0.1:<port>}, the API server URL for Spark's master and clients. */
  String url() {
    return server.url("/").replaceAll("/$", "");
  }

  /** A client for the test's own reads and writes; they are not recorded. */
  KubernetesClient testClient(String namespace) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url())
            .withNamespace(namespace)
            .withUserAgent(TEST_USER_AGENT)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  List<RecordedCall> calls() {
    return List.copyOf(calls);
  }

  @Override
  public void close() {
    server.destroy();
  }

  private final class Dispatcher extends KubernetesCrudDispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String userAgent = request.getHeader("User-Agent");
      if (!TEST_USER_AGENT.equals(userAgent)) {
        ApiCall.of(request.getMethod(), request.getPath())
            .ifPresent(
                call ->
                    calls.add(
                        new RecordedCall(call, request.getMethod(), request.getPath(), userAgent)));
      }
      return super.dispatch(request);
    }

    /**
     * Creates as the API server does, which gives a new pod {@code status.phase: Pending} (the mock
     * stores no status; Spark's executor snapshots read the phase of every pod).
     */
    @Override
    public MockResponse handleCreate(RecordedRequest request) {
      String path = request.getPath().replaceAll("\\?.*$", "");
      if (!path.endsWith("/pods")) {
        return super.handleCreate(request);
      }
      try {
        ObjectNode pod = (ObjectNode) JSON.readTree(request.getBody().clone().readUtf8());
        if (!pod.path("status").has("phase")) {
          pod.putObject("status").put("phase", "Pending");
        }
        return super.handleCreate(
            rewrite(request, "POST", path, "application/json", JSON.writeValueAsString(pod)));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the pod of " + request, e);
      }
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
      String contentType = request.getHeader("Content-Type");
      if (contentType == null || !contentType.startsWith(APPLY_PATCH)) {
        return super.handlePatch(request);
      }
      String json = applyBodyAsJson(request);
      String path = request.getPath();
      String withoutQuery = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
      if (findResource(getKey(withoutQuery)) == null) {
        String collection = withoutQuery.substring(0, withoutQuery.lastIndexOf('/'));
        // An apply that creates is authorized as create too (kubernetes staging/src/k8s.io/
        // apiserver/pkg/endpoints/handlers/patch.go: createValidation checks verb "create").
        ApiCall.of("POST", collection)
            .ifPresent(
                call ->
                    calls.add(
                        new RecordedCall(call, "PATCH", path, request.getHeader("User-Agent"))));
        return super.handleCreate(rewrite(request, "POST", collection, "application/json", json));
      }
      return super.handlePatch(
          rewrite(request, "PATCH", withoutQuery, "application/merge-patch+json", json));
    }

    private String applyBodyAsJson(RecordedRequest request) {
      try {
        JsonNode applied = YAML.readTree(request.getBody().clone().readUtf8());
        return JSON.writeValueAsString(applied);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the applied object of " + request, e);
      }
    }

    /** The same request with another method, path, content type and body. */
    private RecordedRequest rewrite(
        RecordedRequest request, String method, String path, String contentType, String body) {
      Headers headers = request.getHeaders().newBuilder().set("Content-Type", contentType).build();
      Buffer buffer = new Buffer().writeUtf8(body);
      // RecordedRequest takes the URL's host and port from a socket; a bound one is enough.
      try (Socket socket = new Socket()) {
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new RecordedRequest(
            method + " " + path + " HTTP/1.1",
            headers,
            List.of(),
            buffer.size(),
            buffer,
            request.getSequenceNumber(),
            socket);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
