package io.c360.ops.maintenance;

import static java.util.Objects.requireNonNull;

import io.c360.common.cli.FailureClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs maintenance table by table so that a commit conflict on one table does not stop the others.
 * Silver or gold committing to a table while maintenance rewrites it makes maintenance's commit
 * conflict (Iceberg's {@code CommitFailedException} or {@code ValidationException}, after Iceberg's
 * own {@code commit.retry.num-retries}): the table is tried again from its new state, up to {@code
 * attempts} times (every action is idempotent), and then skipped and reported. Any other failure
 * stops the run at once: it is no conflict, and would hit the next table too.
 */
final class EachTable {
  private EachTable() {}

  /** A table left as it was, and why. */
  record Skipped(String table, int attempts, String reason) {}

  /** What each table gave, in order, and the tables skipped. */
  record Result<T>(List<T> done, List<Skipped> skipped) {}

  static <T> Result<T> run(List<String> tables, int attempts, Function<String, T> maintain) {
    requireNonNull(maintain, "maintain is null");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
    }
    List<T> done = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    for (String table : tables) {
      for (int attempt = 1; ; attempt++) {
        try {
          done.add(maintain.apply(table));
          break;
        } catch (RuntimeException e) {
          if (!FailureClassifier.isCommitConflict(e)) {
            throw e;
          }
          if (attempt == attempts) {
            skipped.add(new Skipped(table, attempts, firstLine(e)));
            break;
          }
        }
      }
    }
    return new Result<>(done, skipped);
  }

  private static String firstLine(Throwable t) {
    String text = String.valueOf(t);
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
