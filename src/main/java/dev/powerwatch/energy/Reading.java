package dev.powerwatch.energy;

import dev.powerwatch.tibber.Measurement;
import java.time.Instant;

/**
 * What the energy arithmetic needs of one live measurement: the meter's timestamp, the power in W,
 * Tibber's {@code accumulatedConsumption} (kWh since local midnight) and, when known, its
 * {@code accumulatedConsumptionLastHour} (kWh since the hour began), which only a tracker that
 * starts in the middle of an hour uses.
 */
public record Reading(Instant at, double powerW, double accumulatedKWh, Double hourSoFarKWh) {

  public Reading(Instant at, double powerW, double accumulatedKWh) {
    this(at, powerW, accumulatedKWh, null);
  }

  public Reading {
    if (!Double.isFinite(powerW) || !Double.isFinite(accumulatedKWh)) {
      throw new IllegalArgumentException("a reading needs finite numbers: " + powerW + " W, " + accumulatedKWh + " kWh");
    }
  }

  public static Reading of(Measurement m) {
    return new Reading(m.timestamp().toInstant(), m.power(), m.accumulatedConsumption(),
        m.accumulatedConsumptionLastHour());
  }
}
