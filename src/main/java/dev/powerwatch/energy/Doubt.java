package dev.powerwatch.energy;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** Why an interval's energy (or its estimate) is less certain than the counter would make it. */
public enum Doubt {
  /** The interval began before the first reading; the energy before it is that reading's power times the time. */
  NO_EARLIER_READING,
  /** Inside the interval, readings were further apart than the gap limit. */
  GAP,
  /** A reading older than the last one arrived; it was ignored. */
  OUT_OF_ORDER,
  /** {@code accumulatedConsumption} fell within a day (a correction or a glitch); that stretch is estimated from power. */
  COUNTER_WENT_BACK;

  /** An unmodifiable copy in the enum's order, so it prints the same every time. */
  static Set<Doubt> frozen(Set<Doubt> doubts) {
    EnumSet<Doubt> copy = EnumSet.noneOf(Doubt.class);
    copy.addAll(doubts);
    return Collections.unmodifiableSet(copy);
  }
}
