package io.c360.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The benchmarks' work folders: emptied before a run, sized after it. */
public final class Folders {
  private Folders() {}

  public static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Deletes {@code root} with everything in it and creates it again, empty. */
  public static void recreate(Path root) throws IOException {
    deleteRecursively(root);
    Files.createDirectories(root);
  }

  /** The folder as a URI without a trailing slash, as the jobs' options take it. */
  public static String uri(Path path) {
    return path.toUri().toString().replaceAll("/$", "");
  }

  /** The bytes of the Parquet files below {@code root}. */
  public static long parquetBytes(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .mapToLong(p -> p.toFile().length())
          .sum();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot size " + root, e);
    }
  }
}
