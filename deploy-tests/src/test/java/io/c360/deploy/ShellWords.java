package io.c360.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Whether values survive being pasted, unquoted, into one shell command line, as the Spark operator
 * does with a SparkApplication's {@code args} and {@code sparkConf}: no word splitting, no
 * expansion, no globbing, no quote removal.
 */
final class ShellWords {
  /**
   * Characters that mean nothing to bash inside a word. Everything else ({@code $ ` ' " \ ; & | < >
   * ( ) { } [ ] * ? ~ # !}, whitespace) may split, expand, glob or end the command.
   */
  static final Pattern SAFE_WORD = Pattern.compile("[A-Za-z0-9_./:=,@%+-]+");

  private ShellWords() {}

  static boolean isSafe(String value) {
    return SAFE_WORD.matcher(value).matches();
  }

  /**
   * Pastes {@code words} unquoted into {@code printf '%s\n' ...} and runs it with {@code bash -c}:
   * the lines printed are the words as the shell saw them. Runs in {@code directory}, so that globs
   * can be shown to match.
   */
  static List<String> throughBash(List<String> words, Path directory)
      throws IOException, InterruptedException {
    String command = "printf '%s\\n' " + String.join(" ", words);
    Process process =
        new ProcessBuilder("bash", "--noprofile", "--norc", "-c", command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().close();
    byte[] output;
    try (InputStream stdout = process.getInputStream()) {
      output = stdout.readAllBytes();
    }
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("bash did not finish within 30 s: " + command);
    }
    String text = new String(output, StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    if (process.exitValue() != 0) {
      lines.add("<bash exited with " + process.exitValue() + ">");
    }
    return List.copyOf(lines);
  }
}
