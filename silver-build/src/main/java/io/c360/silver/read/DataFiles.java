package io.c360.silver.read;

/**
 * Which names under a bronze table Spark reads, by Spark's own rule, so that what silver checks is
 * what Spark would read.
 *
 * <p>Spark 3.5's file listing ({@code org.apache.spark.util.HadoopFSUtils.shouldFilterOutPathName},
 * used by {@code InMemoryFileIndex}) skips names starting with {@code .}, names starting with
 * {@code _} unless they contain {@code =}, and names ending in {@code ._COPYING_}; it keeps {@code
 * _metadata} and {@code _common_metadata}, which {@code PartitioningAwareFileIndex.isDataPath} then
 * drops from the data files (a leading {@code _} without {@code =}). So Hadoop's checksums ({@code
 * .part-0.parquet.crc}), {@code _SUCCESS}, {@code _temporary/} and {@code .spark-staging-*} are
 * never read; anything else, whatever its extension ({@code notes.txt}, {@code part-0.crc}), is.
 */
public final class DataFiles {
  private DataFiles() {}

  /** Whether Spark's listing keeps {@code name} (a file or folder) at all. */
  public static boolean isVisible(String name) {
    boolean exclude =
        (name.startsWith("_") && !name.contains("="))
            || name.startsWith(".")
            || name.endsWith("._COPYING_");
    boolean include = name.startsWith("_common_metadata") || name.startsWith("_metadata");
    return !exclude || include;
  }

  /** Whether Spark reads the file {@code name} as data. */
  public static boolean isDataFile(String name) {
    return isVisible(name) && !(name.startsWith("_") && !name.contains("="));
  }

  /** Hadoop's checksum file of {@code name} ({@code ChecksumFileSystem.getChecksumFile}). */
  public static String checksumName(String name) {
    return "." + name + ".crc";
  }
}
