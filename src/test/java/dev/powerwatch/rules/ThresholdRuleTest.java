package dev.powerwatch.rules;

import static dev.powerwatch.rules.RuleFixtures.T0;
import static dev.powerwatch.rules.RuleFixtures.measurement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThresholdRuleTest {
  private final RuleSpec spec = RuleFixtures.spec("high", Duration.ZERO, Duration.ofMinutes(5), List.of());
  private final ThresholdRule above = new ThresholdRule(spec, "power", true, 8000, 7000);
  private final ThresholdRule below = new ThresholdRule(spec, "voltagePhase1", false, 207, 210);

  @ParameterizedTest(name = "{0} W while firing={1} -> active={2}")
  @CsvSource({
      "7999, false, false",
      "8000, false, true",
      "9500, false, true",
      "7500, false, false",
      "7500, true, true",
      "7000, true, true",
      "6999, true, false",
      "9000, true, true"})
  void aboveWithHysteresis(double watts, boolean firing, boolean active) {
    assertEquals(active, above.onMeasurement(measurement("h", T0, watts), firing).orElseThrow().active());
  }

  @Test
  void belowWithHysteresisOnAnotherField() {
    assertTrue(!below.onMeasurement(measurement("h", T0, 1), false).orElseThrow().active());
    ThresholdRule low = new ThresholdRule(spec, "voltagePhase1", false, 232, 235);
    assertTrue(low.onMeasurement(measurement("h", T0, 1), false).orElseThrow().active());
  }

  @Test
  void aFieldTheFrameLacksGivesNoVerdict() {
    ThresholdRule current = new ThresholdRule(spec, "currentL1", true, 16, 15);
    assertEquals(Optional.empty(), current.onMeasurement(measurement("h", T0, 100), false));
  }

  @Test
  void theVerdictCarriesTheValuesForMessages() {
    Verdict v = above.onMeasurement(measurement("h", T0, 8123.5), false).orElseThrow();
    assertEquals("8123.50", v.values().get("value"));
    assertEquals("8000", v.values().get("threshold"));
    assertEquals("7000", v.values().get("clear"));
    assertEquals("W", v.values().get("unit"));
  }

  @Test
  void ticksGiveNoVerdict() {
    assertEquals(Optional.empty(), above.onTick(T0.toInstant(), T0.toInstant(), true));
  }
}
