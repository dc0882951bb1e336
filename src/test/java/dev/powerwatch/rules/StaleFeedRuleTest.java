package dev.powerwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StaleFeedRuleTest {
  private static final Instant LAST = Instant.parse("2026-11-22T12:00:00Z");
  private final StaleFeedRule rule = new StaleFeedRule(
      RuleFixtures.spec("stale", Duration.ZERO, Duration.ofMinutes(30), List.of()), Duration.ofMinutes(10));

  @Test
  void quietForLessThanAfterGivesNoVerdict() {
    assertEquals(Optional.empty(), rule.onTick(LAST.plusSeconds(599), LAST, false));
  }

  @Test
  void quietForAfterIsActiveWithTheMinutes() {
    Verdict v = rule.onTick(LAST.plus(Duration.ofMinutes(12)), LAST, false).orElseThrow();
    assertTrue(v.active());
    assertEquals("12", v.values().get("minutes"));
  }

  @Test
  void aMeasurementClearsIt() {
    assertFalse(rule.onMeasurement(RuleFixtures.measurement("h", RuleFixtures.T0, 1), true).orElseThrow().active());
  }
}
