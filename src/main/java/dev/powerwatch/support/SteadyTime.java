package dev.powerwatch.support;

import java.time.Clock;
import java.time.Instant;

/**
 * Elapsed time no step of the machine's clock moves, for what one process measures from start to
 * end (a cooldown, a feed's silence): a bad time sync must neither end a cooldown early nor make a
 * healthy feed look silent. What outlives a restart is measured on the wall clock instead.
 */
@FunctionalInterface
public interface SteadyTime {
  /** Nanoseconds from an arbitrary origin of this process. */
  long nanos();

  /**
   * The steady time that goes with {@code clock}: the machine's monotonic timer for the system
   * clock; a clock that keeps steady time of its own (a test's, a rehearsal's) gives it; any other
   * is read as it is.
   */
  static SteadyTime of(Clock clock) {
    if (clock instanceof SteadyTime steady) {
      return steady;
    }
    if (clock.equals(Clock.systemUTC()) || clock.equals(Clock.systemDefaultZone())) {
      return System::nanoTime;
    }
    return () -> nanosOf(clock.instant());
  }

  /** {@code at} in nanoseconds since the epoch, for steady time that a clock's readings give. */
  static long nanosOf(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
  }
}
