package io.c360.bench.silver;

import io.c360.bench.harness.Measured;
import java.util.List;

/** One round: the full run, the incremental run (the new day) and DuckDB. */
record SilverRound(Measured<SilverRun> full, Measured<SilverRun> newDay, Measured<DuckRun> duck) {
  List<Measured<? extends Outcome>> all() {
    return List.of(full, newDay, duck);
  }
}
