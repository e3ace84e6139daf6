package io.c360.bench.bronze;

import io.c360.bronze.BronzeIngestMain;
import io.c360.bronze.BronzeOptions;
import io.c360.bronze.generate.GenerationSpec;
import io.c360.common.Target;
import io.c360.common.cli.CatalogSettings;
import io.c360.common.report.RunReport;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.spark.sql.SparkSession;

/** The bronze job as it runs (its body, {@link BronzeIngestMain#run}), in the benchmark's JVM. */
public final class BronzeJob {
  private BronzeJob() {}

  /** Writes {@code spec}'s tables below {@code root} (a URI), snappy, as the job's defaults. */
  public static void run(SparkSession spark, String root, GenerationSpec spec) {
    BronzeOptions options =
        new BronzeOptions(
            new CatalogSettings(Target.LOCAL, Optional.empty(), Optional.empty()),
            root,
            spec,
            OptionalInt.empty(),
            "snappy");
    BronzeIngestMain.run(
        spark,
        options,
        new RunReport("bench", BronzeIngestMain.JOB, options.parameters(), Clock.systemUTC()));
  }
}
