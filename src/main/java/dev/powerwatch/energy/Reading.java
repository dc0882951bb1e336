package dev.powerwatch.energy;

import dev.powerwatch.tibber.Measurement;
import java.time.Instant;

/**
 * What the energy arithmetic needs of one live measurement: the meter's timestamp, the power in W
 * and Tibber's {@code accumulatedConsumption} (kWh since local midnight).
 */
public record Reading(Instant at, double powerW, double accumulatedKWh) {

  public Reading {
    if (!Double.isFinite(powerW) || !Double.isFinite(accumulatedKWh)) {
      throw new IllegalArgumentException("a reading needs finite numbers: " + powerW + " W, " + accumulatedKWh + " kWh");
    }
  }

  public static Reading of(Measurement m) {
    return new Reading(m.timestamp().toInstant(), m.power(), m.accumulatedConsumption());
  }
}
