package dev.powerwatch.rules;

import dev.powerwatch.energy.Interval;
import java.util.function.BooleanSupplier;

/**
 * An interval rule's alert, once it fires, holds until its interval ends, whatever the estimate
 * does meanwhile: a notice speaks of one interval and is resolved when that interval is over. A
 * restart keeps it so: the alert comes back with the interval it fired in.
 */
final class IntervalLatch {
  private Interval firingInterval;

  /** Whether the alert is active now; {@code trigger} is asked only while it is not firing. */
  boolean active(Interval interval, boolean firing, BooleanSupplier trigger) {
    if (firing) {
      return interval.equals(firingInterval);
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
}
