package io.c360.bronze;

import io.c360.bronze.generate.GenerationSpec;
import io.c360.bronze.write.BronzeWriter;
import io.c360.common.cli.CommonOptions;
import io.c360.common.cli.JobCommand;
import io.c360.common.cli.JobVersionProvider;
import io.c360.common.cli.OptionChecks;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.OptionalInt;
import org.apache.spark.network.util.JavaUtils;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Command-line options of bronze-ingest; {@link #toOptions()} validates them all. */
@Command(
    name = "bronze-ingest",
    mixinStandardHelpOptions = true,
    versionProvider = JobVersionProvider.class,
    sortOptions = false,
    description = {
      "Generates realistic, deliberately dirty Customer 360 data (customers and",
      "customer_interactions) as Parquet partitioned by event_date, with a JSON manifest",
      "of the rows and injected defects. Same seed and options, same rows."
    })
public final class BronzeCommand implements JobCommand<BronzeOptions> {
  static final long DEFAULT_INTERACTIONS = 100_000;
  static final long MAX_ROWS = 1_000_000_000_000L;
  static final int MAX_DAYS = 3660;
  static final long MIN_DEFAULT_CUSTOMERS = 10;

  /** Customers per interaction when --customers is not given: 40 interactions per customer. */
  static final long INTERACTIONS_PER_CUSTOMER = 40;

  @Mixin CommonOptions common = new CommonOptions();

  @Option(
      names = "--output",
      required = true,
      description = "Bronze root: an absolute path or a file:, s3a: or hdfs: URI.")
  String output;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--customers",
      description =
          "Number of customers (default: interactions / "
              + INTERACTIONS_PER_CUSTOMER
              + ", at least "
              + MIN_DEFAULT_CUSTOMERS
              + ").")
  Long customers;

  @ArgGroup(exclusive = true)
  Volume volume = new Volume();

  static final class Volume {
    @Option(
        names = "--interactions",
        description = "Number of interaction events (default: " + DEFAULT_INTERACTIONS + ").")
    Long interactions;

    @Option(
        names = "--target-bytes",
        description =
            "Instead of --interactions: approximate size of the Parquet output, e.g. 500MB, 20GB,"
                + " 1TB (binary units).")
    String targetBytes;
  }

  @Option(
      names = "--start-date",
      defaultValue = "2026-01-01",
      converter = DateConverter.class,
      description = "First event date, YYYY-MM-DD (default: ${DEFAULT-VALUE}).")
  LocalDate startDate;

  @Option(
      names = "--days",
      defaultValue = "30",
      description = "Number of event dates (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--defect-rate",
      defaultValue = "0.02",
      description =
          "Share of rows that carry an injected defect, 0 to 1 (default: ${DEFAULT-VALUE}).")
  double defectRate;

  @Option(
      names = "--output-partitions",
      description = "Files per date partition and table (default: sized to about 256 MB each).")
  Integer outputPartitions;

  @Option(
      names = "--compression",
      defaultValue = "snappy",
      description =
          "Parquet codec: snappy, zstd, lz4_raw, gzip or none (default: ${DEFAULT-VALUE}).")
  String compression;

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public BronzeOptions toOptions() {
    String location = OptionChecks.requireLocation("--output", output);
    OptionChecks.requireRange("--days", days, 1, MAX_DAYS);
    OptionChecks.requireRange("--defect-rate", defectRate, 0.0, 1.0);
    long interactions = interactions();
    long customerCount =
        customers != null
            ? OptionChecks.requireRange("--customers", customers, 1, MAX_ROWS)
            : Math.max(MIN_DEFAULT_CUSTOMERS, interactions / INTERACTIONS_PER_CUSTOMER);
    OptionalInt partitions =
        outputPartitions == null
            ? OptionalInt.empty()
            : OptionalInt.of(
                OptionChecks.requireRange("--output-partitions", outputPartitions, 1, 100_000));
    String codec = compression.trim().toLowerCase(Locale.ROOT);
    if (!BronzeWriter.CODECS.contains(codec)) {
      throw OptionChecks.invalid(
          "--compression", "'" + compression + "'", String.join(", ", BronzeWriter.CODECS));
    }
    GenerationSpec spec =
        new GenerationSpec(seed, customerCount, interactions, startDate, days, defectRate);
    return new BronzeOptions(common.toSettings(), location, spec, partitions, codec);
  }

  private long interactions() {
    if (volume.targetBytes != null) {
      long bytes;
      try {
        bytes = JavaUtils.byteStringAsBytes(volume.targetBytes.trim());
      } catch (NumberFormatException e) {
        throw OptionChecks.invalid(
            "--target-bytes", "'" + volume.targetBytes + "'", "a size such as 500MB, 20GB or 1TB");
      }
      if (bytes < BronzeWriter.BYTES_PER_INTERACTION) {
        throw OptionChecks.invalid(
            "--target-bytes", "'" + volume.targetBytes + "'", "a size of at least 1KB");
      }
      return bytes / BronzeWriter.BYTES_PER_INTERACTION;
    }
    if (volume.interactions != null) {
      return OptionChecks.requireRange("--interactions", volume.interactions, 0, MAX_ROWS);
    }
    return DEFAULT_INTERACTIONS;
  }

  /** ISO dates, with a message that shows the accepted form. */
  public static final class DateConverter implements ITypeConverter<LocalDate> {
    @Override
    public LocalDate convert(String value) {
      try {
        return LocalDate.parse(value.trim());
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a date (accepted: YYYY-MM-DD, e.g. 2026-01-31)");
      }
    }
  }
}
