package dev.powerwatch.support;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A wall clock that runs {@code speed} times faster than real time: at the real moment
 * {@code anchor} it reads {@code origin}. Processes given the same three values share one
 * timeline, also across restarts, so a simulator and a daemon can rehearse a month in minutes.
 * Elapsed real time is read from the monotonic timer, so a step of the machine's clock during the
 * run moves nothing in a running process. A process started after a step would read the anchor
 * off the stepped wall clock, though; anchored on the monotonic timer itself ({@link #onMonotonic})
 * every process on the machine keeps the timeline whatever the wall clock does. To rehearse a bad
 * time sync, {@link #followingTheWallClock} reads the wall clock instead, so a step of it moves
 * this clock too; its steady time stays on the monotonic timer, as the machine's does.
 */
public final class CompressedClock extends UtcClock implements SteadyTime {
  private final Instant origin;
  private final double speed;
  private final LongSupplier nanoTime;
  private final long anchorNanos;
  private final Supplier<Instant> wall;
  private final Instant wallAnchor;

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

  /**
   * The clock that reads {@code origin} when the machine's wall clock reads {@code wallAnchor} and
   * runs on from the wall clock, so a step of that (a bad time sync, or {@code faketime}) steps
   * this one {@code speed} times as far; its steady time (cooldowns, watchdogs) is the monotonic
   * timer's from {@code anchorNanos}, which no step moves.
   */
  public static CompressedClock followingTheWallClock(Instant origin, Instant wallAnchor, long anchorNanos,
      double speed) {
    return new CompressedClock(origin, speed, System::nanoTime, anchorNanos, Instant::now, wallAnchor);
  }

  CompressedClock(Instant origin, double speed, LongSupplier nanoTime, Instant wallNow, Instant anchor) {
    this(origin, speed, nanoTime, nanoTime.getAsLong() - Duration.between(anchor, wallNow).toNanos());
  }

  CompressedClock(Instant origin, double speed, LongSupplier nanoTime, long anchorNanos) {
    this(origin, speed, nanoTime, anchorNanos, null, null);
  }

  CompressedClock(Instant origin, double speed, LongSupplier nanoTime, long anchorNanos, Supplier<Instant> wall,
      Instant wallAnchor) {
    if (!(speed >= 1)) {
      throw new IllegalArgumentException("speed must be 1 or more, was " + speed);
    }
    this.origin = origin;
    this.speed = speed;
    this.nanoTime = nanoTime;
    this.anchorNanos = anchorNanos;
    this.wall = wall;
    this.wallAnchor = wallAnchor;
  }

  public double speed() {
    return speed;
  }

  @Override
  public Instant instant() {
    long realNanos = wall == null ? nanoTime.getAsLong() - anchorNanos
        : Duration.between(wallAnchor, wall.get()).toNanos();
    return origin.plusNanos(Math.round(realNanos * speed));
  }

  /** Simulated nanoseconds since the anchor, counted on the monotonic timer. */
  @Override
  public long nanos() {
    return Math.round((nanoTime.getAsLong() - anchorNanos) * speed);
  }
}
