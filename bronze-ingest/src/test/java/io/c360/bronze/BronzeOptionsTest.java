package io.c360.bronze;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.c360.bronze.write.BronzeWriter;
import io.c360.common.Target;
import io.c360.common.cli.ExitCode;
import io.c360.common.cli.JobLauncher;
import io.c360.common.testing.SteppingClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing and validation of bronze-ingest's arguments, before any Spark or storage. */
class BronzeOptionsTest {
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final JobLauncher launcher =
      new JobLauncher(
          BronzeIngestMain.JOB,
          new PrintStream(outBytes, true, UTF_8),
          new PrintStream(errBytes, true, UTF_8),
          SteppingClock.fixed(Instant.parse("2026-03-01T00:00:00Z")));
  private Path temp;

  @BeforeEach
  void createTemp() throws IOException {
    temp = Files.createTempDirectory("bronze-options-");
  }

  @AfterEach
  void deleteTemp() throws IOException {
    try (var paths = Files.walk(temp)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--days|0|an integer from 1 to 3660",
        "--days|3661|an integer from 1 to 3660",
        "--defect-rate|1.5|a number from 0.0 to 1.0",
        "--defect-rate|-0.1|a number from 0.0 to 1.0",
        "--start-date|2026-13-01|YYYY-MM-DD",
        "--output|s3://bucket/x|s3a://",
        "--output|gs://bucket/x|s3a:",
        "--target|cloud|local, stack, k8s",
        "--compression|brotli|snappy",
        "--output-partitions|0|an integer from 1 to 100000",
        "--customers|0|an integer from 1 to",
        "--interactions|-5|an integer from 0 to",
        "--target-bytes|lots|a size such as 500MB",
        "--target-bytes|10b|a size of at least 1KB",
        "--metastore-uri|http://metastore:9083|thrift://<host>:<port>",
        "--metastore-uri|thrift://metastore|thrift://<host>:<port>",
        "--warehouse|gs://bucket/warehouse|s3a:",
      })
  void badValueIsAUsageErrorNamingOptionValueAndWhatIsAccepted(
      String option, String value, String accepted) {
    String[] args =
        option.equals("--output")
            ? new String[] {"--output", value}
            : new String[] {"--output", temp.resolve("out").toString(), option, value};

    JobLauncher.Parsed<BronzeOptions> parsed = launcher.parse(new BronzeCommand(), args);

    assertThat(parsed.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(parsed.options()).isNull();
    assertThat(err()).contains(option).contains(value).contains(accepted);
    assertThat(out()).isEmpty();
  }

  @Test
  void compressionErrorListsEveryAcceptedCodec() {
    launcher.parse(new BronzeCommand(), args("--compression", "brotli"));

    for (String codec : BronzeWriter.CODECS) {
      assertThat(err()).contains(codec);
    }
  }

  @Test
  void interactionsAndTargetBytesAreMutuallyExclusive() {
    JobLauncher.Parsed<BronzeOptions> parsed =
        launcher.parse(new BronzeCommand(), args("--interactions", "5", "--target-bytes", "1GB"));

    assertThat(parsed.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(err())
        .contains("--interactions")
        .contains("--target-bytes")
        .contains("mutually exclusive");
  }

  @Test
  void missingOutputIsAUsageError() {
    JobLauncher.Parsed<BronzeOptions> parsed =
        launcher.parse(new BronzeCommand(), new String[] {"--days", "3"});

    assertThat(parsed.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(err()).contains("--output").contains("Missing required option");
  }

  @Test
  void badArgumentsTouchNoData() {
    Path output = temp.resolve("never-created");
    AtomicInteger sessions = new AtomicInteger();
    String[][] bad = {
      {"--output", output.toString(), "--days", "0"},
      {"--output", output.toString(), "--defect-rate", "1.5"},
      {"--output", output.toString(), "--interactions", "5", "--target-bytes", "1GB"},
      {"--output", output.toString(), "--compression", "brotli"},
      {"--output", output.toString(), "--target", "cloud"},
    };

    for (String[] args : bad) {
      int code =
          launcher.run(
              new BronzeCommand(),
              args,
              BronzeIngestMain::run,
              options -> {
                sessions.incrementAndGet();
                return null;
              });
      assertThat(code).as(String.join(" ", args)).isEqualTo(ExitCode.USAGE.code());
    }

    assertThat(sessions).hasValue(0);
    assertThat(output).doesNotExist();
    assertThat(out()).isEmpty();
  }

  @Test
  void targetBytesBecomesInteractionsAtTheMeasuredBytesPerInteraction() {
    BronzeOptions options = parse("--target-bytes", "1GB");

    long expected = (1L << 30) / BronzeWriter.BYTES_PER_INTERACTION;
    assertThat(options.spec().interactions()).isEqualTo(expected).isGreaterThan(1_000_000L);
    assertThat(options.spec().customers()).isEqualTo(expected / 40);
  }

  @Test
  void defaultsAreThoseDocumentedInHelp() {
    BronzeOptions options = parse();
    String help = help();

    assertThat(documentedDefault(help, "--seed")).isEqualTo(Long.toString(options.spec().seed()));
    assertThat(documentedDefault(help, "--interactions"))
        .isEqualTo(Long.toString(options.spec().interactions()));
    assertThat(documentedDefault(help, "--start-date"))
        .isEqualTo(options.spec().startDate().toString());
    assertThat(documentedDefault(help, "--days"))
        .isEqualTo(Integer.toString(options.spec().days()));
    assertThat(Double.parseDouble(documentedDefault(help, "--defect-rate")))
        .isEqualTo(options.spec().defectRate());
    assertThat(documentedDefault(help, "--compression")).isEqualTo(options.compression());
    assertThat(documentedDefault(help, "--target")).isEqualTo(options.catalog().target().cliName());
    assertThat(help).contains("interactions / 40, at least 10");
    assertThat(options.spec().customers())
        .isEqualTo(Math.max(10, options.spec().interactions() / 40));
    assertThat(help).contains("sized to about 256 MB");
    assertThat(options.outputPartitions()).isEmpty();

    // And the documented values themselves, so that a changed default is a conscious change.
    assertThat(options.spec().seed()).isEqualTo(42);
    assertThat(options.spec().interactions()).isEqualTo(100_000);
    assertThat(options.spec().customers()).isEqualTo(2_500);
    assertThat(options.spec().startDate()).isEqualTo(LocalDate.of(2026, 1, 1));
    assertThat(options.spec().days()).isEqualTo(30);
    assertThat(options.spec().defectRate()).isEqualTo(0.02);
    assertThat(options.compression()).isEqualTo("snappy");
    assertThat(options.catalog().target()).isEqualTo(Target.LOCAL);
  }

  @Test
  void everyOptionMapsToItsField() {
    BronzeOptions options =
        parse(
            "--target", "STACK",
            "--seed", "-7",
            "--customers", "123",
            "--interactions", "4567",
            "--start-date", "2025-02-28",
            "--days", "3",
            "--defect-rate", "0.5",
            "--output-partitions", "6",
            "--compression", " ZSTD ");

    assertThat(options.catalog().target()).isEqualTo(Target.STACK);
    assertThat(options.spec().seed()).isEqualTo(-7);
    assertThat(options.spec().customers()).isEqualTo(123);
    assertThat(options.spec().interactions()).isEqualTo(4567);
    assertThat(options.spec().startDate()).isEqualTo(LocalDate.of(2025, 2, 28));
    assertThat(options.spec().endDate()).isEqualTo(LocalDate.of(2025, 3, 2));
    assertThat(options.spec().days()).isEqualTo(3);
    assertThat(options.spec().defectRate()).isEqualTo(0.5);
    assertThat(options.outputPartitions()).isEqualTo(OptionalInt.of(6));
    assertThat(options.compression()).isEqualTo("zstd");
  }

  @Test
  void fewInteractionsStillGetTheMinimumNumberOfCustomers() {
    assertThat(parse("--interactions", "100").spec().customers()).isEqualTo(10);
  }

  @Test
  void relativeOutputBecomesAnAbsoluteFileUri() {
    BronzeOptions options =
        launcher
            .parse(new BronzeCommand(), new String[] {"--output", "bronze-out/relative"})
            .options();

    assertThat(options.output()).startsWith("file:");
    assertThat(new org.apache.hadoop.fs.Path(options.output()).toUri().getPath())
        .isEqualTo(Path.of("bronze-out/relative").toAbsolutePath().toString());
    assertThat(options.sessionSettings("bronze-ingest").usesS3a()).isFalse();
  }

  @Test
  void s3aOutputTurnsOnTheS3aDefaults() {
    BronzeOptions options =
        launcher
            .parse(new BronzeCommand(), new String[] {"--output", "s3a://lake/bronze"})
            .options();

    assertThat(options.output()).isEqualTo("s3a://lake/bronze");
    assertThat(options.sessionSettings("bronze-ingest").usesS3a()).isTrue();
  }

  private BronzeOptions parse(String... extra) {
    JobLauncher.Parsed<BronzeOptions> parsed = launcher.parse(new BronzeCommand(), args(extra));
    assertThat(parsed.exitCode()).as(err()).isEqualTo(ExitCode.SUCCESS);
    return parsed.options();
  }

  private String[] args(String... extra) {
    String[] args = new String[extra.length + 2];
    args[0] = "--output";
    args[1] = temp.resolve("out").toString();
    System.arraycopy(extra, 0, args, 2, extra.length);
    return args;
  }

  private String help() {
    ByteArrayOutputStream helpBytes = new ByteArrayOutputStream();
    JobLauncher helpLauncher =
        new JobLauncher(
            BronzeIngestMain.JOB,
            new PrintStream(helpBytes, true, UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, UTF_8),
            SteppingClock.fixed(Instant.EPOCH));
    JobLauncher.Parsed<BronzeOptions> parsed =
        helpLauncher.parse(new BronzeCommand(), new String[] {"--help"});
    assertThat(parsed.exitCode()).isEqualTo(ExitCode.SUCCESS);
    // One line per option: picocli wraps long descriptions, so join the continuation lines.
    return helpBytes.toString(UTF_8).replaceAll("\\s*\\n\\s{10,}", " ");
  }

  /** The value in "(default: X)" of the help line of {@code option}. */
  private static String documentedDefault(String help, String option) {
    Matcher matcher =
        Pattern.compile("(?m)^.*" + Pattern.quote(option) + "[= ].*\\(default: ([^)]+)\\)")
            .matcher(help);
    assertThat(matcher.find()).as("default of %s in help:%n%s", option, help).isTrue();
    return matcher.group(1).trim();
  }

  private String out() {
    return outBytes.toString(UTF_8);
  }

  private String err() {
    return errBytes.toString(UTF_8);
  }
}
