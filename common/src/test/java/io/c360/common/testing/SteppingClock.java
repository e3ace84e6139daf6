package io.c360.common.testing;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A test clock that starts at a fixed instant and moves forward by a fixed step each time it is
 * read, so durations measured with it are known in advance.
 */
public final class SteppingClock extends Clock {
  private final Duration step;
  private Instant next;

  public SteppingClock(Instant start, Duration step) {
    this.next = requireNonNull(start, "start is null");
    this.step = requireNonNull(step, "step is null");
  }

  /** A clock that always reads {@code instant}. */
  public static SteppingClock fixed(Instant instant) {
    return new SteppingClock(instant, Duration.ZERO);
  }

  @Override
  public synchronized Instant instant() {
    Instant now = next;
    next = next.plus(step);
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("SteppingClock is always UTC");
  }
}
