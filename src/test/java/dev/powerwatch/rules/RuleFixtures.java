package dev.powerwatch.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.powerwatch.debounce.QuietHours;
import dev.powerwatch.notify.Severity;
import dev.powerwatch.support.Json;
import dev.powerwatch.tibber.Measurement;
import dev.powerwatch.tibber.MeasurementParser;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/** Measurements and rule specs for the pure tests. */
public final class RuleFixtures {
  public static final OffsetDateTime T0 = OffsetDateTime.parse("2026-11-22T12:00:00+01:00");

  private RuleFixtures() {}

  public static Measurement measurement(String home, OffsetDateTime at, double power) {
    return measurement(home, at, power, 1.0);
  }

  /** With the meter's energy since midnight, as the energy rules read it. */
  public static Measurement measurement(String home, OffsetDateTime at, double power, double accumulatedKWh) {
    return measurement(home, at, power, accumulatedKWh, 0.1);
  }

  /** With the meter's energy since midnight and since the hour began. */
  public static Measurement measurement(String home, OffsetDateTime at, double power, double accumulatedKWh,
      double hourSoFarKWh) {
    ObjectNode m = Json.mapper().createObjectNode()
        .put("timestamp", at.toString()).put("power", power)
        .put("accumulatedConsumption", accumulatedKWh).put("accumulatedConsumptionLastHour", hourSoFarKWh)
        .put("accumulatedProduction", 0.0).put("accumulatedProductionLastHour", 0.0)
        .put("minPower", 100.0).put("averagePower", 500.0).put("maxPower", 9000.0)
        .put("voltagePhase1", 231.0);
    m.putNull("currentL1");
    try {
      return MeasurementParser.parse(home, m);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static RuleSpec spec(String name, Duration pendingFor, Duration cooldown, List<QuietHours> quiet) {
    return new RuleSpec(name, "threshold", Severity.WARNING, List.of(), pendingFor, cooldown, true, true, quiet, Language.EN,
        "High power at {home}", "{home} draws {value} W since {since}", "Power normal at {home}",
        "{home} is back to {value} W at {time}", "CONSUMPTION", List.of());
  }
}
