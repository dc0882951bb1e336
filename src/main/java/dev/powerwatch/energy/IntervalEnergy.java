package dev.powerwatch.energy;

import java.time.Instant;
import java.util.Set;

/**
 * A finished interval's energy, as the tracker hands it over once: {@code [start, end)}, the kWh
 * used in it, and the doubts that make it less than certain. A plain record a caller can store.
 */
public record IntervalEnergy(Instant start, Instant end, double kWh, Set<Doubt> doubts) {

  public IntervalEnergy {
    doubts = Doubt.frozen(doubts);
  }

  public Interval interval() {
    return new Interval(start, end);
  }

  public boolean confident() {
    return doubts.isEmpty();
  }
}
