package io.c360.deploy;

import io.c360.deploy.RecordingApiServer.RecordedCall;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.deploy.k8s.submit.KubernetesClientApplication;

/**
 * One Spark application's whole life on Kubernetes, run by Spark's own code against a {@link
 * RecordingApiServer}: what the operator's spark-submit Job does (cluster-mode submit), then what
 * the driver pod does (a SparkContext on master {@code k8s://}, started from the conf the submit
 * client wrote into the driver's ConfigMap).
 *
 * <p>Spark code exercised (spark-kubernetes, resource-managers/kubernetes/core/src/main/scala/org/
 * apache/spark/): deploy/k8s/submit/KubernetesClientApplication.scala (Client.run: server-side
 * apply of the driver Service and ConfigMaps, driver pod create), scheduler/cluster/k8s/
 * KubernetesClusterManager.scala and KubernetesClusterSchedulerBackend.scala (executor ConfigMap,
 * stop-time clean-up), ExecutorPodsAllocator.scala (driver pod get and readiness wait, PVC listing
 * for reuse, executor pod create), ExecutorPodsWatchSnapshotSource.scala and
 * ExecutorPodsPollingSnapshotSource.scala (watch and list), ExecutorPodsLifecycleManager.scala
 * (delete of a failed executor's pod).
 */
final class SparkOnMockApiServer {
  static final String NAMESPACE = "c360";
  static final int EXECUTORS = 2;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** The operator's container name in its pod templates (SparkContainer::Spark). */
  private static final String CONTAINER = "spark";

  /** The calls of each phase, in order. */
  record Recording(List<RecordedCall> submit, List<RecordedCall> driver) {
    List<RecordedCall> all() {
      List<RecordedCall> all = new ArrayList<>(submit);
      all.addAll(driver);
      return all;
    }
  }

  private SparkOnMockApiServer() {}

  /**
   * Submits an application with {@code sparkConf} (the manifests' own), runs its driver until
   * executors run, fails one executor, and stops the driver.
   */
  static Recording run(Map<String, String> sparkConf, Path workDir) {
    // Nothing from this machine's kubeconfig or a mounted service account reaches Spark's clients.
    Map<String, String> saved =
        setSystemProperties(
            Map.of(
                Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false",
                Config.KUBERNETES_AUTH_TRYSERVICEACCOUNT_SYSTEM_PROPERTY, "false"));
    try (RecordingApiServer server = new RecordingApiServer();
        KubernetesClient test = server.testClient(NAMESPACE)) {
      Path driverTemplate = writeTemplate(workDir.resolve("driver-template.yaml"));
      Path executorTemplate = writeTemplate(workDir.resolve("executor-template.yaml"));

      submit(server, sparkConf, driverTemplate, executorTemplate);
      int submitted = server.calls().size();

      Pod driverPod = only(test.pods().withLabel("spark-role", "driver").list().getItems());
      markReady(test, driverPod);
      SparkConf driverConf = driverConf(server, test, executorTemplate);
      runDriver(server, test, driverConf);

      List<RecordedCall> calls = server.calls();
      return new Recording(calls.subList(0, submitted), calls.subList(submitted, calls.size()));
    } finally {
      setSystemProperties(saved);
    }
  }

  /** The operator's spark-submit in cluster mode (its 26.3 crd/mod.rs submit command). */
  private static void submit(
      RecordingApiServer server,
      Map<String, String> sparkConf,
      Path driverTemplate,
      Path executorTemplate) {
    SparkConf conf = new SparkConf(false);
    sparkConf.forEach(conf::set);
    conf.set("spark.master", "k8s://" + server.url())
        .set("spark.submit.deployMode", "cluster")
        .set("spark.app.name", "c360-rbac-contract")
        .set("spark.kubernetes.namespace", NAMESPACE)
        .set("spark.kubernetes.container.image", "spark-k8s:3.5")
        .set("spark.kubernetes.driver.podTemplateFile", driverTemplate.toString())
        .set("spark.kubernetes.executor.podTemplateFile", executorTemplate.toString())
        .set("spark.kubernetes.driver.podTemplateContainerName", CONTAINER)
        .set("spark.kubernetes.executor.podTemplateContainerName", CONTAINER)
        .set("spark.executor.instances", String.valueOf(EXECUTORS))
        // The operator's Job does not wait; it leaves the driver to report the application's end.
        .set("spark.kubernetes.submission.waitAppCompletion", "false");
    new KubernetesClientApplication()
        .start(
            new String[] {
              "--primary-java-resource", "s3a://c360-artifacts/jars/job.jar",
              "--main-class", "io.c360.Main",
              "--arg", "--target",
              "--arg", "k8s"
            },
            conf);
  }

