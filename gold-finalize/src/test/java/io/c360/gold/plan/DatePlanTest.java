package io.c360.gold.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.common.cli.DateRange;
import io.c360.gold.plan.DatePlan.PartitionState;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatePlanTest {
  private static final LocalDate D1 = LocalDate.parse("2026-03-01");
  private static final LocalDate D2 = LocalDate.parse("2026-03-02");
  private static final LocalDate D3 = LocalDate.parse("2026-03-03");

  private static final List<PartitionState> SILVER =
      List.of(new PartitionState(D1, 10, 5), new PartitionState(D2, 20, 7));

  @Test
  void firstRunRecomputesEveryDateSilverHas() {
    DatePlan plan = DatePlan.choose(SILVER, Map.of(), Optional.empty(), false);
    assertThat(plan.recompute()).containsExactly(D1, D2);
    assertThat(plan.cleared()).isEmpty();
    assertThat(plan.scope()).isEqualTo(DatePlan.Scope.LISTED);
  }

  @Test
  void onlyDatesWhoseSnapshotChangedAreRecomputed() {
    DatePlan plan = DatePlan.choose(SILVER, Map.of(D1, 10L, D2, 19L), Optional.empty(), false);
    assertThat(plan.recompute()).containsExactly(D2);
    assertThat(DatePlan.choose(SILVER, Map.of(D1, 10L, D2, 20L), Optional.empty(), false).isEmpty())
        .isTrue();
  }

  @Test
  void datesSilverNoLongerHasAreCleared() {
    List<PartitionState> emptied =
        List.of(new PartitionState(D1, 10, 5), new PartitionState(D2, 30, 0));
    DatePlan plan =
        DatePlan.choose(emptied, Map.of(D1, 10L, D2, 20L, D3, 5L), Optional.empty(), false);
    assertThat(plan.recompute()).isEmpty();
    assertThat(plan.cleared()).containsExactly(D2, D3);
  }

  @Test
  void rangeRecomputesItsDatesChangedOrNot() {
    DatePlan plan =
        DatePlan.choose(
            SILVER, Map.of(D1, 10L, D2, 20L, D3, 1L), Optional.of(new DateRange(D2, D3)), false);
    assertThat(plan.recompute()).containsExactly(D2);
    assertThat(plan.cleared()).containsExactly(D3);
    assertThat(plan.scope()).isEqualTo(DatePlan.Scope.RANGE);
  }

  @Test
  void fullRebuildRecomputesEverythingAndIsNeverEmpty() {
    DatePlan plan = DatePlan.choose(SILVER, Map.of(D1, 10L, D2, 20L), Optional.empty(), true);
    assertThat(plan.recompute()).containsExactly(D1, D2);
    assertThat(plan.scope()).isEqualTo(DatePlan.Scope.ALL);
    assertThat(plan.isEmpty()).isFalse();
  }
}
