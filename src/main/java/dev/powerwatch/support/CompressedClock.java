package dev.powerwatch.support;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * A wall clock that runs {@code speed} times faster than real time: at the real moment
 * {@code anchor} it reads {@code origin}. Processes given the same three values share one
 * timeline, also across restarts, so a simulator and a daemon can rehearse a month in minutes.
 * Elapsed real time is read from the monotonic timer, so a step of the machine's clock during the
 * run moves nothing in a running process. A process started after a step would read the anchor
 * off the stepped wall clock, though; anchored on the monotonic timer itself ({@link #onMonotonic})
 * every process on the machine keeps the timeline whatever the wall clock does.
 */
public final class CompressedClock extends UtcClock {
  private final Instant origin;
  private final double speed;
  private final LongSupplier nanoTime;
  private final long anchorNanos;

  /** The clock of a process started now, anchored at {@code anchor} on the machine's wall clock. */
  public static CompressedClock of(Instant origin, Instant anchor, double speed) {
    return new CompressedClock(origin, speed, System::nanoTime, Instant.now(), anchor);
  }

  /**
   * The clock that reads {@code origin} when {@link System#nanoTime()} reads {@code anchorNanos}.
   * On Linux that timer is CLOCK_MONOTONIC, one for every process on the machine since boot.
   */
  public static CompressedClock onMonotonic(Instant origin, long anchorNanos, double speed) {
    return new CompressedClock(origin, speed, System::nanoTime, anchorNanos);
  }

  CompressedClock(Instant origin, double speed, LongSupplier nanoTime, Instant wallNow, Instant anchor) {
    this(origin, speed, nanoTime, nanoTime.getAsLong() - Duration.between(anchor, wallNow).toNanos());
  }

  CompressedClock(Instant origin, double speed, LongSupplier nanoTime, long anchorNanos) {
    if (!(speed >= 1)) {
      throw new IllegalArgumentException("speed must be 1 or more, was " + speed);
    }
    this.origin = origin;
    this.speed = speed;
    this.nanoTime = nanoTime;
    this.anchorNanos = anchorNanos;
  }

  public double speed() {
    return speed;
  }

  @Override
  public Instant instant() {
    long realNanos = nanoTime.getAsLong() - anchorNanos;
    return origin.plusNanos(Math.round(realNanos * speed));
  }
}
