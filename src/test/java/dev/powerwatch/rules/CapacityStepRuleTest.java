package dev.powerwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.powerwatch.energy.MonthPeaks;
import dev.powerwatch.energy.Peak;
import dev.powerwatch.energy.PeakHistory;
import dev.powerwatch.support.Json;
import dev.powerwatch.support.SettingsException;
import dev.powerwatch.tibber.Home;
import dev.powerwatch.tibber.HourlyConsumption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The capacity-step rule with Elvia's 2026 steps (NOK/month: 0-2: 150, 2-5: 250, 5-10: 420,
 * 10-15: 585, 15-20: 755, 20+: 925) in Oslo, readings every 30 s on the meter's clock.
 */
class CapacityStepRuleTest {
  private static final Home HOME = new Home("h1", "House", "Europe/Oslo", true);
  private static final String ELVIA = "{ name = effekt, type = capacity-step, currency = NOK, steps = ["
      + "{ up-to = 2, price = 150 }, { up-to = 5, price = 250 }, { up-to = 10, price = 420 },"
      + " { up-to = 15, price = 585 }, { up-to = 20, price = 755 }, { price = 925 }] }";
  /** Monday 23 November 2026, 13:00 in Oslo. */
  private static final OffsetDateTime HOUR = OffsetDateTime.parse("2026-11-23T13:00:00+01:00");

  @TempDir
  Path stateDir;

  private RuleContext context() {
    return new RuleContext(stateDir, Json.mapper(), Runnable::run, RuleContext.HourlyHistory.none());
  }

  private Rule rule(String hocon) {
    return new RuleLoader().load(ConfigFactory.parseString("rules = [" + hocon + "]")).get(0)
        .forHome(HOME, context());
  }

  /** The month so far, as the state file keeps it: tops of 5.0, 4.0 and 4.4 kW on 2, 3 and 4 November. */
  private void seedMonth() throws Exception {
    List<Peak> peaks = List.of(peak(2, 5.0), peak(3, 4.0), peak(4, 4.4));
    Files.createDirectories(stateDir.resolve("capacity"));
    Files.write(stateDir.resolve("capacity").resolve("h1.effekt.json"), Json.mapper().writeValueAsBytes(
        Map.of("month", new MonthPeaks(YearMonth.of(2026, 11), peaks), "history", PeakHistory.empty())));
  }

  private static Peak peak(int day, double kw) {
    return new Peak(LocalDate.of(2026, 11, day), Instant.parse("2026-11-0" + day + "T17:00:00Z"), kw);
  }

  private record Step(int second, boolean active, Map<String, String> values) {}

  /** An hour from {@code start}: 3 kW for 20 minutes, then 9 kW. */
  private static List<Step> playHour(Rule rule, OffsetDateTime start, double[] kWh) {
    List<Step> steps = new ArrayList<>();
    boolean firing = false;
    for (int s = 0; s < 3600; s += 30) {
      double watts = s <= 20 * 60 ? 3000 : 9000;
      kWh[0] += watts * 30 / 3_600_000.0;
      Optional<Verdict> verdict = rule.onMeasurement(RuleFixtures.measurement("h1", start.plusSeconds(s), watts,
          kWh[0]), firing);
      if (verdict.isPresent()) {
        firing = verdict.get().active();
        steps.add(new Step(s, firing, firing ? verdict.get().values() : Map.of()));
      }
    }
    return steps;
  }

