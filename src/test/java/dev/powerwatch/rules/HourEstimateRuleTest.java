package dev.powerwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.powerwatch.support.Template;
import dev.powerwatch.support.Json;
import dev.powerwatch.support.SettingsException;
import dev.powerwatch.tibber.Home;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The hour-estimate rule on a scripted hour, readings every 30 s on the meter's clock (Oslo, 13:00). */
class HourEstimateRuleTest {
  private static final Home HOME = new Home("h1", "House", "Europe/Oslo", true);
  private static final OffsetDateTime HOUR = OffsetDateTime.parse("2026-11-23T13:00:00+01:00");

  private static Rule rule(String keys) {
    return rule("en", keys);
  }

  private static Rule rule(String language, String keys) {
    return new RuleLoader().load(ConfigFactory.parseString("language = " + language
        + ", rules = [{ name = hour, type = hour-estimate, " + keys + " }]")).get(0)
        .forHome(HOME, new RuleContext(Path.of("unused"), Json.mapper(), Runnable::run, RuleContext.HourlyHistory.none()));
  }

  private record Step(int second, boolean active, Map<String, String> values) {}

  /** 3 kW for 20 minutes, then 9 kW, meter energy integrated as a meter would; the verdicts in order. */
  private static List<Step> play(Rule rule, int untilSecond) {
    List<Step> steps = new java.util.ArrayList<>();
    double kWh = 10.0;
    boolean firing = false;
    for (int s = 0; s <= untilSecond; s += 30) {
      double watts = s <= 20 * 60 ? 3000 : 9000;
      if (s > 0) {
        kWh += watts * 30 / 3_600_000.0;
      }
      Optional<Verdict> verdict = rule.onMeasurement(RuleFixtures.measurement("h1", HOUR.plusSeconds(s), watts, kWh),
          firing);
      if (verdict.isPresent()) {
        firing = verdict.get().active();
        steps.add(new Step(s, firing, firing ? verdict.get().values() : Map.of()));
      }
    }
    return steps;
  }

  @Test
  void warnsWhileThereIsTimeToActAndNamesTheCut() {
    List<Step> steps = play(rule("limit = 5"), 60 * 60 - 30);
    Step first = steps.stream().filter(Step::active).findFirst().orElseThrow();
    // Minute 22.5: E = 20 x 0.05 + 2.5 x 0.15 = 1.375 kWh; the last 5 minutes average
    // (2.5 x 3 + 2.5 x 9) / 5 = 6 kW, so the estimate is 1.375 + 6 x 37.5/60 = 5.125 > 5.
    // At minute 22 it was 1.3 + 5.4 x 38/60 = 4.72. The cut: 9 - (5 - 1.375) / (37.5/60) = 3.2 kW.
    assertEquals(22 * 60 + 30, first.second());
    assertEquals("5.1", first.values().get("estimate"));
    assertEquals("3.2", first.values().get("reduce"));
    assertEquals("37", first.values().get("minutesLeft"));
    assertTrue(steps.stream().filter(s -> s.second() > first.second()).allMatch(Step::active),
        "it holds until the hour ends");
  }

  @Test
  void theNextHourResolvesIt() {
    Rule rule = rule("limit = 5");
    play(rule, 60 * 60 - 30);
    Optional<Verdict> nextHour = rule.onMeasurement(
        RuleFixtures.measurement("h1", HOUR.plusMinutes(60), 9000, 10 + 1 + 40 * 0.15), true);
    assertFalse(nextHour.orElseThrow().active());
    // The resolved notice speaks of the hour that ended: 1 + 40 x 0.15 = 7 kWh.
    assertEquals("7.0", nextHour.orElseThrow().values().get("energy"));
  }

  @Test
  void anAlertRestoredAfterARestartHoldsToTheEndOfTheHourItFiredInAndNoFurther() {
    // A fresh instance, as after a restart, whose first reading (13:40, 500 W) would not fire.
    Rule restoredThisHour = rule("limit = 5");
    restoredThisHour.restoreFiring(HOUR.plusMinutes(22).toInstant());
    assertTrue(restoredThisHour.onMeasurement(RuleFixtures.measurement("h1", HOUR.plusMinutes(40), 500, 12), true)
        .orElseThrow().active(), "the hour it fired in is not over");

    Rule restoredLastHour = rule("limit = 5");
    restoredLastHour.restoreFiring(HOUR.minusMinutes(20).toInstant());
    assertFalse(restoredLastHour.onMeasurement(RuleFixtures.measurement("h1", HOUR.plusMinutes(40), 500, 12), true)
        .orElseThrow().active(), "the hour it fired in is over");
  }

