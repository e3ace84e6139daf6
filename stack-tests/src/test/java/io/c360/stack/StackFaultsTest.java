package io.c360.stack;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.c360.common.naming.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.IMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.LockComponent;
import org.apache.hadoop.hive.metastore.api.LockLevel;
import org.apache.hadoop.hive.metastore.api.LockRequest;
import org.apache.hadoop.hive.metastore.api.LockResponse;
import org.apache.hadoop.hive.metastore.api.LockState;
import org.apache.hadoop.hive.metastore.api.LockType;
import org.apache.hadoop.hive.metastore.api.NoSuchLockException;
import org.apache.hadoop.hive.metastore.api.ShowLocksRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The faults of issue 14 (items 13 to 15) on the real servers of {@code scripts/local-stack.sh}
 * (PostgreSQL, Hive Metastore 4.0.0, the S3 server), with the jobs run by {@code run_pipeline.py
 * --target stack --master local[2]} (one JVM per job, so no Spark cluster or Trino is started): a
 * stale metastore lock, the metastore lost while a job waits in a commit, and S3 lost once the
 * orchestrator's pre-run checks have passed. Each must end in exit 3 with a message that names what
 * failed, in bounded time; the stale lock must then be removed by the metastore's housekeeping.
 * Small data (2,000 interactions, one day).
 *
 * <p>Runs only with {@code C360_STACK_TESTS=1}, under {@code flock /work/stack.lock} like
 * StackPipelineTest.
 */
