package dev.powerwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.powerwatch.debounce.QuietHours;
import dev.powerwatch.notify.Severity;
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

  @Test
  void withoutALanguageTheTextsAreEnglish() {
    RuleSpec s = load("{ name = silent, type = stale-feed, after = 10m }").get(0).spec();
    assertEquals(Language.EN, s.language());
    assertEquals("No live data from {home}", s.title());
    assertEquals("Resolved: No live data from {home}", s.resolvedTitle());
  }

  @Test
  void inNorwegianEachTypeGetsItsNorwegianTexts() {
    List<Rule> rules = new RuleLoader().load(ConfigFactory.parseString("""
        language = nb
        rules = [{ name = silent, type = stale-feed, after = 10m }, { name = hour, type = hour-estimate, limit = 5 }]
        """));
    RuleSpec silent = rules.get(0).spec();
    assertEquals("Ingen sanntidsdata fra {home}", silent.title());
    assertEquals("{home} har ikke sendt noen målinger på {minutes} min.", silent.message());
    assertEquals("Sanntidsdata fra {home} er tilbake", silent.resolvedTitle());
    assertEquals("{home} sender sanntidsdata igjen.", silent.resolvedMessage());
    assertEquals("Advarsel! Høyt forbruk – {home} går mot {estimate} kWh denne timen", rules.get(1).spec().title());
  }

  @Test
  void aRulesOwnTitleWinsAndIsKeptWhenResolved() {
    RuleSpec s = new RuleLoader().load(ConfigFactory.parseString("""
        language = nb
        rules = [{ name = high-power, type = threshold, above = 8000, title = "Høy effekt: {value} W" }]
        """)).get(0).spec();
    assertEquals("Høy effekt: {value} W", s.title());
    assertEquals("Løst: Høy effekt: {value} W", s.resolvedTitle());
    assertEquals("{home}: {field} er {value} {unit} (grense {threshold} {unit}) siden kl. {since}.", s.message());
  }

  @Test
  void anUnknownLanguageIsRefusedNamingTheKey() {
    SettingsException e = assertThrows(SettingsException.class,
        () -> new RuleLoader().load(ConfigFactory.parseString("language = no, rules = []")));
    assertEquals("powerwatch.language: 'no' is not one of [en, nb, sv]", e.getMessage());
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
