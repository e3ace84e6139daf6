package io.c360.bench.silver;

import java.util.Map;

/** DuckDB's counts, named as silver's run report names them, and its statements' seconds. */
record DuckRun(long rows, Map<String, Long> counts, Map<String, Double> steps) implements Outcome {}
