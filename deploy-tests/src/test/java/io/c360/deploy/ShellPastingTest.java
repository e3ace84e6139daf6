package io.c360.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark operator pastes a SparkApplication's {@code args} and {@code sparkConf} into one shell
 * command (DESIGN.md section 7): every word must reach the job exactly as written.
 */
class ShellPastingTest {
  @Test
  void everyWordIsSafeByRule() {
    for (Manifest application : applications()) {
      for (String word : words(application)) {
        assertThat(ShellWords.isSafe(word))
            .as("'%s' of %s may split or expand in a shell", word, application)
            .isTrue();
      }
    }
  }

  @Test
  void everyWordSurvivesBash(@TempDir Path directory) throws IOException, InterruptedException {
    Files.createFile(directory.resolve("decoy"));
    for (Manifest application : applications()) {
      List<String> words = words(application);

      assertThat(ShellWords.throughBash(words, directory))
          .as("%s through bash", application)
          .isEqualTo(words);
    }
  }

  @Test
  void unsafeWordsAreCaughtByRuleAndByBash(@TempDir Path directory)
      throws IOException, InterruptedException {
    // A file for globs to match: an unquoted * or ? turns into its name.
    Files.createFile(directory.resolve("decoy"));
    List<String> unsafe =
        List.of(
            "$HOME",
            "a b",
            "'quoted'",
            "\"quoted\"",
            "`id`",
            "x;y",
            "x&y",
            "x|y",
            "*",
            "deco?",
            "~",
            "#c",
            "{a,b}",
            "a\\b",
            "$(id)",
            "x>y");
    for (String word : unsafe) {
      // As its own word, the way an arg is pasted.
      List<String> pasted = List.of("--conf", word);

      assertThat(ShellWords.isSafe(word)).as("rule for %s", word).isFalse();
      assertThat(ShellWords.throughBash(pasted, directory))
          .as("bash for %s", word)
          .isNotEqualTo(pasted);
    }
  }

  private static List<Manifest> applications() {
    List<Manifest> applications = Manifests.ofKind(Manifests.all(), "SparkApplication");
    assertThat(applications).isNotEmpty();
    return applications;
  }

  /** What the operator pastes: the main file, the args, and {@code --conf key=value} pairs. */
  static List<String> words(Manifest application) {
    JsonNode spec = application.node().path("spec");
    List<String> words = new ArrayList<>();
    words.add(spec.path("mainClass").asText());
    words.add(spec.path("mainApplicationFile").asText());
    for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("sparkConf").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> conf = it.next();
      words.add("--conf");
      words.add(conf.getKey() + "=" + conf.getValue().asText());
    }
    spec.path("args").forEach(arg -> words.add(arg.asText()));
    return words;
  }
}
