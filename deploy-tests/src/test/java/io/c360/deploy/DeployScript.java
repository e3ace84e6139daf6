package io.c360.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The objects that {@code scripts/deploy.sh} creates outside {@code k8s/} (Secrets, the deployment
 * ConfigMap), read from its {@code CREATED_OBJECTS} array, and the job jars it uploads, from its
 * {@code JOB_MODULES} array: the one list each that both the script and these tests use.
 */
final class DeployScript {
  private static final Pattern ARRAY_START =
      Pattern.compile("^\\s*(?:readonly\\s+-a\\s+|declare\\s+-ra\\s+)?CREATED_OBJECTS=\\(\\s*$");
  private static final Pattern ENTRY = Pattern.compile("^\\s*([A-Za-z]+/[a-z0-9][a-z0-9.-]*)\\s*$");
  private static final Pattern JOB_MODULES =
      Pattern.compile("^\\s*readonly\\s+JOB_MODULES=\\(([a-z0-9 -]*)\\)\\s*$");

  private DeployScript() {}

  /** The {@code Kind/name} entries of the array. */
  static List<String> createdObjects() {
    Path script = RepositoryLayout.deployScript();
    try {
      return createdObjects(Files.readAllLines(script));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + script, e);
    }
  }

  /** The job modules whose jars deploy.sh uploads: its one-line {@code JOB_MODULES} array. */
  static List<String> jobModules() {
    Path script = RepositoryLayout.deployScript();
    try {
      return jobModules(Files.readAllLines(script));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + script, e);
    }
  }

  static List<String> jobModules(List<String> lines) {
    for (String line : lines) {
      Matcher array = JOB_MODULES.matcher(line);
      if (array.matches()) {
        return List.of(array.group(1).trim().split("\\s+"));
      }
    }
    throw new IllegalStateException(
        "Cannot find deploy.sh's JOB_MODULES=(module ...) array, on one line");
  }

  static List<String> createdObjects(List<String> lines) {
    List<String> objects = new ArrayList<>();
    boolean inside = false;
    for (String line : lines) {
      if (!inside) {
        inside = ARRAY_START.matcher(line).matches();
        continue;
      }
      if (line.trim().equals(")")) {
        return List.copyOf(objects);
      }
      if (line.trim().isEmpty() || line.trim().startsWith("#")) {
        continue;
      }
      Matcher entry = ENTRY.matcher(line);
      if (!entry.matches()) {
        throw new IllegalStateException(
            "Cannot read deploy.sh's CREATED_OBJECTS: '" + line.trim() + "' is not Kind/name");
      }
      objects.add(entry.group(1));
    }
    throw new IllegalStateException(
        "Cannot find deploy.sh's CREATED_OBJECTS=( ... ) array, one Kind/name per line");
  }
}
