package io.c360.silver.testing;

import io.c360.bronze.BronzeIngestMain;
import io.c360.bronze.BronzeOptions;
import io.c360.bronze.generate.GenerationSpec;
import io.c360.common.Target;
import io.c360.common.cli.CatalogSettings;
import io.c360.common.naming.Tables;
import io.c360.common.report.RunReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * A bronze root as a careless or hostile upstream leaves it: clean data from our own generator,
 * then files rewritten or added by a non-Spark writer (DuckDB, in this JVM). DuckDB's SQL reads the
 * generated Parquet, so a test states only what it damages, e.g.
 *
 * <pre>{@code
 * bronze.replacePartition(Tables.BRONZE_INTERACTIONS, day,
 *     "SELECT * REPLACE (2147483647 AS quantity) FROM %s");
 * }</pre>
 *
 * <p>{@code %s} stands for the partition's current files. DuckDB writes {@code TIMESTAMPTZ} as a
 * UTC-adjusted Parquet timestamp, which Spark reads as its {@code TIMESTAMP}; a plain DuckDB {@code
 * TIMESTAMP} is written without UTC adjustment (Spark's {@code TIMESTAMP_NTZ}).
 */
public final class HostileBronze {
  private final Path root;

  private HostileBronze(Path root) {
    this.root = root;
  }

  /**
   * Generates a clean bronze root (no injected defects) under {@code root}: {@code customers}
   * customers and about {@code interactions} interactions over {@code days} days from {@code
   * start}, with its manifest.
   */
  public static HostileBronze generate(
      SparkSession spark, Path root, LocalDate start, int days, int customers, long interactions) {
    BronzeOptions options =
        new BronzeOptions(
            new CatalogSettings(Target.LOCAL, Optional.empty(), Optional.empty()),
            root.toUri().toString().replaceAll("/$", ""),
            new GenerationSpec(11, customers, interactions, start, days, 0.0),
            OptionalInt.empty(),
            "snappy");
    BronzeIngestMain.run(
        spark, options, new RunReport("test", BronzeIngestMain.JOB, Map.of(), Clock.systemUTC()));
    return new HostileBronze(root);
  }

  public Path root() {
    return root;
  }

  /**
   * A copy of this bronze root at {@code target} (files, checksums and modification times), so that
   * tests damage their own copy of one generated root instead of generating one each.
   */
  public HostileBronze copyTo(Path target) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path source : paths.toList()) {
        Path copy = target.resolve(root.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new HostileBronze(target);
  }

  /** The folder of one bronze table ({@link Tables#BRONZE_INTERACTIONS} or customers). */
  public Path table(String table) {
    return root.resolve(table);
  }

  /** The {@code event_date=} partition folder of {@code day} in {@code table}. */
  public Path partition(String table, LocalDate day) {
    return table(table).resolve("event_date=" + day);
  }

  /** The manifests folder. */
  public Path manifests() {
    return root.resolve(Tables.BRONZE_MANIFESTS);
  }

  /** The Parquet data files of a folder (not its checksums or markers), sorted. */
  public static List<Path> dataFiles(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Replaces every file of a partition with one Parquet file DuckDB writes from {@code select},
   * where {@code %s} reads the partition's current files. Spark's {@code .crc} checksums of the old
   * files are removed with them, as a non-Spark writer's overwrite would leave none.
   */
  public void replacePartition(String table, LocalDate day, String select) {
    Path partition = partition(table, day);
    Path staged = partition.resolveSibling(".staged-" + System.nanoTime() + ".parquet");
    copy(select.formatted(readAll(partition)), staged);
    clear(partition);
    move(staged, partition.resolve("part-duckdb-0.parquet"));
  }

  /**
   * Adds one Parquet file at {@code target} (any path, inside or outside a partition) that DuckDB
   * writes from {@code select}, where {@code %s} reads the files of {@code source}'s folder.
   */
  public void addFile(Path source, String select, Path target) {
    copy(select.formatted(readAll(source)), target);
  }

  /** Writes {@code text} to {@code target}, creating its folder: a stray note, a manifest. */
  public static void writeText(Path target, String text) {
    try {
      Files.createDirectories(target.getParent());
      Files.writeString(target, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs one DuckDB query and returns its first column of the first row as a long. */
  public static long duckScalar(String query) {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB failed on: " + query, e);
    }
  }

  /** DuckDB's reader of every Parquet file in {@code folder} (or of one file). */
  public static String readAll(Path folderOrFile) {
    String glob =
        Files.isDirectory(folderOrFile)
            ? folderOrFile.resolve("*.parquet").toString()
            : folderOrFile.toString();
    return "read_parquet('" + glob.replace("'", "''") + "')";
  }

  private static void copy(String select, Path target) {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      Files.createDirectories(target.getParent());
      statement.execute(
          "COPY ("
              + select
              + ") TO '"
              + target.toString().replace("'", "''")
              + "' (FORMAT parquet)");
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("DuckDB could not write " + target + " from: " + select, e);
    }
  }

  private static void clear(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
