package dev.powerwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.powerwatch.support.SettingsException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleLoaderTest {
  private static List<Rule> load(String rules) {
    return new RuleLoader().load(ConfigFactory.parseString("rules = [" + rules + "]"));
  }

  @Test
  void everyTypeIsFoundWithoutASwitch() {
    assertEquals(java.util.Set.of("capacity-step", "hour-estimate", "stale-feed", "threshold"), new RuleLoader().types());
  }

  @Test
  void aFullThresholdRule() {
    Rule rule = load("""
        { name = high-power, type = threshold, field = power, above = 8000, clear = 7000, for = 30s,
          cooldown = 10m, severity = critical, homes = [h1], quiet-hours = ["22:00-07:00"], screen = home,
          title = "Power {value} W", resolved = false, channels = [tibber] }""").get(0);
    RuleSpec s = rule.spec();
    assertInstanceOf(ThresholdRule.class, rule);
    assertEquals("high-power", s.name());
    assertEquals(Severity.CRITICAL, s.severity());
    assertEquals(Duration.ofSeconds(30), s.pendingFor());
    assertEquals(Duration.ofMinutes(10), s.cooldown());
    assertEquals(List.of("h1"), s.homes());
    assertEquals(List.of(QuietHours.parse("22:00-07:00")), s.quietHours());
    assertEquals("HOME", s.screenToOpen());
    assertEquals("Power {value} W", s.title());
    assertEquals(false, s.sendResolved());
    assertEquals(List.of("tibber"), s.channels());
  }

  @Test
  void defaults() {
    RuleSpec s = load("{ name = silent, type = stale-feed, after = 10m }").get(0).spec();
    assertEquals(Duration.ofMinutes(5), s.cooldown());
    assertEquals(Duration.ZERO, s.pendingFor());
    assertEquals(Severity.WARNING, s.severity());
    assertTrue(s.sendResolved());
    assertEquals("CONSUMPTION", s.screenToOpen());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown type          | { name = a, type = spike }                          | rules[0].type: unknown rule type 'spike'; known here: capacity-step, hour-estimate, stale-feed, threshold",
      "no name               | { type = threshold, above = 1 }                     | rules[0].name: is missing",
      "bad name              | { name = \"a b\", type = threshold, above = 1 }     | rules[0].name: 'a b' may hold only",
      "duplicate name        | { name = a, type = threshold, above = 1 }, { name = a, type = stale-feed, after = 1m } | rules[1].name: 'a' is used by two rules",
      "not a field           | { name = a, type = threshold, field = watts, above = 1 } | rules[0].field: 'watts' is not a numeric",
      "above and below       | { name = a, type = threshold, above = 1, below = 2 } | rules[0].above: set exactly one",
      "neither               | { name = a, type = threshold }                      | rules[0].above: set exactly one",
      "clear above limit     | { name = a, type = threshold, above = 8000, clear = 9000 } | rules[0].clear: must be at most above",
      "clear below limit     | { name = a, type = threshold, below = 207, clear = 200 } | rules[0].clear: must be at least below",
      "bad cooldown          | { name = a, type = threshold, above = 1, cooldown = often } | rules[0].cooldown: must be a duration",
      "zero cooldown         | { name = a, type = threshold, above = 1, cooldown = 0s } | rules[0].cooldown: must be greater than zero",
      "bad severity          | { name = a, type = threshold, above = 1, severity = loud } | rules[0].severity: 'loud' is not one of",
      "bad screen            | { name = a, type = threshold, above = 1, screen = SETTINGS } | rules[0].screen: 'SETTINGS' is not a Tibber app screen",
      "bad quiet hours       | { name = a, type = threshold, above = 1, quiet-hours = [\"night\"] } | rules[0].quiet-hours: 'night' is not a window",
      "unknown placeholder   | { name = a, type = threshold, above = 1, message = \"{watts} W\" } | rules[0].message: unknown placeholder {watts}",
      "stale without after   | { name = a, type = stale-feed }                     | rules[0].after: is missing"})
  void problemsNameTheirKey(String name, String rules, String expected) {
    SettingsException e = assertThrows(SettingsException.class, () -> load(rules));
    assertTrue(e.getMessage().startsWith("powerwatch." + expected.trim()), e.getMessage());
  }
}
