package dev.powerwatch.energy;

import java.time.Duration;
import java.time.Instant;

/**
 * One metering interval: {@code [start, end)} on the meter's time line. Made by {@link HomeTime},
 * which aligns it to the home's wall clock, so its length is the nominal one except where the
 * wall clock jumps by less than an interval inside it.
 */
public record Interval(Instant start, Instant end) {

  public Interval {
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("an interval must end after it starts: " + start + " - " + end);
    }
  }

  public boolean contains(Instant at) {
    return !at.isBefore(start) && at.isBefore(end);
  }

  public Duration length() {
    return Duration.between(start, end);
  }

  @Override
  public String toString() {
    return start + "/" + end;
  }
}