  /**
   * The driver's conf as the driver pod reads it: the spark.properties the submit client wrote into
   * the driver's ConfigMap, with only the addresses replaced by this machine's.
   */
  private static SparkConf driverConf(
      RecordingApiServer server, KubernetesClient test, Path executorTemplate) {
    ConfigMap driverConfigMap =
        only(
            test.configMaps().list().getItems().stream()
                .filter(map -> map.getMetadata().getName().startsWith("spark-drv-"))
                .toList());
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(driverConfigMap.getData().get("spark.properties")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SparkConf conf = new SparkConf(false);
    properties.stringPropertyNames().forEach(key -> conf.set(key, properties.getProperty(key)));
    return conf
        // In the pod, the API server is kubernetes.default.svc and the driver binds to its pod IP.
        .set("spark.kubernetes.driver.master", server.url())
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.driver.port", "0")
        .set("spark.driver.blockManager.port", "0")
        // The pod's entrypoint runs spark-submit in client mode with these properties.
        .set("spark.submit.deployMode", "client")
        // In the pod, the executor template is mounted from the ConfigMap at this conf's path.
        .set("spark.kubernetes.executor.podTemplateFile", executorTemplate.toString())
        .set("spark.ui.enabled", "false")
        // Start without waiting for executors to register: none will, they are never run.
        .set("spark.scheduler.minRegisteredResourcesRatio", "0")
        // Poll (list) within the test's time, not after the default 30 s.
        .set("spark.kubernetes.executor.apiPollingInterval", "1s");
  }

  /** Runs the driver: executors requested and watched, one fails and is replaced, then stop. */
  private static void runDriver(RecordingApiServer server, KubernetesClient test, SparkConf conf) {
    SparkContext context = new SparkContext(conf);
    try {
      await(
          "the driver creates " + EXECUTORS + " executor pods",
          () -> executors(test).size() == EXECUTORS);
      Pod failing = executors(test).get(0);
      String failingName = failing.getMetadata().getName();
      markFailed(test, failing);
      await(
          "the driver deletes the failed executor's pod and requests a replacement",
          () ->
              server.calls().stream()
                      .anyMatch(
                          call ->
                              call.method().equals("DELETE")
                                  && call.path().contains("/pods/" + failingName))
                  && createdExecutorPods(server) > EXECUTORS);
      await(
          "the driver polls the executor pods",
          () ->
              server.calls().stream()
                  .anyMatch(call -> call.call().equals(new ApiCall("list", "", "pods"))));
    } finally {
      context.stop();
    }
  }

  private static List<Pod> executors(KubernetesClient test) {
    return test.pods().withLabel("spark-role", "executor").list().getItems().stream()
        .filter(
            pod -> !"Failed".equals(pod.getStatus() == null ? null : pod.getStatus().getPhase()))
        .toList();
  }

  private static long createdExecutorPods(RecordingApiServer server) {
    return server.calls().stream()
            .filter(call -> call.method().equals("POST") && call.path().endsWith("/pods"))
            .count()
        - 1; // the driver pod
  }

  private static void markReady(KubernetesClient test, Pod pod) {
    test.pods()
        .resource(
            new PodBuilder(pod)
                .editOrNewStatus()
                .withPhase("Running")
                .withConditions(
                    new PodConditionBuilder().withType("Ready").withStatus("True").build())
                .endStatus()
                .build())
        .updateStatus();
  }

  private static void markFailed(KubernetesClient test, Pod pod) {
    test.pods()
        .resource(
            new PodBuilder(pod)
                .editOrNewStatus()
                .withPhase("Failed")
                .withContainerStatuses(
                    new ContainerStatusBuilder()
                        .withName(CONTAINER)
                        .withNewState()
                        .withNewTerminated()
                        .withExitCode(1)
                        .withReason("Error")
                        .endTerminated()
                        .endState()
                        .build())
                .endStatus()
                .build())
        .updateStatus();
  }

  private static Path writeTemplate(Path file) {
    // The shape of the operator's pod templates: the Spark container by name, the ServiceAccount.
    String template =
        """
        apiVersion: v1
        kind: Pod
        metadata:
          labels:
            app.kubernetes.io/part-of: c360-lakehouse
        spec:
          serviceAccountName: c360-spark
          containers:
            - name: %s
        """
            .formatted(CONTAINER);
    try {
      return Files.writeString(file, template);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("Timed out after " + TIMEOUT + " waiting until " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted waiting until " + what, e);
      }
    }
  }

  private static <T> T only(List<T> items) {
    if (items.size() != 1) {
      throw new AssertionError("expected exactly one, got " + items);
    }
    return items.get(0);
  }

  private static Map<String, String> setSystemProperties(Map<String, String> values) {
    Map<String, String> previous = new java.util.HashMap<>();
    values.forEach(
        (key, value) -> {
          previous.put(key, System.getProperty(key));
          if (value == null) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
    return previous;
  }
}
