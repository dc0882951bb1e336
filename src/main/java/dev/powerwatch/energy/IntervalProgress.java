package dev.powerwatch.energy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The running interval as of the latest reading ({@code at}).
 *
 * <ul>
 *   <li>{@code energyKWh} — E, the energy used in the interval so far;
 *   <li>{@code averagePowerW} — P̄, the time-weighted average power over the tracker's window;
 *   <li>{@code lastMinutePowerW} — the time-weighted average power over the last minute;
 *   <li>{@link #estimateKWh()} — Ê = E + P̄ × time left;
 *   <li>{@link #reduceKw(double)} — how much to switch off to stay within a limit.
 * </ul>
 */
public record IntervalProgress(
    Interval interval, Instant at, double energyKWh, double averagePowerW, double lastMinutePowerW,
    Set<Doubt> doubts) {

  /** Below this, "time left" would ask for an impossible cut in the interval's last moments. */
  public static final Duration MINIMUM_TIME_TO_ACT = Duration.ofMinutes(3);

  public IntervalProgress {
    doubts = Doubt.frozen(doubts);
  }

  public Duration left() {
    return Duration.between(at, interval.end());
  }

  /** Ê = E + P̄ × time left, in kWh. */
  public double estimateKWh() {
    return energyKWh + averagePowerW / 1000 * hours(left());
  }

  /**
   * The power in kW to switch off now so the interval stays within {@code limitKWh}: the power of
   * the last minute minus the average power the rest of the interval may still draw, (L − E) / T,
   * with T the time left but at least {@link #MINIMUM_TIME_TO_ACT}. Positive means "switch off
   * this much"; negative is room to spare.
   */
  public double reduceKw(double limitKWh) {
    Duration t = left().compareTo(MINIMUM_TIME_TO_ACT) < 0 ? MINIMUM_TIME_TO_ACT : left();
    return lastMinutePowerW / 1000 - (limitKWh - energyKWh) / hours(t);
  }

  public boolean confident() {
    return doubts.isEmpty();
  }

  static double hours(Duration d) {
    return d.toNanos() / 3_600_000_000_000.0;
  }
}