  @Test
  void warnsInTheHourThatLiftsTheMonthIntoTheNextStepAndNotForASecondHourThatDay() throws Exception {
    seedMonth();
    Rule rule = rule(ELVIA);
    double[] kWh = {20.0};
    rule.onMeasurement(RuleFixtures.measurement("h1", HOUR.minusSeconds(30), 3000, kWh[0]), false);
    List<Step> first = playHour(rule, HOUR, kWh);
    Step warning = first.stream().filter(Step::active).findFirst().orElseThrow();
    // The month: (5.0 + 4.0 + 4.4) / 3 = 4.47 kW, step 2-5. The next step needs a sum of 15, so a
    // new day's top replacing the 4.0 may reach 15 - 5.0 - 4.4 = 5.6 kWh: the headroom.
    // Minute 23.5: E = 20 x 0.05 + 3.5 x 0.15 = 1.525 kWh, the last 5 minutes average
    // (1.5 x 3 + 3.5 x 9) / 5 = 7.2 kW, the estimate 1.525 + 7.2 x 36.5/60 = 5.905 > 5.6;
    // at minute 23 it was 1.45 + 6.6 x 37/60 = 5.52. The cut: 9 - (5.6 - 1.525) / (36.5/60) = 2.3 kW.
    // Ending at 5.905: (5.0 + 4.4 + 5.905) / 3 = 5.10 kW, step 5-10: 420 - 250 = 170 NOK more.
    assertEquals(23 * 60 + 30, warning.second());
    assertEquals(Map.of("estimate", "5.9", "headroom", "5.6", "reduce", "2.3", "minutesLeft", "36",
        "currentStep", "2-5 kW", "newStep", "5-10 kW", "average", "4.47", "newAverage", "5.10", "extra", "170 NOK"),
        warning.values());

    // The hour ends at 1 + 40 x 0.15 = 7 kWh: today's top. The month is now (5.0 + 4.4 + 7) / 3 =
    // 5.47 kW; another 7 kWh hour today replaces nothing and the next step (sum 30) is far away.
    List<Step> second = playHour(rule, HOUR.plusHours(1), kWh);
    assertTrue(second.stream().noneMatch(Step::active), "a second high hour on a day that already counts");
  }

  @Test
  void theMonthSurvivesARestart() throws Exception {
    double[] kWh = {20.0};
    Rule first = rule(ELVIA);
    first.onMeasurement(RuleFixtures.measurement("h1", HOUR.minusSeconds(30), 3000, kWh[0]), false);
    playHour(first, HOUR, kWh);
    kWh[0] += 9000 * 30 / 3_600_000.0;
    first.onMeasurement(RuleFixtures.measurement("h1", HOUR.plusHours(1), 9000, kWh[0]), false);
    // The hour, 1 + 40 x 0.15 = 7 kWh, is recorded and written; a new instance (a restart) reads it.
    Rule restarted = rule(ELVIA);
    Map<String, String> values = restarted.onMeasurement(
        RuleFixtures.measurement("h1", HOUR.plusHours(1).plusSeconds(30), 500, kWh[0] + 0.004), false)
        .orElseThrow().values();
    assertEquals("7.00", values.get("average"), "one day, 7 kWh: the month's value so far");
    assertEquals("5-10 kW", values.get("currentStep"));
  }

  @Test
  void aWarningRestoredAfterARestartHoldsToTheEndOfTheHourItFiredIn() throws Exception {
    seedMonth();
    Rule restarted = rule(ELVIA);
    restarted.restoreFiring(HOUR.plusMinutes(24).toInstant());
    assertTrue(restarted.onMeasurement(RuleFixtures.measurement("h1", HOUR.plusMinutes(40), 500, 20), true)
        .orElseThrow().active(), "13:40, 500 W: the hour it fired in is not over");
    assertFalse(restarted.onMeasurement(RuleFixtures.measurement("h1", HOUR.plusMinutes(60), 500, 20.2), true)
        .orElseThrow().active(), "14:00: it is");
  }

  @Test
  void aDamagedStateFileIsMovedAsideAndTheMonthStartsOver() throws Exception {
    Path file = Files.createDirectories(stateDir.resolve("capacity")).resolve("h1.effekt.json");
    Files.writeString(file, "{ not json");
    Rule rule = rule(ELVIA);
    Map<String, String> values = rule.onMeasurement(RuleFixtures.measurement("h1", HOUR, 500, 20), false)
        .orElseThrow().values();
    assertEquals("0.00", values.get("average"));
    try (var left = Files.list(file.getParent())) {
      assertTrue(left.anyMatch(p -> p.getFileName().toString().startsWith("h1.effekt.json.corrupt-")));
    }
  }

