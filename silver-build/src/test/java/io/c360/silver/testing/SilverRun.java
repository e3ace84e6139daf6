package io.c360.silver.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.c360.common.cli.JobLauncher;
import io.c360.silver.SilverBuildMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * One silver-build run as a user starts it (arguments parsed, failures classified to exit codes),
 * on a test's session, with its exit code and both output streams.
 */
public record SilverRun(int exitCode, String out, String err) {
  /** Runs silver-build on {@code bronze} with {@code extra} arguments. */
  public static SilverRun on(SparkSession spark, Path bronze, String... extra) {
    List<String> args = new ArrayList<>(List.of("--bronze", bronze.toString()));
    args.addAll(List.of(extra));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        new JobLauncher(
                SilverBuildMain.JOB,
                new PrintStream(out, true, UTF_8),
                new PrintStream(err, true, UTF_8),
                Clock.systemUTC())
            .run(
                SilverBuildMain.newCommand(),
                args.toArray(String[]::new),
                SilverBuildMain::run,
                o -> spark);
    return new SilverRun(exit, out.toString(UTF_8), err.toString(UTF_8));
  }

  /** Both streams, for an assertion's description. */
  public String output() {
    return out + "\n--- stderr ---\n" + err;
  }
}
