package io.c360.common.testing;

import io.c360.common.Target;
import io.c360.common.session.SessionSettings;
import io.c360.common.session.SparkSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One local SparkSession per test class, built through {@link SparkSessions} like the jobs' own:
 * {@code local[2]}, UI off, loopback driver, few shuffle partitions, and an Iceberg {@code hadoop}
 * catalog in a temporary warehouse. Helpers {@link #sql} and {@link #row} keep assertions short.
 */
public abstract class SparkTestBase {
  protected static SparkSession spark;
  protected static Path temp;

  @BeforeAll
  static void startSpark() throws IOException {
    temp = Files.createTempDirectory("c360-test-");
    SessionSettings settings =
        new SessionSettings(
            "c360-test",
            Target.LOCAL,
            Optional.of(temp.resolve("warehouse").toUri().toString()),
            Optional.empty(),
            false);
    SparkConf conf =
        SparkSessions.resolve(
            new SparkConf()
                .set("spark.master", "local[2]")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.sql.shuffle.partitions", "4")
                .set("spark.default.parallelism", "2"),
            settings);
    spark = SparkSession.builder().config(conf).getOrCreate();
  }

  @AfterAll
  static void stopSpark() throws IOException {
    if (spark != null) {
      spark.stop();
      spark = null;
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
    if (temp != null) {
      try (var paths = Files.walk(temp)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Runs a SQL statement and returns its rows. */
  protected static List<Row> sql(String query, Object... args) {
    return spark.sql(String.format(java.util.Locale.ROOT, query, args)).collectAsList();
  }

  protected static Row row(Object... values) {
    return RowFactory.create(values);
  }

  /** A fresh folder under the class's temporary directory. */
  protected static Path newFolder(String name) throws IOException {
    return Files.createDirectories(temp.resolve(name + "-" + System.nanoTime()));
  }
}