  @Test
  void itsDefaultsAreOneWarningPerHourAndNoResolvedNotice() {
    RuleSpec spec = rule(ELVIA).spec();
    assertEquals(java.time.Duration.ofHours(1), spec.cooldown());
    assertFalse(spec.sendResolved());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "no pricing        | { name = a, type = capacity-step }"
          + " | rules[0].steps: set exactly one of steps, tables and price-per-kw",
      "two pricings      | { name = a, type = capacity-step, price-per-kw = 81, steps = [{ price = 1 }] }"
          + " | rules[0].steps: set exactly one",
      "one step          | { name = a, type = capacity-step, steps = [{ price = 150 }] }"
          + " | rules[0].steps: must list at least two steps",
      "falling bounds    | { name = a, type = capacity-step, steps = [{ up-to = 5, price = 1 }, { up-to = 2, price = 2 }, { price = 3 }] }"
          + " | rules[0].steps[1].up-to: must be above the previous step's (5)",
      "closed top        | { name = a, type = capacity-step, steps = [{ up-to = 5, price = 1 }, { up-to = 9, price = 2 }] }"
          + " | rules[0].steps[1].up-to: the last step is open",
      "typo in a step    | { name = a, type = capacity-step, steps = [{ upto = 5, price = 1 }, { price = 2 }] }"
          + " | rules[0].steps[0].upto: unknown key — did you mean up-to?",
      "bad date          | { name = a, type = capacity-step, tables = [{ valid-from = july, steps = [{ up-to = 2, price = 1 }, { price = 2 }] }] }"
          + " | rules[0].tables[0].valid-from: must be a date such as 2026-07-01",
      "night alone       | { name = a, type = capacity-step, price-per-kw = 81, night-weight = 0.5 }"
          + " | rules[0].night-weight: set night-weight and night-hours together",
      "heavy night       | { name = a, type = capacity-step, price-per-kw = 81, night-weight = 2, night-hours = [\"22:00-06:00\"] }"
          + " | rules[0].night-weight: must be at most 1",
      "bad month         | { name = a, type = capacity-step, price-per-kw = 81, months = [brumaire] }"
          + " | rules[0].months: 'brumaire' is not a month",
      "no peaks          | { name = a, type = capacity-step, price-per-kw = 81, peaks = 0 }"
          + " | rules[0].peaks: must be at least 1"})
  void badTariffsNameTheirKey(String name, String hocon, String expected) {
    SettingsException e = assertThrows(SettingsException.class, () -> rule(hocon));
    assertTrue(e.getMessage().startsWith("powerwatch." + expected.trim()), e.getMessage());
  }

  /** Tibber's measured hours for November: the three peaks of the seeded month, the rest 1 kWh. */
  private static List<HourlyConsumption> novemberSoFar() {
    List<HourlyConsumption> hours = new ArrayList<>();
    Map<Instant, Double> peaks = Map.of(peak(2, 0).start(), 5.0, peak(3, 0).start(), 4.0, peak(4, 0).start(), 4.4);
    for (Instant h = Instant.parse("2026-10-31T23:00:00Z"); h.isBefore(HOUR.toInstant()); h = h.plusSeconds(3600)) {
      hours.add(new HourlyConsumption(h, h.plusSeconds(3600), peaks.getOrDefault(h, 1.0)));
    }
    return hours;
  }

  @Test
  void withoutTheMonthItWaitsForTibbersHoursThenWarnsAsWithTheFile() {
    Rule rule = rule(ELVIA);
    double[] kWh = {20.0};
    rule.onMeasurement(RuleFixtures.measurement("h1", HOUR.minusSeconds(30), 3000, kWh[0]), false);
    assertTrue(playHour(rule, HOUR.minusHours(1), new double[] {kWh[0]}).stream().noneMatch(Step::active),
        "no month known yet: no warning");
    rule = rule(ELVIA);
    rule.onHourlyHistory(novemberSoFar());
    rule.onMeasurement(RuleFixtures.measurement("h1", HOUR.minusSeconds(30), 3000, kWh[0]), false);
    Step warning = playHour(rule, HOUR, kWh).stream().filter(Step::active).findFirst().orElseThrow();
    assertEquals(23 * 60 + 30, warning.second(), "the same minute as with the month from the file");
    assertEquals("4.47", warning.values().get("average"));
  }

  @Test
  void aMeasuredHourReplacesWhatTheFeedEstimated() throws Exception {
    seedMonth();
    Rule rule = rule(ELVIA);
    double[] kWh = {20.0};
    rule.onMeasurement(RuleFixtures.measurement("h1", HOUR.minusSeconds(30), 3000, kWh[0]), false);
    playHour(rule, HOUR, kWh);
    // The feed made the 13:00 hour 6.925 kWh: (5.0 + 4.4 + 6.925) / 3 = 5.44. Tibber measured 6.1:
    // (5.0 + 4.4 + 6.1) / 3 = 5.17.
    rule.onHourlyHistory(List.of(new HourlyConsumption(HOUR.toInstant(), HOUR.plusHours(1).toInstant(), 6.1)));
    Map<String, String> values = rule.onMeasurement(
        RuleFixtures.measurement("h1", HOUR.plusHours(1).plusSeconds(30), 500, kWh[0] + 0.004), false)
        .orElseThrow().values();
    assertEquals("5.17", values.get("average"));
  }
}
