package dev.powerwatch.soak;

import java.time.Duration;
import java.time.Instant;

/**
 * The soak's real time: the wall clock as it read when the run began, carried on by the machine's
 * monotonic clock, which the simulator and every daemon started during the run anchor on too. A
 * step of the machine's wall clock during a run then moves no process off the run's timeline.
 */
final class RealTime {
  private static final Instant START_WALL = Instant.now();
  private static final long START_NANOS = System.nanoTime();

  private RealTime() {
  }

  static Instant now() {
    return START_WALL.plusNanos(System.nanoTime() - START_NANOS);
  }

  /** What {@link System#nanoTime()} reads at {@code moment} of this real time. */
  static long nanoTimeAt(Instant moment) {
    return START_NANOS + Duration.between(START_WALL, moment).toNanos();
  }
}
