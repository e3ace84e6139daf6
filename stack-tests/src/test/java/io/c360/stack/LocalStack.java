package io.c360.stack;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code scripts/local-stack.sh} in a private state folder on free ports, so that a stack the
 * developer runs on the default ports is never touched; and the commands run against it.
 */
final class LocalStack implements AutoCloseable {
  private final Path repo;
  private final Path stateDir;
  private final Path logDir;
  private final Map<String, String> environment = new LinkedHashMap<>();
  private boolean started;

  LocalStack(Path repo, Path stateDir, Path logDir) {
    this.repo = repo;
    this.stateDir = stateDir;
    this.logDir = logDir;
    environment.put("C360_STACK_DIR", stateDir.toString());
    environment.put("C360_STACK_PG_PORT", String.valueOf(freePort(1)));
    environment.put("C360_STACK_S3_PORT", String.valueOf(freePort(2))); // MinIO: console on +1
    environment.put("C360_STACK_HMS_PORT", String.valueOf(freePort(1)));
    environment.put("C360_STACK_SPARK_PORT", String.valueOf(freePort(3))); // workers: +1, +2
    environment.put("C360_STACK_SPARK_UI_PORT", String.valueOf(freePort(3)));
    environment.put("C360_STACK_TRINO_PORT", String.valueOf(freePort(1)));
  }

  /** Starts every service; fails with the end of the output when one does not come up. */
  void up(Duration timeout) {
    started = true; // from here on, close() stops whatever did start
    run("local-stack-up", timeout, List.of("scripts/local-stack.sh", "up"));
  }

  /** The non-secret settings {@code up} wrote (stack.env). */
  Map<String, String> settings() {
    return readKeyValues(stateDir.resolve("stack.env"));
  }

  /** The Spark properties with the S3 settings and keys (never printed). */
  Properties sparkProperties() {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(settings().get("SPARK_PROPERTIES_FILE")))) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }

  /**
   * Runs a command in the repository with the stack's environment; output to {@code <name>.log}.
   *
   * @return the command's exit code
   * @throws AssertionError when it does not finish in time, with the end of its output
   */
  int run(String name, Duration timeout, List<String> command) {
    Path log = logDir.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(repo.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    System.err.printf("stack-tests: %s (output: %s)%n", String.join(" ", command), log);
    try {
      Process process = builder.start();
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
        throw new AssertionError(
            name + " did not finish in " + timeout.toMinutes() + " min:\n" + tail(log, 60));
      }
      int code = process.exitValue();
      if (code != 0 && name.startsWith("local-stack-up")) {
        throw new AssertionError("local-stack.sh up failed (exit " + code + "):\n" + tail(log, 80));
      }
      return code;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + name, e);
    }
  }

  /** The last {@code lines} lines of a log, for failure messages. */
  static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  /** Stops what {@code up} started, even after a failed {@code up}. */
  @Override
  public void close() {
    if (started) {
      started = false;
      run("local-stack-down", Duration.ofMinutes(5), List.of("scripts/local-stack.sh", "down"));
    }
  }

  private static Map<String, String> readKeyValues(Path file) {
    Map<String, String> values = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file, UTF_8)) {
        int equals = line.indexOf('=');
        if (!line.startsWith("#") && equals > 0) {
          values.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return values;
  }

  private static final Set<Integer> GIVEN = new HashSet<>();

  /**
   * The first of {@code count} consecutive free loopback ports from 20000 up, none handed out
   * before, so that two services never get the same one.
   */
  private static synchronized int freePort(int count) {
    for (int base = 20000; base + count < 40000; base += count) {
      if (allFree(base, count)) {
        for (int port = base; port < base + count; port++) {
          GIVEN.add(port);
        }
        return base;
      }
    }
    throw new IllegalStateException("no " + count + " consecutive free ports from 20000 up");
  }

  private static boolean allFree(int base, int count) {
    for (int port = base; port < base + count; port++) {
      if (GIVEN.contains(port)) {
        return false;
      }
      try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        probe.setReuseAddress(true);
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}
