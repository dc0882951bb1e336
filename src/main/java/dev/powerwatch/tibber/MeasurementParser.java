package dev.powerwatch.tibber;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Turns the {@code liveMeasurement} object of a {@code next} payload into a {@link Measurement}. */
public final class MeasurementParser {
  private MeasurementParser() {}

  public static Measurement parse(String homeId, JsonNode m) throws MalformedFrameException {
    if (m == null || !m.isObject()) {
      throw new MalformedFrameException("liveMeasurement is not an object");
    }
    return new Measurement(
        homeId,
        timestamp(m),
        required(m, "power"),
        required(m, "accumulatedConsumption"),
        required(m, "accumulatedConsumptionLastHour"),
        required(m, "accumulatedProduction"),
        required(m, "accumulatedProductionLastHour"),
        required(m, "minPower"),
        required(m, "averagePower"),
        required(m, "maxPower"),
        optional(m, "lastMeterConsumption"),
        optional(m, "lastMeterProduction"),
        optional(m, "accumulatedCost"),
        optional(m, "accumulatedReward"),
        optionalText(m, "currency"),
        optional(m, "powerProduction"),
        optional(m, "minPowerProduction"),
        optional(m, "maxPowerProduction"),
        optional(m, "powerReactive"),
        optional(m, "powerProductionReactive"),
        optional(m, "powerFactor"),
        optional(m, "voltagePhase1"),
        optional(m, "voltagePhase2"),
        optional(m, "voltagePhase3"),
        optional(m, "currentL1"),
        optional(m, "currentL2"),
        optional(m, "currentL3"),
        optionalInt(m, "signalStrength"));
  }

  private static OffsetDateTime timestamp(JsonNode m) throws MalformedFrameException {
    JsonNode node = m.get("timestamp");
    if (node == null || !node.isTextual()) {
      throw new MalformedFrameException("liveMeasurement.timestamp is missing or not a string");
    }
    try {
      return OffsetDateTime.parse(node.textValue());
    } catch (DateTimeParseException e) {
      throw new MalformedFrameException(
          "liveMeasurement.timestamp '" + node.textValue() + "' is not ISO-8601 with an offset");
    }
  }

  private static double required(JsonNode m, String field) throws MalformedFrameException {
    Double value = optional(m, field);
    if (value == null) {
      throw new MalformedFrameException("liveMeasurement." + field + " is missing or null");
    }
    return value;
  }

  private static Double optional(JsonNode m, String field) throws MalformedFrameException {
    JsonNode node = m.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isNumber()) {
      throw new MalformedFrameException("liveMeasurement." + field + " is not a number: " + node);
    }
    return node.doubleValue();
  }

  private static Integer optionalInt(JsonNode m, String field) throws MalformedFrameException {
    Double value = optional(m, field);
    return value == null ? null : (int) Math.round(value);
  }

  private static String optionalText(JsonNode m, String field) throws MalformedFrameException {
    JsonNode node = m.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new MalformedFrameException("liveMeasurement." + field + " is not a string: " + node);
    }
    return node.textValue();
  }
}