  @Test
  void anHourThatEndsWithNoReadingOfTheNextEndsItsAlertOnTheMetersClockAndFiresNoMore() {
    Rule rule = rule("limit = 5");
    play(rule, 59 * 60 + 30);
    Instant arrived = Instant.parse("2026-12-04T08:00:00Z");
    // The last reading, 13:59:30 on the meter, arrived at 08:00:00 on the daemon's clock (a clock of its own).
    assertEquals(Optional.empty(), rule.onTick(arrived.plusSeconds(29), arrived, true), "13:59:59 on the meter");
    assertFalse(rule.onTick(arrived.plusSeconds(30), arrived, true).orElseThrow().active(), "14:00:00 on the meter");
    Optional<Verdict> late = rule.onMeasurement(RuleFixtures.measurement("h1", HOUR.plusSeconds(59 * 60 + 45), 9000,
        10 + 1 + 39.75 * 0.15), false);
    assertFalse(late.orElseThrow().active(), "a late reading of the hour brings no second warning of it");
  }

  @Test
  void notBeforeHoldsEarlyWarningsBack() {
    // At 9 kW from minute 20 the estimate passes 5 kWh at 22.5; with not-before = 30m it waits:
    // at minute 30, E = 1 + 10 x 0.15 = 2.5, the estimate 2.5 + 9 x 30/60 = 7 and the cut 9 - 2.5/0.5 = 4.
    Step first = play(rule("limit = 5, not-before = 30m"), 60 * 60 - 30).stream().filter(Step::active)
        .findFirst().orElseThrow();
    assertEquals(30 * 60, first.second());
    assertEquals("4.0", first.values().get("reduce"));
  }

  @Test
  void aLimitTheHourStaysUnderNeverFires() {
    // 1 + 40 x 0.15 = 7 kWh at most.
    assertTrue(play(rule("limit = 7.5"), 60 * 60 - 30).stream().noneMatch(Step::active));
  }

  @Test
  void itsDefaultsAreOneWarningPerHourAndNoResolvedNotice() {
    RuleSpec spec = rule("limit = 5").spec();
    assertEquals(java.time.Duration.ofHours(1), spec.cooldown());
    assertFalse(spec.sendResolved());
    assertTrue(spec.message().contains("{reduce} kW"), spec.message());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "en | This hour heads for 12.0 kWh — switch off 7.5 kW for the next 56 min to stay under 5 kWh. (estimate uncertain: no earlier reading)",
      "nb | Denne timen går mot 12.0 kWh – slå av 7.5 kW de neste 56 minuttene for å holde deg under 5 kWh. (usikkert anslag: ingen tidligere måling)",
      "sv | Den här timmen går mot 12.0 kWh – stäng av 7.5 kW de närmaste 56 minuterna för att hålla dig under 5 kWh. (osäker uppskattning: ingen tidigare mätning)"})
  void theWarningAndItsDoubtInEachLanguage(String language, String expected) {
    Rule rule = rule(language, "limit = 5, not-before = 3m");
    // The first reading comes at 13:04 with 12 kW, too early in the hour to trust Tibber's count of
    // it: the 4 minutes before count 12 x 4/60 = 0.8 kWh, a guess; the estimate is
    // 0.8 + 12 x 56/60 = 12 kWh and the cut 12 - (5 - 0.8) / (56/60) = 7.5 kW.
    Verdict verdict = rule.onMeasurement(RuleFixtures.measurement("h1", HOUR.plusMinutes(4), 12_000, 10), false)
        .orElseThrow();
    assertTrue(verdict.active());
    assertEquals(expected, Template.render(rule.spec().message(), verdict.values()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "no limit         | interval = 60m                    | rules[0].limit: is missing",
      "zero limit       | limit = 0                         | rules[0].limit: must be more than 0 kWh",
      "odd interval     | limit = 5, interval = 30m         | rules[0].interval: must be 60m or 15m",
      "late not-before  | limit = 5, not-before = 60m       | rules[0].not-before: must be shorter than the interval",
      "typo             | limit = 5, not-befor = 5m         | rules[0].not-befor: unknown key — did you mean not-before?"})
  void badSettingsNameTheirKey(String name, String keys, String expected) {
    SettingsException e = assertThrows(SettingsException.class, () -> rule(keys));
    assertTrue(e.getMessage().startsWith("powerwatch." + expected.trim()), e.getMessage());
  }

  @Test
  void aRestartInTheMiddleOfTheHourStartsFromTibbersCountOfIt() {
    Rule before = rule("limit = 5");
    play(before, 30 * 60);
    // A restart at 13:30: the new instance's first reading carries Tibber's accumulatedConsumptionLastHour,
    // 1 + 10 x 0.15 = 2.5 kWh, which it takes instead of guessing 30 min x 9 kW = 4.5 kWh.
    Rule after = rule("limit = 5");
    Verdict verdict = after.onMeasurement(RuleFixtures.measurement("h1", HOUR.plusMinutes(30).plusSeconds(30), 9000,
        17.575, 2.575), false).orElseThrow();
    // Minute 30.5: the estimate 2.575 + 9 x 29.5/60 = 7.0 kWh, no doubt; the cut 9 - 2.425/(29.5/60) = 4.1 kW.
    assertTrue(verdict.active());
    assertEquals("7.0", verdict.values().get("estimate"));
    assertEquals("4.1", verdict.values().get("reduce"));
    assertEquals("", verdict.values().get("confidence"));
  }
}
