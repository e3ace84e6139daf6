package io.c360.silver.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.c360.common.cli.JobFailure;
import io.c360.common.naming.BronzeColumns;
import io.c360.common.naming.Tables;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * What the bronze root holds: the date partitions of each table with a fingerprint of their files,
 * and the manifests of the generated windows with their per-date expectations. Listing only; no
 * data is read.
 */
public final class BronzeInventory {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PARTITION_PREFIX = BronzeColumns.EVENT_DATE + "=";

  /** The two bronze tables, as named on storage and in quarantine rows. */
  public static final List<String> TABLES =
      List.of(Tables.BRONZE_CUSTOMERS, Tables.BRONZE_INTERACTIONS);

  private final Path root;
  private final Map<String, Map<LocalDate, Partition>> partitions;
  private final Map<LocalDate, Manifest> manifests;

  private BronzeInventory(
      Path root,
      Map<String, Map<LocalDate, Partition>> partitions,
      Map<LocalDate, Manifest> manifests) {
    this.root = root;
    this.partitions = partitions;
    this.manifests = manifests;
  }

  /** One date folder of one table. */
  public record Partition(
      String table, LocalDate date, Path path, long files, long bytes, String fingerprint) {}

  /** The manifest covering a date, and what it says about that date. */
  public record Manifest(
      Path path, Map<String, Long> rows, Map<String, Map<String, Long>> defects) {}

  /** Lists {@code root}. */
  public static BronzeInventory scan(FileSystem fs, Path root) throws IOException {
    Map<String, Map<LocalDate, Partition>> partitions = new TreeMap<>();
    for (String table : TABLES) {
      Map<LocalDate, Partition> byDate = new TreeMap<>();
      Path tablePath = new Path(root, table);
      if (fs.exists(tablePath)) {
        for (FileStatus folder : fs.listStatus(tablePath)) {
          Optional<LocalDate> date = partitionDate(folder.getPath().getName());
          if (folder.isDirectory() && date.isPresent()) {
            byDate.put(date.get(), partition(fs, table, date.get(), folder.getPath()));
          }
        }
      }
      partitions.put(table, byDate);
    }
    return new BronzeInventory(
        root, partitions, manifests(fs, new Path(root, Tables.BRONZE_MANIFESTS)));
  }

  /**
   * Lists the bronze root {@code root} with the session's Hadoop configuration.
   *
   * @throws JobFailure of the usage category when the root does not exist, of the
   *     external-unavailable category when it cannot be listed
   */
  public static BronzeInventory open(SparkSession spark, Path root) {
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) {
        throw JobFailure.usage(
            "Cannot build silver: the bronze root "
                + root
                + " does not exist. Run bronze-ingest"
                + " first, or pass the --output it used as --bronze.");
      }
      return scan(fs, root);
    } catch (IOException e) {
      throw JobFailure.externalUnavailable(
          "Cannot list the bronze root "
              + root
              + ": "
              + e.getMessage()
              + ". Check the endpoint, credentials and bucket (spark.hadoop.fs.s3a.*).",
          e);
    }
  }

  public Path root() {
    return root;
  }

  /** Partitions of {@code table} by date. */
  public Map<LocalDate, Partition> partitions(String table) {
    return partitions.getOrDefault(table, Map.of());
  }

  /** Every date that has a partition in any table. */
  public List<LocalDate> dates() {
    return partitions.values().stream()
        .flatMap(byDate -> byDate.keySet().stream())
        .distinct()
        .sorted()
        .toList();
  }

  /** The manifest that covers {@code date}: its window is complete on storage. */
  public Optional<Manifest> manifest(LocalDate date) {
    return Optional.ofNullable(manifests.get(date));
  }

  static Optional<LocalDate> partitionDate(String folderName) {
    if (!folderName.startsWith(PARTITION_PREFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(folderName.substring(PARTITION_PREFIX.length())));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Partition partition(FileSystem fs, String table, LocalDate date, Path folder)
      throws IOException {
    FileStatus[] files =
        Arrays.stream(fs.listStatus(folder))
            .filter(FileStatus::isFile)
            .filter(status -> isDataFile(status.getPath().getName()))
            .sorted(Comparator.comparing(status -> status.getPath().getName()))
            .toArray(FileStatus[]::new);
    MessageDigest digest = sha256();
    long bytes = 0;
    for (FileStatus file : files) {
      bytes += file.getLen();
      String line =
          file.getPath().getName() + ':' + file.getLen() + ':' + file.getModificationTime() + '\n';
      digest.update(line.getBytes(StandardCharsets.UTF_8));
    }
    String fingerprint = HexFormat.of().formatHex(digest.digest()).substring(0, 32);
    return new Partition(table, date, folder, files.length, bytes, fingerprint);
  }

  /** Data files, not Spark's or Hadoop's markers and checksums. */
  static boolean isDataFile(String name) {
    return !name.startsWith("_") && !name.startsWith(".") && !name.endsWith(".crc");
  }

  private static Map<LocalDate, Manifest> manifests(FileSystem fs, Path folder) throws IOException {
    Map<LocalDate, Manifest> byDate = new TreeMap<>();
    if (!fs.exists(folder)) {
      return byDate;
    }
    List<FileStatus> files = new ArrayList<>(Arrays.asList(fs.listStatus(folder)));
    files.sort(Comparator.comparing(status -> status.getPath().getName()));
    for (FileStatus file : files) {
      if (!file.getPath().getName().endsWith(".json")) {
        continue;
      }
      JsonNode document;
      try (InputStream in = fs.open(file.getPath())) {
        document = JSON.readTree(in);
      }
      JsonNode tables = document.path("tables");
      Map<LocalDate, Map<String, Long>> rows = new TreeMap<>();
      Map<LocalDate, Map<String, Map<String, Long>>> defects = new TreeMap<>();
      for (String table : TABLES) {
        tables
            .path(table)
            .path("partitions")
            .fields()
            .forEachRemaining(
                entry -> {
                  LocalDate date = LocalDate.parse(entry.getKey());
                  rows.computeIfAbsent(date, d -> new TreeMap<>())
                      .put(table, entry.getValue().path("rows").asLong());
                  Map<String, Long> kinds = new TreeMap<>();
                  entry
                      .getValue()
                      .path("defects")
                      .fields()
                      .forEachRemaining(kind -> kinds.put(kind.getKey(), kind.getValue().asLong()));
                  defects.computeIfAbsent(date, d -> new TreeMap<>()).put(table, kinds);
                });
      }
      rows.forEach(
          (date, tableRows) ->
              byDate.put(
                  date,
                  new Manifest(
                      file.getPath(), Map.copyOf(tableRows), Map.copyOf(defects.get(date)))));
    }
    return byDate;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
