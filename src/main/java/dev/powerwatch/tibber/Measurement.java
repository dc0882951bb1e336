package dev.powerwatch.tibber;

import java.time.OffsetDateTime;

/**
 * One {@code liveMeasurement} from a home's meter. Boxed fields are the ones Tibber's schema makes
 * nullable: they are {@code null} when the meter did not send them in this frame.
 */
public record Measurement(
    String homeId,
    OffsetDateTime timestamp,
    double power,
    double accumulatedConsumption,
    double accumulatedConsumptionLastHour,
    double accumulatedProduction,
    double accumulatedProductionLastHour,
    double minPower,
    double averagePower,
    double maxPower,
    Double lastMeterConsumption,
    Double lastMeterProduction,
    Double accumulatedCost,
    Double accumulatedReward,
    String currency,
    Double powerProduction,
    Double minPowerProduction,
    Double maxPowerProduction,
    Double powerReactive,
    Double powerProductionReactive,
    Double powerFactor,
    Double voltagePhase1,
    Double voltagePhase2,
    Double voltagePhase3,
    Double currentL1,
    Double currentL2,
    Double currentL3,
    Integer signalStrength) {

  /** The selection set powerwatch subscribes to: every field of the record above. */
  public static final String FIELDS =
      "timestamp power accumulatedConsumption accumulatedConsumptionLastHour accumulatedProduction"
          + " accumulatedProductionLastHour minPower averagePower maxPower lastMeterConsumption"
          + " lastMeterProduction accumulatedCost accumulatedReward currency powerProduction"
          + " minPowerProduction maxPowerProduction powerReactive powerProductionReactive powerFactor"
          + " voltagePhase1 voltagePhase2 voltagePhase3 currentL1 currentL2 currentL3 signalStrength";
}
