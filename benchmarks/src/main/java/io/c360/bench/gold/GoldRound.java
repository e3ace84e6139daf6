package io.c360.bench.gold;

import io.c360.bench.harness.Measured;
import java.util.List;

/** One round: the gold job, then DuckDB, on the same silver rows. */
record GoldRound(Measured<GoldRun> gold, Measured<GoldRun> duck) {
  List<Measured<GoldRun>> all() {
    return List.of(gold, duck);
  }
}
