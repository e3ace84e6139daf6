package io.c360.bench.silver;

import io.c360.bench.harness.GroupTime;
import java.util.Map;

/** A silver run's counts (the run report's), its steps' wall seconds and its job groups. */
record SilverRun(
    long rows, Map<String, Long> counts, Map<String, Double> steps, Map<String, GroupTime> groups)
    implements Outcome {}
