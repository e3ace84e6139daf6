package io.c360.bench.bronze;

import io.c360.bench.harness.Folders;
import io.c360.bench.harness.LocalSessions;
import io.c360.bench.harness.Markdown;
import io.c360.bench.harness.Medians;
import io.c360.bronze.generate.GenerationSpec;
import io.c360.bronze.source.BronzeTable;
import io.c360.bronze.write.BronzeWriter;
import io.c360.bronze.write.BronzeWriter.TableWrite;
import io.c360.bronze.write.ParquetLayout;
import io.c360.common.naming.BronzeColumns;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The measurements behind bronze's Parquet choices (docs/BENCHMARKS.md, "Where the time goes"): the
 * same generated interactions (one date, 4 files) written with one layout after another, in one
 * warm JVM, several rounds, medians printed.
 *
 * <p>Arguments: {@code [interactions] [work-dir] [threads] [repeats]}.
 */
public final class ParquetLayoutBenchmark {
  private ParquetLayoutBenchmark() {}

  private record Layout(String name, String timestampType, Map<String, String> options) {}

  public static void main(String[] args) throws Exception {
    long interactions = args.length > 0 ? Long.parseLong(args[0]) : 3_000_000L;
    Path work = Path.of(args.length > 1 ? args[1] : "target/bench-layouts").toAbsolutePath();
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;

    SparkSession spark = LocalSessions.start("bronze-benchmark", threads, Optional.empty());
    GenerationSpec spec =
        new GenerationSpec(
            42, interactions / 40, interactions, LocalDate.parse("2026-01-01"), 1, 0.02);
    TableWrite write =
        new TableWrite(
            BronzeTable.INTERACTIONS,
            new long[] {interactions},
            new int[] {4},
            work.resolve("out").toUri().toString());

    Map<String, String> ours = ParquetLayout.writeOptions(BronzeTable.INTERACTIONS, "snappy");
    Map<String, String> oursZstd = ParquetLayout.writeOptions(BronzeTable.INTERACTIONS, "zstd");
    List<Layout> layouts =
        List.of(
            new Layout("Spark noop sink (generator only)", "TIMESTAMP_MICROS", null),
            new Layout(
                "Parquet defaults, INT96 timestamps", "INT96", Map.of("compression", "snappy")),
            new Layout(
                "timestamps as INT64 micros", "TIMESTAMP_MICROS", Map.of("compression", "snappy")),
            new Layout(
                "+ no dictionary on ids, timestamps (bronze's layout)", "TIMESTAMP_MICROS", ours),
            new Layout(
                "+ no dictionary at all",
                "TIMESTAMP_MICROS",
                Map.of("compression", "snappy", "parquet.enable.dictionary", "false")),
            new Layout("bronze's layout with zstd", "TIMESTAMP_MICROS", oursZstd));

    // Warm-up: JIT, datafaker pools.
    BronzeWriter.generated(spark, spec, write)
        .write()
        .format("noop")
        .mode(SaveMode.Overwrite)
        .save();

    Map<String, List<double[]>> results = new LinkedHashMap<>();
    for (int round = 1; round <= repeats; round++) {
      for (Layout layout : layouts) {
        spark.conf().set("spark.sql.parquet.outputTimestampType", layout.timestampType());
        System.gc();
        long start = System.nanoTime();
        if (layout.options() == null) {
          BronzeWriter.generated(spark, spec, write)
              .write()
              .format("noop")
              .mode(SaveMode.Overwrite)
              .save();
        } else {
          BronzeWriter.generated(spark, spec, write)
              .write()
              .mode(SaveMode.Overwrite)
              .partitionBy(BronzeColumns.EVENT_DATE)
              .options(layout.options())
              .parquet(write.path());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long bytes = layout.options() == null ? 0 : Folders.parquetBytes(work.resolve("out"));
        results
            .computeIfAbsent(layout.name(), name -> new ArrayList<>())
            .add(new double[] {seconds, bytes});
        System.out.printf(Locale.ROOT, "round %d: %s %.1f s%n", round, layout.name(), seconds);
      }
    }
    spark.stop();

    System.out.printf(
        Locale.ROOT,
        "%nParquet layouts: %,d interactions, one date, 4 files, local[%d], medians of %d rounds%n%n",
        interactions,
        threads,
        repeats);
    System.out.println(Markdown.header(1, "layout", "seconds", "rows/s", "MB"));
    for (Map.Entry<String, List<double[]>> entry : results.entrySet()) {
      double median = Medians.median(entry.getValue(), r -> r[0]);
      double bytes = entry.getValue().get(0)[1];
      System.out.printf(
          Locale.ROOT,
          "| %s | %.1f | %,.0f | %s |%n",
          entry.getKey(),
          median,
          interactions / median,
          bytes == 0 ? "-" : String.format(Locale.ROOT, "%.0f", bytes / 1e6));
    }
  }
}