@EnabledIfEnvironmentVariable(named = "C360_STACK_TESTS", matches = "1|true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackFaultsTest {
  private static final String DATE = "2026-01-01";
  private static final List<String> CORE = List.of("postgres", "s3", "metastore");
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);

  private final Path repo = Path.of(System.getProperty("c360.repo.root")).toAbsolutePath();
  private Path work;
  private Path stateDir;
  private LocalStack stack;
  private Map<String, String> settings;

  @BeforeAll
  void startTheCoreServicesAndLoadOneDay() throws IOException {
    Path target = repo.resolve("stack-tests/target");
    Files.createDirectories(target);
    work = Files.createTempDirectory(target, "stack-faults-");
    stateDir = Files.createTempDirectory("c360-faults-");
    stack = new LocalStack(repo, stateDir, work);
    List<String> up = new ArrayList<>(List.of("scripts/local-stack.sh", "up"));
    up.addAll(CORE);
    stack.run("local-stack-up", Duration.ofMinutes(15), up);
    settings = stack.settings();
    assertThat(pipeline("bronze", "--stage", "bronze", "--interactions", "2000", "--days", "1"))
        .as("bronze:\n%s", tail("bronze"))
        .isZero();
    assertThat(silver("silver")).as("silver:\n%s", tail("silver")).isZero();
  }

  @AfterAll
  void stopTheStack() throws IOException {
    if (stack != null) {
      stack.run(
          "local-stack-down", Duration.ofMinutes(5), List.of("scripts/local-stack.sh", "down"));
      // Its data and generated credentials.
      try (java.util.stream.Stream<Path> paths = Files.walk(stateDir)) {
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }

  @Test
  @Order(1)
  void aLockedTableFailsTheJobWithExit3NamingTheHolderAndHousekeepingRemovesADeadHoldersLock()
      throws Exception {
    long lockId = lockEverySilverAndAuditTable("killed-driver");
    long started = System.nanoTime();
    int code;
    // The holder heartbeats while the job runs (else the lock could time out before the job's
    // first commit), then stops as a killed driver does.
    try (Heartbeat holder = new Heartbeat(lockId)) {
      code =
          silver(
              "silver-stale-lock",
              "--spark-conf",
              "spark.hadoop.iceberg.hive.lock-timeout-ms=5000");
    }
    String log = log("silver-stale-lock");

    assertThat(code).as("silver behind a lock:\n%s", tail("silver-stale-lock")).isEqualTo(3);
    assertThat(log)
        .contains("waiting for the Hive Metastore lock on")
        .contains("held by stack-tests@killed-driver")
        .contains("DELETE FROM \"HIVE_LOCKS\" WHERE \"HL_LOCK_EXT_ID\" = " + lockId);
    // Iceberg's lock-wait retries come one line each, not with a stack trace each.
    assertThat(log).doesNotContain("MetastoreLock$WaitingForLockException");
    System.err.printf("stack-faults: locked table -> exit 3 in %d s%n", elapsedSeconds(started));

    // metastore.txn.timeout 120 s + metastore.acid.housekeeper.interval 30 s, and some slack.
    long waited = System.nanoTime();
    await(
        Duration.ofMinutes(4), () -> !lockExists(lockId), "housekeeping to remove lock " + lockId);
    System.err.printf(
        "stack-faults: housekeeping removed the dead holder's lock %d s after its last heartbeat%n",
        elapsedSeconds(waited));
  }

  @Test
  @Order(2)
  void theMetastoreLostWhileAJobWaitsInACommitExits3NamingTheMetastore() throws Exception {
    long lockId = lockEverySilverAndAuditTable("live-writer");
    Heartbeat holder = new Heartbeat(lockId);
    Process job = startSilver("silver-metastore-lost");
    try {
      await(
          Duration.ofMinutes(5),
          () -> log("silver-metastore-lost").contains("Waiting for lock on table"),
          "silver to wait for the lock");
      assertThat(stack.run("metastore-down", Duration.ofMinutes(2), downOrUp("down", "metastore")))
          .isZero();
      long stopped = System.nanoTime();
      assertThat(job.waitFor(JOB_TIMEOUT.toMinutes(), TimeUnit.MINUTES)).isTrue();
      System.err.printf(
          "stack-faults: metastore lost -> exit %d in %d s%n",
          job.exitValue(), elapsedSeconds(stopped));
      assertThat(job.exitValue())
          .as("silver without its metastore:\n%s", tail("silver-metastore-lost"))
          .isEqualTo(3);
      assertThat(log("silver-metastore-lost")).contains("The Hive Metastore could not be reached");
    } finally {
      holder.close();
      job.destroy();
      assertThat(stack.run("metastore-up", Duration.ofMinutes(5), downOrUp("up", "metastore")))
          .isZero();
      IMetaStoreClient client = client();
      try {
        client.unlock(lockId);
      } catch (NoSuchLockException e) {
        // Already removed by the metastore's housekeeping.
      } finally {
        client.close();
      }
    }
  }

  @Test
  @Order(3)
  void s3LostAfterThePreRunChecksExits3NamingS3InMinutes() throws Exception {
    Process job = startSilver("silver-s3-lost");
    try {
      // The orchestrator logs the target once its pre-run checks passed; the job starts next.
      await(
          Duration.ofMinutes(2),
          () -> log("silver-s3-lost").contains("target stack ("),
          "the pre-run checks to pass");
      assertThat(stack.run("s3-down", Duration.ofMinutes(2), downOrUp("down", "s3"))).isZero();
      long stopped = System.nanoTime();
      assertThat(job.waitFor(JOB_TIMEOUT.toMinutes(), TimeUnit.MINUTES)).isTrue();
      long seconds = elapsedSeconds(stopped);
      System.err.printf("stack-faults: S3 lost -> exit %d in %d s%n", job.exitValue(), seconds);
      assertThat(job.exitValue()).as("silver without S3:\n%s", tail("silver-s3-lost")).isEqualTo(3);
      assertThat(log("silver-s3-lost")).containsPattern("S3 could not be reached|s3a://");
      assertThat(seconds).as("seconds from S3 lost to the job's exit").isLessThan(300);
    } finally {
      job.destroy();
      assertThat(stack.run("s3-up", Duration.ofMinutes(5), downOrUp("up", "s3"))).isZero();
    }
  }

  // -------------------------------------------------------------------------------------------

  private int pipeline(String name, String... args) {
    return stack.run(name, JOB_TIMEOUT, pipelineCommand(args));
  }

  private int silver(String name, String... extra) {
    List<String> args = new ArrayList<>(List.of("--stage", "silver", "--dates", DATE));
    args.addAll(List.of(extra));
    return pipeline(name, args.toArray(String[]::new));
  }

  private List<String> pipelineCommand(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "python3",
                "scripts/run_pipeline.py",
                "--target",
                "stack",
                "--master",
                "local[2]",
                "--skip-build",
                "--start-date",
                DATE,
                "--data-dir",
                work.resolve("data").toString()));
    command.addAll(List.of(args));
    return command;
  }

  /** Silver in the background, output to {@code <name>.log}: only C360_STACK_DIR is needed. */
  private Process startSilver(String name) throws IOException {
    List<String> command = pipelineCommand("--stage", "silver", "--dates", DATE);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(repo.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve(name + ".log").toFile());
    builder.environment().put("C360_STACK_DIR", stateDir.toString());
    return builder.start();
  }

  private static List<String> downOrUp(String verb, String service) {
    return List.of("scripts/local-stack.sh", verb, service);
  }

  /**
   * Takes an exclusive lock on every table of the silver and audit namespaces, as a driver that was
   * killed inside a commit leaves it: never heartbeated, never released.
   */
  private long lockEverySilverAndAuditTable(String host) throws Exception {
    IMetaStoreClient client = client();
    try {
      List<LockComponent> components = new ArrayList<>();
      for (String namespace : List.of(Tables.SILVER_NAMESPACE, Tables.AUDIT_NAMESPACE)) {
        for (String table : client.getAllTables(namespace)) {
          LockComponent component =
              new LockComponent(LockType.EXCLUSIVE, LockLevel.TABLE, namespace);
          component.setTablename(table);
          components.add(component);
        }
      }
      assertThat(components).as("silver and audit tables").isNotEmpty();
      LockRequest request = new LockRequest(components, "stack-tests", host);
      LockResponse response = client.lock(request);
      assertThat(response.getState()).isEqualTo(LockState.ACQUIRED);
      return response.getLockid();
    } finally {
      client.close();
    }
  }

  /** Heartbeats a lock every 20 s, as a live writer does, until closed. */
  private final class Heartbeat implements AutoCloseable {
    private final java.util.concurrent.ScheduledExecutorService timer =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();

    Heartbeat(long lockId) {
      timer.scheduleWithFixedDelay(
          () -> {
            try {
              IMetaStoreClient client = client();
              try {
                client.heartbeat(0, lockId);
              } finally {
                client.close();
              }
            } catch (Exception e) {
              // The metastore is down (the second test stops it): the next beat tries again.
            }
          },
          0,
          20,
          TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }

  private boolean lockExists(long lockId) {
    try {
      IMetaStoreClient client = client();
      try {
        return client.showLocks(new ShowLocksRequest()).getLocks().stream()
            .anyMatch(lock -> lock.getLockid() == lockId);
      } finally {
        client.close();
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot list the metastore's locks", e);
    }
  }

  private IMetaStoreClient client() throws Exception {
    HiveConf conf = new HiveConf();
    conf.set("hive.metastore.uris", settings.get("HMS_URI"));
    return new HiveMetaStoreClient(conf);
  }

  private static void await(Duration timeout, BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      Thread.sleep(1000);
    }
  }

  private static long elapsedSeconds(long startNanos) {
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
  }

  private String log(String name) {
    try {
      Path file = work.resolve(name + ".log");
      return Files.exists(file) ? Files.readString(file, UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String tail(String name) {
    return LocalStack.tail(work.resolve(name + ".log"), 60);
  }
}
