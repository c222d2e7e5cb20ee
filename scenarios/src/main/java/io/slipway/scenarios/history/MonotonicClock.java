package io.slipway.scenarios.history;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The run's timeline: the wall-clock instant it started plus the monotonic time elapsed since
 * ({@link System#nanoTime}), so the order and spacing of what the history records hold even when
 * the wall clock is stepped (NTP) during a run. Invariant: never goes backwards.
 */
public final class MonotonicClock extends Clock {

  private final Instant origin;
  private final long originNanos;
  private final ZoneId zone;

  private MonotonicClock(Instant origin, long originNanos, ZoneId zone) {
    this.origin = origin;
    this.originNanos = originNanos;
    this.zone = zone;
  }

  /** A timeline that starts at the wall clock's now. */
  public static MonotonicClock startingNow() {
    return new MonotonicClock(Clock.systemUTC().instant(), System.nanoTime(), ZoneOffset.UTC);
  }

  @Override
  public Instant instant() {
    return origin.plusNanos(System.nanoTime() - originNanos);
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** The same timeline, shown in {@code other}. */
  @Override
  public Clock withZone(ZoneId other) {
    return new MonotonicClock(origin, originNanos, other);
  }
}
