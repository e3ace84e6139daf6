package io.c360.gold.plan;

import static java.util.Objects.requireNonNull;

import io.c360.common.cli.DateRange;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which dates a gold run recomputes and which it clears, from the state of silver's partitions and
 * what the previous runs recorded. Pure, so each mode is tested without Spark.
 *
 * @param recompute dates silver has that the daily tables get recomputed for, ascending
 * @param cleared dates the daily tables lose because silver no longer has them, ascending
 * @param scope how the daily tables' rows are replaced
 */
public record DatePlan(List<LocalDate> recompute, List<LocalDate> cleared, Scope scope) {
  /** The rows of the daily tables a commit replaces. */
  public enum Scope {
    /** Every row: a full rebuild. */
    ALL,
    /** The rows of the --dates range. */
    RANGE,
    /** The rows of {@link #recompute} and {@link #cleared}. */
    LISTED
  }

  /** One silver.interactions partition: its date, the snapshot that last changed it, its rows. */
  public record PartitionState(LocalDate date, long snapshotId, long rows) {
    public PartitionState {
      requireNonNull(date, "date is null");
    }
  }

  public DatePlan {
    recompute = List.copyOf(new TreeSet<>(recompute));
    cleared = List.copyOf(new TreeSet<>(cleared));
    requireNonNull(scope, "scope is null");
  }

  /**
   * @param current silver's partitions now
   * @param recorded per date, the snapshot id the last gold run aggregated
   * @param range the --dates range, if any
   * @param fullRebuild whether to recompute everything
   */
  public static DatePlan choose(
      List<PartitionState> current,
      Map<LocalDate, Long> recorded,
      Optional<DateRange> range,
      boolean fullRebuild) {
    TreeSet<LocalDate> present = new TreeSet<>();
    current.stream().filter(p -> p.rows() > 0).forEach(p -> present.add(p.date()));
    TreeSet<LocalDate> gone = new TreeSet<>(recorded.keySet());
    gone.removeAll(present);
    if (fullRebuild) {
      return new DatePlan(List.copyOf(present), List.copyOf(gone), Scope.ALL);
    }
    if (range.isPresent()) {
      DateRange dates = range.get();
      return new DatePlan(
          present.stream().filter(dates::contains).toList(),
          gone.stream().filter(dates::contains).toList(),
          Scope.RANGE);
    }
    List<LocalDate> changed =
        current.stream()
            .filter(p -> p.rows() > 0)
            .filter(p -> !Long.valueOf(p.snapshotId()).equals(recorded.get(p.date())))
            .map(PartitionState::date)
            .toList();
    return new DatePlan(changed, List.copyOf(gone), Scope.LISTED);
  }

  /** This plan with {@code extra} dates recomputed as well (e.g. changed signup counts). */
  public DatePlan withRecomputed(List<LocalDate> extra) {
    TreeSet<LocalDate> all = new TreeSet<>(recompute);
    all.addAll(extra);
    return new DatePlan(List.copyOf(all), cleared, scope);
  }

  public boolean isEmpty() {
    return recompute.isEmpty() && cleared.isEmpty() && scope != Scope.ALL;
  }
}
