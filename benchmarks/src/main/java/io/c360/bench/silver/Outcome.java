package io.c360.bench.silver;

import java.util.Map;

/** What one run of the silver benchmark reports besides its wall time. */
interface Outcome {
  /** Interaction rows read: the rate's numerator. */
  long rows();

  /** The counts, named as silver's run report names them, and {@code bytes_written}. */
  Map<String, Long> counts();

  default long bytes() {
    return counts().getOrDefault("bytes_written", 0L);
  }
}
