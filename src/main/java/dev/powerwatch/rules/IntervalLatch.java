package dev.powerwatch.rules;

import dev.powerwatch.energy.Interval;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * An interval rule's alert, once it fires, holds until its interval ends, whatever the estimate
 * does meanwhile: a notice speaks of one interval and is resolved when that interval is over, by
 * the first reading of a later one or, when none comes, once the meter's clock has passed its end.
 * An interval fires at most once. A restart keeps it so: the alert comes back with the interval it
 * fired in.
 */
final class IntervalLatch {
  private Interval firingInterval;
  /** The interval whose alert ended on the meter's clock before a reading of a later one came. */
  private Interval endedInterval;

  /** Whether the alert is active now; {@code trigger} is asked only while it is not firing. */
  boolean active(Interval interval, boolean firing, BooleanSupplier trigger) {
    if (firing) {
      return interval.equals(firingInterval);
    }
    if (interval.equals(endedInterval)) {
      return false;
    }
    boolean active = trigger.getAsBoolean();
    if (active) {
      firingInterval = interval;
    }
    return active;
  }

  /** The alert fired in {@code interval} before a restart: it holds until that interval ends. */
  void restore(Interval interval) {
    firingInterval = interval;
  }

  /**
   * Whether the firing alert's interval is over with no reading of a later one: the meter's clock,
   * reckoned as the last reading's timestamp plus the time since it arrived, passed its end.
   */
  boolean outlived(Instant lastReadingAt, Duration sinceItArrived) {
    if (firingInterval == null || lastReadingAt.plus(sinceItArrived).isBefore(firingInterval.end())) {
      return false;
    }
    endedInterval = firingInterval;
    return true;
  }
}
