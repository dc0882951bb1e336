package dev.powerwatch.tibber;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

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

  private static final Map<String, Function<Measurement, Double>> NUMERIC = numericFields();

  /** Names of the numeric fields a rule may watch. */
  public static Set<String> numericFieldNames() {
    return NUMERIC.keySet();
  }

  /** The value of a numeric field by its Tibber name, or {@code null} when this frame lacks it. */
  public Double numeric(String field) {
    Function<Measurement, Double> getter = NUMERIC.get(field);
    if (getter == null) {
      throw new IllegalArgumentException("no numeric field '" + field + "'");
    }
    return getter.apply(this);
  }

  private static Map<String, Function<Measurement, Double>> numericFields() {
    Map<String, Function<Measurement, Double>> f = new LinkedHashMap<>();
    f.put("power", Measurement::power);
    f.put("accumulatedConsumption", Measurement::accumulatedConsumption);
    f.put("accumulatedConsumptionLastHour", Measurement::accumulatedConsumptionLastHour);
    f.put("accumulatedProduction", Measurement::accumulatedProduction);
    f.put("accumulatedProductionLastHour", Measurement::accumulatedProductionLastHour);
    f.put("minPower", Measurement::minPower);
    f.put("averagePower", Measurement::averagePower);
    f.put("maxPower", Measurement::maxPower);
    f.put("lastMeterConsumption", Measurement::lastMeterConsumption);
    f.put("lastMeterProduction", Measurement::lastMeterProduction);
    f.put("accumulatedCost", Measurement::accumulatedCost);
    f.put("accumulatedReward", Measurement::accumulatedReward);
    f.put("powerProduction", Measurement::powerProduction);
    f.put("minPowerProduction", Measurement::minPowerProduction);
    f.put("maxPowerProduction", Measurement::maxPowerProduction);
    f.put("powerReactive", Measurement::powerReactive);
    f.put("powerProductionReactive", Measurement::powerProductionReactive);
    f.put("powerFactor", Measurement::powerFactor);
    f.put("voltagePhase1", Measurement::voltagePhase1);
    f.put("voltagePhase2", Measurement::voltagePhase2);
    f.put("voltagePhase3", Measurement::voltagePhase3);
    f.put("currentL1", Measurement::currentL1);
    f.put("currentL2", Measurement::currentL2);
    f.put("currentL3", Measurement::currentL3);
    f.put("signalStrength", m -> m.signalStrength() == null ? null : m.signalStrength().doubleValue());
    return java.util.Collections.unmodifiableMap(f);
  }
}
