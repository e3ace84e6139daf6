package io.c360.silver.read;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructType;

/**
 * The schema of every bronze data file, from its Parquet footer alone, read on the driver by a few
 * threads: one footer read per file (on S3 one or two ranged GETs of the file's tail, no data), the
 * same work Spark's {@code mergeSchema} does in a job, without reading a row. At 1 TB in files of
 * 128 MB that is about 8,000 footers for the whole table, a few hundred for a batch of days.
 *
 * <p>Footers are converted to Spark types by Spark's own {@code ParquetToSparkSchemaConverter} with
 * the session's settings, as {@code ParquetFileFormat.readSchemaFromFooter} does, so a type here is
 * the type Spark will read.
 */
public final class FileFooters {
  /** Footer reads at once: enough to hide S3 latency, few enough for a small driver. */
  static final int THREADS = 16;

  private FileFooters() {}

  /** What one file's footer says: its schema, or why it could not be read. */
  public record Footer(Path path, StructType schema, String problem) {
    public boolean readable() {
      return problem == null;
    }
  }

  /**
   * Reads the footers of {@code files}, in their order.
   *
   * @throws IOException when the storage cannot be reached (not when a file's bytes are wrong)
   */
  public static List<Footer> read(
      FileSystem fs, Configuration conf, SQLConf sqlConf, List<BronzeInventory.DataFile> files)
      throws IOException {
    if (files.isEmpty()) {
      return List.of();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(THREADS, files.size()));
    try {
      Map<BronzeInventory.DataFile, Future<Footer>> pending = new LinkedHashMap<>();
      for (BronzeInventory.DataFile file : files) {
        pending.put(file, pool.submit(() -> footer(fs, conf, sqlConf, file)));
      }
      List<Footer> footers = new ArrayList<>();
      for (Future<Footer> future : pending.values()) {
        footers.add(future.get());
      }
      return footers;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reading Parquet footers", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * One footer. A file that is not Parquet, is empty, truncated, has a stale checksum or a type
   * Spark cannot read becomes a problem; a failure to reach the storage ({@link IOException} other
   * than those) propagates, to be classified as the environment's.
   */
  static Footer footer(
      FileSystem fs, Configuration conf, SQLConf sqlConf, BronzeInventory.DataFile file)
      throws IOException {
    Path path = file.status().getPath();
    if (file.status().getLen() == 0) {
      return problem(path, "the file is empty (0 bytes), not Parquet: an interrupted write?");
    }
    if (fs instanceof ChecksumFileSystem checksummed
        && file.checksumLength() >= 0
        && file.checksumLength()
            != checksummed.getChecksumFileLength(path, file.status().getLen())) {
      return staleChecksum(path);
    }
    try (ParquetFileReader reader =
        ParquetFileReader.open(HadoopInputFile.fromStatus(file.status(), conf))) {
      StructType schema =
          new ParquetToSparkSchemaConverter(sqlConf)
              .convert(reader.getFooter().getFileMetaData().getSchema());
      return new Footer(path, schema, null);
    } catch (ChecksumException e) {
      return staleChecksum(path);
    } catch (RuntimeException e) {
      return problem(path, "Spark cannot read its Parquet schema: " + firstLine(e));
    } catch (IOException e) {
      if (isNotParquet(e)) {
        return problem(path, "not a Parquet file (" + firstLine(e) + ")");
      }
      throw e;
    }
  }

  /** Parquet's own complaints about a file's bytes, as opposed to the storage's. */
  private static boolean isNotParquet(IOException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("is not a Parquet file")
        || message.contains("magic number")
        || e instanceof java.io.EOFException
        || e.getClass().getName().startsWith("org.apache.parquet");
  }

  private static Footer staleChecksum(Path path) {
    return problem(
        path,
        "its Hadoop checksum ."
            + path.getName()
            + ".crc does not match its contents: the file was rewritten by a writer that left the"
            + " old checksum, or it is corrupt. If it was rewritten on purpose, delete the .crc"
            + " file; if not, regenerate the partition");
  }

  private static Footer problem(Path path, String problem) {
    return new Footer(path, null, problem);
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
