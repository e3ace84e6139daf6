package io.c360.silver.read;

import io.c360.common.cli.JobFailure;
import io.c360.common.naming.BronzeColumns;
import io.c360.common.naming.Tables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
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
 * What the bronze root holds: the date partitions of each table with their data files and a
 * fingerprint of them, the manifests of the generated windows with their per-date expectations, and
 * what lies under a table folder that is not a valid date partition. Listing only; no data is read.
 *
 * <p>A valid partition is a folder {@code event_date=YYYY-MM-DD} holding a real ISO date directly
 * under the table folder. Everything else Spark would read (by its own rule, {@link DataFiles})
 * under a table folder is <em>stray</em>: a Parquet file at the table root, files under {@code
 * event_date=__HIVE_DEFAULT_PARTITION__}, {@code event_date=2026-02-30}, {@code
 * event_date=2026-1-5}, {@code foo=bar} or a sub-folder of a partition. Silver reads only valid
 * partitions, so stray data files would be lost in silence: {@link #open} refuses them. Folders
 * with no data file in them are only reported ({@link #notes}).
 */
public final class BronzeInventory {
  private static final String PARTITION_PREFIX = BronzeColumns.EVENT_DATE + "=";
  private static final int LISTED = 20;

  /** The two bronze tables, as named on storage and in quarantine rows. */
  public static final List<String> TABLES =
      List.of(Tables.BRONZE_CUSTOMERS, Tables.BRONZE_INTERACTIONS);

  private final Path root;
  private final Map<String, Map<LocalDate, Partition>> partitions;
  private final BronzeManifests manifests;
  private final List<Path> strays;
  private final List<String> notes;

  private BronzeInventory(
      Path root,
      Map<String, Map<LocalDate, Partition>> partitions,
      BronzeManifests manifests,
      List<Path> strays,
      List<String> notes) {
    this.root = root;
    this.partitions = partitions;
    this.manifests = manifests;
    this.strays = List.copyOf(strays);
    this.notes = List.copyOf(notes);
  }

  /**
   * One date folder of one table.
   *
   * @param files how many data files it holds
   * @param dataFiles its data files, by name, each with the length of its Hadoop checksum file when
   *     it has one
   */
  public record Partition(
      String table,
      LocalDate date,
      Path path,
      long files,
      long bytes,
      String fingerprint,
      List<DataFile> dataFiles) {
    public Partition {
      dataFiles = List.copyOf(dataFiles);
    }
  }

  /**
   * A data file of a partition.
   *
   * @param checksumLength the length of its {@code .<name>.crc} beside it, or -1 when there is none
   */
  public record DataFile(FileStatus status, long checksumLength) {}

  /** The manifest covering a date, and what it says about that date. */
  public record Manifest(
      Path path, Map<String, Long> rows, Map<String, Map<String, Long>> defects) {}

  /** Lists {@code root}. */
  public static BronzeInventory scan(FileSystem fs, Path root) throws IOException {
    Map<String, Map<LocalDate, Partition>> partitions = new TreeMap<>();
    List<Path> strays = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (String table : TABLES) {
      Map<LocalDate, Partition> byDate = new TreeMap<>();
      Path tablePath = new Path(root, table);
      if (fs.exists(tablePath)) {
        for (FileStatus entry : sorted(fs.listStatus(tablePath))) {
          String name = entry.getPath().getName();
          Optional<LocalDate> date = partitionDate(name);
          if (!DataFiles.isVisible(name)) {
            continue;
          }
          if (entry.isDirectory() && date.isPresent()) {
            byDate.put(
                date.get(), partition(fs, table, date.get(), entry.getPath(), strays, notes));
          } else if (entry.isDirectory()) {
            stray(fs, entry.getPath(), "not a valid event_date partition", strays, notes);
          } else if (DataFiles.isDataFile(name)) {
            strays.add(entry.getPath());
          }
        }
      }
      partitions.put(table, byDate);
    }
    BronzeManifests manifests = BronzeManifests.read(fs, new Path(root, Tables.BRONZE_MANIFESTS));
    return new BronzeInventory(root, partitions, manifests, strays, notes);
  }

  /**
   * Lists the bronze root {@code root} with the session's Hadoop configuration.
   *
   * @throws JobFailure of the usage category when the root does not exist, of the data-quality
   *     category when data files lie outside valid partitions, of the external-unavailable category
   *     when it cannot be listed
   */
  public static BronzeInventory open(SparkSession spark, Path root) {
    BronzeInventory inventory;
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) {
        throw JobFailure.usage(
            "Cannot build silver: the bronze root "
                + root
                + " does not exist. Run bronze-ingest"
                + " first, or pass the --output it used as --bronze.");
      }
      inventory = scan(fs, root);
    } catch (IOException e) {
      throw JobFailure.externalUnavailable(
          "Cannot list the bronze root "
              + root
              + ": "
              + e.getMessage()
              + ". Check the endpoint, credentials and bucket (spark.hadoop.fs.s3a.*).",
          e);
    }
    inventory.requireNoStrays();
    return inventory;
  }

  /**
   * @throws JobFailure of the data-quality category, listing them, when data files lie outside
   *     valid partitions
   */
  void requireNoStrays() {
    if (strays.isEmpty()) {
      return;
    }
    throw JobFailure.dataQuality(
        "Cannot build silver: "
            + strays.size()
            + " data file(s) under "
            + root
            + " are outside a valid event_date=YYYY-MM-DD partition, so silver would never read"
            + " them:\n  "
            + list(strays.stream().map(Path::toString).toList())
            + "\nNothing was read or committed. Move each file into the partition of its"
            + " rows' date (or delete it if it holds no rows silver needs); names starting with"
            + " '_' or '.' are ignored, as Spark ignores them.");
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
    return manifests.manifest(date);
  }

  /** The manifests, including those that could not be read. */
  public BronzeManifests manifests() {
    return manifests;
  }

  /** Data files outside valid partitions. */
  public List<Path> strays() {
    return strays;
  }

  /** What was found and ignored because it holds no data file (an empty invalid folder). */
  public List<String> notes() {
    return notes;
  }

  /** Up to {@value #LISTED} lines, then how many more. */
  static String list(List<String> lines) {
    String shown = String.join("\n  ", lines.subList(0, Math.min(LISTED, lines.size())));
    return lines.size() <= LISTED
        ? shown
        : shown + "\n  ... and " + (lines.size() - LISTED) + " more";
  }

  /** The date of a valid partition folder's name: {@code event_date=} and an ISO date. */
  static Optional<LocalDate> partitionDate(String folderName) {
    if (!folderName.startsWith(PARTITION_PREFIX)) {
      return Optional.empty();
    }
    String text = folderName.substring(PARTITION_PREFIX.length());
    try {
      LocalDate date = LocalDate.parse(text);
      return date.toString().equals(text) ? Optional.of(date) : Optional.empty();
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Partition partition(
      FileSystem fs,
      String table,
      LocalDate date,
      Path folder,
      List<Path> strays,
      List<String> notes)
      throws IOException {
    FileStatus[] entries = sorted(fs.listStatus(folder));
    Map<String, Long> checksums = new HashMap<>();
    for (FileStatus entry : entries) {
      if (entry.isFile() && entry.getPath().getName().endsWith(".crc")) {
        checksums.put(entry.getPath().getName(), entry.getLen());
      }
    }
    List<DataFile> files = new ArrayList<>();
    MessageDigest digest = sha256();
    long bytes = 0;
    for (FileStatus entry : entries) {
      String name = entry.getPath().getName();
      if (!DataFiles.isVisible(name)) {
        continue;
      }
      if (entry.isDirectory()) {
        stray(fs, entry.getPath(), "a folder inside a partition", strays, notes);
        continue;
      }
      if (!DataFiles.isDataFile(name)) {
        continue;
      }
      files.add(new DataFile(entry, checksums.getOrDefault(DataFiles.checksumName(name), -1L)));
      bytes += entry.getLen();
      String line = name + ':' + entry.getLen() + ':' + entry.getModificationTime() + '\n';
      digest.update(line.getBytes(StandardCharsets.UTF_8));
    }
    String fingerprint = HexFormat.of().formatHex(digest.digest()).substring(0, 32);
    return new Partition(table, date, folder, files.size(), bytes, fingerprint, files);
  }

  /** Adds the data files under {@code folder} (recursively, as Spark lists) to {@code strays}. */
  private static void stray(
      FileSystem fs, Path folder, String why, List<Path> strays, List<String> notes)
      throws IOException {
    int before = strays.size();
    collectDataFiles(fs, folder, strays);
    if (strays.size() == before) {
      notes.add(folder + ": " + why + ", ignored (it holds no data file)");
    }
  }

  private static void collectDataFiles(FileSystem fs, Path folder, List<Path> found)
      throws IOException {
    for (FileStatus entry : sorted(fs.listStatus(folder))) {
      String name = entry.getPath().getName();
      if (!DataFiles.isVisible(name)) {
        continue;
      }
      if (entry.isDirectory()) {
        collectDataFiles(fs, entry.getPath(), found);
      } else if (DataFiles.isDataFile(name)) {
        found.add(entry.getPath());
      }
    }
  }

  private static FileStatus[] sorted(FileStatus[] entries) {
    return Arrays.stream(entries)
        .sorted(Comparator.comparing(status -> status.getPath().getName()))
        .toArray(FileStatus[]::new);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
