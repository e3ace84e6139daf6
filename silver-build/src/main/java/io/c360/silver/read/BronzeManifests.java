package io.c360.silver.read;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The manifests bronze-ingest writes under {@code _manifests/<start>_<end>.json}, one per generated
 * window (bronze-ingest's {@code write/BronzeManifest}), read into per-date expectations.
 *
 * <p>A manifest that cannot be read (truncated, not JSON, a date such as {@code 2026-02-30}, a date
 * outside the window its name states, a count that is not a number) is <em>corrupt</em>: it claims
 * the dates of the window in its name, and those dates cannot be processed until it is fixed or
 * regenerated; the other dates can. A corrupt manifest whose name is not {@code <start>_<end>.json}
 * claims every date, since nothing says which dates it meant to cover.
 */
public final class BronzeManifests {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NAME =
      Pattern.compile("(\\d{4}-\\d{2}-\\d{2})_(\\d{4}-\\d{2}-\\d{2})\\.json");

  private final Map<LocalDate, BronzeInventory.Manifest> byDate;
  private final List<Corrupt> corrupt;

  private BronzeManifests(Map<LocalDate, BronzeInventory.Manifest> byDate, List<Corrupt> corrupt) {
    this.byDate = byDate;
    this.corrupt = List.copyOf(corrupt);
  }

  /**
   * A manifest that cannot be read, and the dates it claims.
   *
   * @param window the dates its name states; empty when the name states none (it claims every date)
   */
  public record Corrupt(Path path, String reason, Optional<LocalDate[]> window) {
    public Corrupt {
      requireNonNull(path, "path is null");
      requireNonNull(reason, "reason is null");
      requireNonNull(window, "window is null");
    }

    /** Whether it claims {@code date}. */
    public boolean claims(LocalDate date) {
      return window.isEmpty()
          || (!date.isBefore(window.get()[0]) && !date.isAfter(window.get()[1]));
    }

    /** One line for a message: the path, why it is corrupt and the dates it claims. */
    public String describe() {
      String dates =
          window.map(w -> "it claims " + w[0] + ".." + w[1]).orElse("its name states no dates");
      return path + " (" + reason + "; " + dates + ")";
    }
  }

  /** Reads every {@code .json} file of {@code folder}; a missing folder holds none. */
  public static BronzeManifests read(FileSystem fs, Path folder) throws IOException {
    Map<LocalDate, BronzeInventory.Manifest> byDate = new TreeMap<>();
    List<Corrupt> corrupt = new ArrayList<>();
    if (!fs.exists(folder)) {
      return new BronzeManifests(byDate, corrupt);
    }
    List<FileStatus> files = new ArrayList<>(Arrays.asList(fs.listStatus(folder)));
    files.sort(Comparator.comparing(status -> status.getPath().getName()));
    for (FileStatus file : files) {
      String name = file.getPath().getName();
      if (!file.isFile() || !name.endsWith(".json") || !DataFiles.isVisible(name)) {
        continue;
      }
      Optional<LocalDate[]> window = window(name);
      try {
        byDate.putAll(parse(fs, file.getPath(), window));
      } catch (JsonProcessingException | IllegalArgumentException | DateTimeParseException e) {
        corrupt.add(new Corrupt(file.getPath(), firstLine(e), window));
      }
    }
    return new BronzeManifests(byDate, corrupt);
  }

  /** The manifest covering {@code date}. */
  public Optional<BronzeInventory.Manifest> manifest(LocalDate date) {
    return Optional.ofNullable(byDate.get(date));
  }

  /** Manifests that could not be read. */
  public List<Corrupt> corrupt() {
    return corrupt;
  }

  /** The corrupt manifests that claim {@code date}. */
  public List<Corrupt> corruptClaiming(LocalDate date) {
    return corrupt.stream().filter(c -> c.claims(date)).toList();
  }

  /** The window a manifest's name states, as bronze-ingest names them. */
  static Optional<LocalDate[]> window(String fileName) {
    Matcher matcher = NAME.matcher(fileName);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    try {
      LocalDate start = LocalDate.parse(matcher.group(1));
      LocalDate end = LocalDate.parse(matcher.group(2));
      return end.isBefore(start) ? Optional.empty() : Optional.of(new LocalDate[] {start, end});
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Map<LocalDate, BronzeInventory.Manifest> parse(
      FileSystem fs, Path path, Optional<LocalDate[]> window) throws IOException {
    JsonNode document;
    try (InputStream in = fs.open(path)) {
      document = JSON.readTree(in);
    }
    if (document == null || !document.path("tables").isObject()) {
      throw new IllegalArgumentException("it has no \"tables\" object");
    }
    JsonNode tables = document.path("tables");
    Map<LocalDate, Map<String, Long>> rows = new TreeMap<>();
    Map<LocalDate, Map<String, Map<String, Long>>> defects = new TreeMap<>();
    for (String table : BronzeInventory.TABLES) {
      Iterator<Map.Entry<String, JsonNode>> partitions =
          tables.path(table).path("partitions").fields();
      while (partitions.hasNext()) {
        Map.Entry<String, JsonNode> entry = partitions.next();
        LocalDate date = LocalDate.parse(entry.getKey());
        if (window.isPresent()
            && (date.isBefore(window.get()[0]) || date.isAfter(window.get()[1]))) {
          throw new IllegalArgumentException(
              "date " + date + " is outside the window its name states");
        }
        rows.computeIfAbsent(date, d -> new TreeMap<>())
            .put(table, count(entry.getValue().path("rows"), table + " " + date + " rows"));
        Map<String, Long> kinds = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> kindNodes = entry.getValue().path("defects").fields();
        while (kindNodes.hasNext()) {
          Map.Entry<String, JsonNode> kind = kindNodes.next();
          kinds.put(
              kind.getKey(), count(kind.getValue(), table + " " + date + " " + kind.getKey()));
        }
        defects.computeIfAbsent(date, d -> new TreeMap<>()).put(table, kinds);
      }
    }
    Map<LocalDate, BronzeInventory.Manifest> byDate = new TreeMap<>();
    rows.forEach(
        (date, tableRows) ->
            byDate.put(
                date,
                new BronzeInventory.Manifest(
                    path, Map.copyOf(tableRows), Map.copyOf(defects.get(date)))));
    return byDate;
  }

  private static long count(JsonNode node, String what) {
    if (!node.canConvertToExactIntegral() || !node.canConvertToLong() || node.asLong() < 0) {
      throw new IllegalArgumentException(what + " is not a count: " + node);
    }
    return node.asLong();
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
