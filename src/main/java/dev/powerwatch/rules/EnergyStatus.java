package dev.powerwatch.rules;

import dev.powerwatch.energy.Peak;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an energy rule knows of one home now, for /api/state and the dashboard: the running
 * interval with its estimate, and for a capacity tariff the month's counted peaks, step and headroom.
 *
 * @param reduceKw how much less the home must draw for the rest of the interval to stay within its
 *     limit (0 when it already does)
 */
public record EnergyStatus(
    String rule,
    Instant intervalStart,
    Instant intervalEnd,
    double energyKWh,
    double estimateKWh,
    boolean confident,
    double reduceKw,
    Optional<Capacity> capacity) {

  /** The month as the tariff counts it; {@code headroomKWh} is infinite when the interval cannot cost more. */
  public record Capacity(List<Peak> counted, double monthKw, String step, double fee, String currency,
      double headroomKWh) {
    public Capacity {
      counted = List.copyOf(counted);
    }
  }
}
