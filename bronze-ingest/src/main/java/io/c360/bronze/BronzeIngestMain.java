package io.c360.bronze;

import io.c360.bronze.generate.DefectKind;
import io.c360.bronze.generate.GenerationSpec;
import io.c360.bronze.source.BronzeTable;
import io.c360.bronze.write.BronzeManifest;
import io.c360.bronze.write.BronzeWriter;
import io.c360.bronze.write.BronzeWriter.TableWrite;
import io.c360.bronze.write.DefectCensus;
import io.c360.common.cli.JobFailure;
import io.c360.common.cli.JobLauncher;
import io.c360.common.report.RunReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * bronze-ingest: generates the bronze tables for a window of days, checks what landed on storage
 * against the plan, and writes the manifest last.
 */
public final class BronzeIngestMain {
  public static final String JOB = "bronze-ingest";

  private BronzeIngestMain() {}

  public static void main(String[] args) {
    int exitCode = JobLauncher.forMain(JOB).run(newCommand(), args, BronzeIngestMain::run);
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  /**
   * The job's argument parser: {@code main} uses it, and tests check deployed arguments with it.
   */
  public static BronzeCommand newCommand() {
    return new BronzeCommand();
  }

  /** The job body: also called by tests with their own session. */
  public static void run(SparkSession spark, BronzeOptions options, RunReport report) {
    GenerationSpec spec = options.spec();
    Path root = new Path(options.output());
    FileSystem fs = fileSystem(spark, root);

    List<Path> stale =
        report.time("prepare", () -> io(() -> BronzeManifest.deleteOverlapping(fs, root, spec)));
    if (!stale.isEmpty()) {
      report.detail("replaced_manifests", stale.stream().map(Path::toString).toList());
    }

    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<TableWrite> writes =
        BronzeWriter.plan(
            spec, options.output(), options.outputPartitions(), context.defaultParallelism());
    Map<BronzeTable, long[]> rows = new EnumMap<>(BronzeTable.class);
    Map<BronzeTable, long[][]> defects = new EnumMap<>(BronzeTable.class);
    for (TableWrite write : writes) {
      String table = write.table().tableName();
      report.time(
          "write",
          () ->
              BronzeWriter.write(spark, spec, write, BronzeWriter.parquet(options.compression())));
      long[] stored = report.time("verify", () -> BronzeWriter.verifyOnStorage(spark, spec, write));
      long[][] injected = report.time("census", () -> DefectCensus.count(context, spec, write));
      rows.put(write.table(), stored);
      defects.put(write.table(), injected);
      report.count(table + "_rows", Arrays.stream(stored).sum());
      report.count(table + "_defects", Arrays.stream(injected).flatMapToLong(Arrays::stream).sum());
      report.count("files_written", write.files());
    }
    report.count("dates_written", spec.days());
    report.count("defect_kinds", DefectKind.values().length);

    Path manifest = BronzeManifest.location(root, spec);
    Map<String, Object> document =
        BronzeManifest.document(
            report.runId(), Instant.now(), options.output(), spec, rows, defects);
    report.time(
        "manifest",
        () ->
            io(
                () -> {
                  BronzeManifest.write(fs, manifest, document);
                  return null;
                }));
    report.detail("manifest", manifest.toString());
    report.detail("output", options.output());
  }

  private static FileSystem fileSystem(SparkSession spark, Path root) {
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      // Touch storage before generating anything: an unreachable store fails here.
      fs.mkdirs(root);
      return fs;
    } catch (IOException e) {
      throw JobFailure.externalUnavailable(
          "Cannot reach the bronze output "
              + root
              + ": "
              + e.getMessage()
              + ". Check the endpoint, credentials and bucket (spark.hadoop.fs.s3a.*).",
          e);
    }
  }

  private interface IoStep<T> {
    T run() throws IOException;
  }

  private static <T> T io(IoStep<T> step) {
    try {
      return step.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
