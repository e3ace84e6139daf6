package io.c360.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.c360.common.cli.JobCommand;
import io.c360.common.cli.JobLauncher;
import io.c360.common.cli.JobLauncher.Parsed;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Each SparkApplication runs a job that exists, from the jar deploy.sh uploads, with arguments that
 * job's own parser accepts (the parser {@code main} uses, through {@code newCommand()}).
 */
class SparkApplicationArgumentsTest {
  /**
   * A job module and its main class.
   *
   * @param module the Maven module, also the jar's name
   * @param mainClass its main class, with {@code public static newCommand()}
   */
  record Job(String module, String mainClass) {}

  /**
   * Jobs whose module is a test dependency of this module (pom.xml): their SparkApplication is
   * checked in full. Adding a job is one line here plus its dependency in the pom.
   */
  static final List<Job> JOBS =
      List.of(
          new Job("bronze-ingest", "io.c360.bronze.BronzeIngestMain"),
          new Job("silver-build", "io.c360.silver.SilverBuildMain"),
          new Job("gold-finalize", "io.c360.gold.GoldFinalizeMain"),
          new Job("lakehouse-ops", "io.c360.ops.maintenance.TableMaintenanceMain"));

  /**
   * SparkApplications whose job is not built yet: skipped (reported as such) while their class is
   * missing, checked in full as soon as it is on the classpath.
   */
  static final Map<String, String> PENDING = Map.of();

  private static final String VERSION = System.getProperty("c360.version", "0.1.0-SNAPSHOT");

  @TestFactory
  Stream<DynamicTest> everySparkApplicationRunsAnExistingJobWithAcceptedArguments() {
    List<Manifest> applications = Manifests.ofKind(Manifests.all(), "SparkApplication");
    assertThat(applications).isNotEmpty();
    return applications.stream()
        .map(
            application ->
                DynamicTest.dynamicTest(
                    application.file().toString(), () -> checkApplication(application)));
  }

  @Test
  void everyJobHasASparkApplication() {
    List<String> mainClasses =
        Manifests.ofKind(Manifests.all(), "SparkApplication").stream()
            .map(application -> application.node().path("spec").path("mainClass").asText())
            .toList();
    for (Job job : JOBS) {
      assertThat(mainClasses).as("SparkApplication for %s", job.module()).contains(job.mainClass());
    }
  }

  @Test
  void deployShUploadsTheJarOfEveryJob() {
    List<String> uploaded = DeployScript.jobModules();
    for (Job job : JOBS) {
      assertThat(uploaded).as("deploy.sh's JOB_MODULES").contains(job.module());
    }
    for (Manifest application : Manifests.ofKind(Manifests.all(), "SparkApplication")) {
      String jar = application.node().path("spec").path("mainApplicationFile").asText();
      String file = jar.substring(jar.lastIndexOf('/') + 1);
      assertThat(uploaded)
          .as("deploy.sh's JOB_MODULES, which must upload %s for %s", file, application)
          .anyMatch(module -> file.equals(module + "-" + VERSION + ".jar"));
    }
  }

  @Test
  void theParserRejectsBadArguments() {
    Manifest bronze = applicationOf("io.c360.bronze.BronzeIngestMain");
    List<String> args = arguments(bronze);
    args.set(args.indexOf("--days") + 1, "0");

    assertThat(parse("io.c360.bronze.BronzeIngestMain", args)).isPresent();
  }

  @Test
  void theParserRejectsAnUnknownOption() {
    Manifest bronze = applicationOf("io.c360.bronze.BronzeIngestMain");
    List<String> args = arguments(bronze);
    args.add("--target-byte");
    args.add("1TB");

    assertThat(parse("io.c360.bronze.BronzeIngestMain", args))
        .hasValueSatisfying(error -> assertThat(error).contains("--target-byte"));
  }

  private static void checkApplication(Manifest application) {
    JsonNode spec = application.node().path("spec");
    String mainClass = spec.path("mainClass").asText();
    Optional<Job> job =
        JOBS.stream().filter(entry -> entry.mainClass().equals(mainClass)).findAny();
    if (job.isEmpty()) {
      assertThat(PENDING)
          .as(
              "%s runs %s: add it to JOBS (and its module to the pom) or PENDING",
              application, mainClass)
          .containsKey(mainClass);
      Assumptions.assumeTrue(
          loadable(mainClass),
          mainClass + " is not on the classpath yet (module " + PENDING.get(mainClass) + ")");
    }
    String module = job.map(Job::module).orElseGet(() -> PENDING.get(mainClass));

    assertThat(spec.path("mainApplicationFile").asText())
        .as("jar of %s", application)
        .matches("s3a://[a-z0-9.-]+/jars/" + module + "-" + VERSION.replace(".", "\\.") + "\\.jar");
    assertThat(loadedFrom(mainClass)).as("where %s comes from", mainClass).contains(module);
    assertThat(parse(mainClass, arguments(application)))
        .as("error of %s's parser for the args of %s", module, application)
        .isEmpty();
  }

  private static Manifest applicationOf(String mainClass) {
    return Manifests.ofKind(Manifests.all(), "SparkApplication").stream()
        .filter(
            application ->
                application.node().path("spec").path("mainClass").asText().equals(mainClass))
        .findFirst()
        .orElseThrow();
  }

  static List<String> arguments(Manifest application) {
    List<String> args = new ArrayList<>();
    application.node().path("spec").path("args").forEach(arg -> args.add(arg.asText()));
    return args;
  }

  private static boolean loadable(String className) {
    try {
      Class.forName(className, false, SparkApplicationArgumentsTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static String loadedFrom(String className) {
    try {
      Class<?> type = Class.forName(className);
      return type.getProtectionDomain().getCodeSource().getLocation().toString();
    } catch (ClassNotFoundException e) {
      return fail("Cannot find the main class " + className + " on the classpath", e);
    }
  }

  /** The parser's error output for {@code args}, empty when it accepts them. */
  static Optional<String> parse(String mainClass, List<String> args) {
    JobCommand<?> command = newCommand(mainClass);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JobLauncher launcher =
        new JobLauncher(
            mainClass,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    Parsed<?> parsed = launcher.parse(command, args.toArray(String[]::new));
    if (parsed.options() != null) {
      return Optional.empty();
    }
    return Optional.of(parsed.exitCode() + ": " + err.toString(StandardCharsets.UTF_8));
  }

  private static JobCommand<?> newCommand(String mainClass) {
    try {
      Method factory = Class.forName(mainClass).getMethod("newCommand");
      assertThat(Modifier.isStatic(factory.getModifiers()))
          .as("%s.newCommand is static", mainClass)
          .isTrue();
      return (JobCommand<?>) factory.invoke(null);
    } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
      return fail("Cannot call " + mainClass + ".newCommand(): " + e, e);
    } catch (InvocationTargetException e) {
      return fail(mainClass + ".newCommand() failed: " + e.getCause(), e.getCause());
    }
  }
}
