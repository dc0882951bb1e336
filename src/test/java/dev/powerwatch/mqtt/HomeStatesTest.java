package dev.powerwatch.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.powerwatch.debounce.AlertKey;
import dev.powerwatch.debounce.AlertRecord;
import dev.powerwatch.debounce.Silence;
import dev.powerwatch.energy.Peak;
import dev.powerwatch.feed.FeedStatus;
import dev.powerwatch.rules.EnergyStatus;
import dev.powerwatch.rules.RuleSpec;
import dev.powerwatch.rules.RuleFixtures;
import dev.powerwatch.status.Snapshot;
import dev.powerwatch.support.Json;
import dev.powerwatch.tibber.Home;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A home's state topics from the daemon's status, as pure function: what Home Assistant reads. */
class HomeStatesTest {
  private static final Instant NOW = Instant.parse("2026-12-02T12:30:00Z");
  private static final Home HOME = new Home("h1", "House", "Europe/Oslo", true);
  private static final Topics TOPICS = new Topics("powerwatch", "homeassistant");
  private final HomeStates states = new HomeStates(TOPICS, Json.mapper());

  private static Snapshot snapshot(FeedStatus.State feed, Map<AlertKey, AlertRecord> alerts, List<Silence> silences,
      List<EnergyStatus> energy) {
    FeedStatus status = new FeedStatus(feed, "", null, 1, 0, List.of("h1"), NOW);
    return new Snapshot(List.of(HOME), Map.of(), Optional.empty(), Optional.of(status), alerts, silences,
        Optional.empty(), List.of(), Map.of(), Map.of("h1", energy), Optional.empty());
  }

  private static EnergyStatus capacity(double headroomKWh) {
    List<Peak> peaks = List.of(new Peak(LocalDate.of(2026, 12, 1), Instant.parse("2026-12-01T17:00:00Z"), 6.25));
    return new EnergyStatus("cap", Instant.parse("2026-12-02T12:00:00Z"), Instant.parse("2026-12-02T13:00:00Z"),
        2.5, 7.0, true, 1.25, Optional.of(new EnergyStatus.Capacity(peaks, 6.25, "5-10 kW", 415, "NOK",
            headroomKWh)));
  }

  @Test
  void aCapacityRulePublishesItsIntervalItsMonthAndWhatToSwitchOff() throws Exception {
    RuleSpec rule = RuleFixtures.spec("cap", Duration.ZERO, Duration.ofMinutes(5), List.of());
    Map<String, String> out = states.of(HOME, List.of(rule), snapshot(FeedStatus.State.LIVE,
        Map.of(new AlertKey("h1", "cap"), new AlertRecord(true, NOW, NOW, true, false, Map.of(), null)), List.of(),
        List.of(capacity(3.4567))), new PowerAverage.Window(2300, 2150.5), NOW);
    assertEquals("2300", out.get("powerwatch/h1/power"));
    assertEquals("2150.5", out.get("powerwatch/h1/power_average"));
    assertEquals("ON", out.get("powerwatch/h1/feed"));
    assertEquals("OFF", out.get("powerwatch/h1/muted"));
    assertEquals("ON", out.get("powerwatch/h1/cap/alert"));
    assertEquals("2.5", out.get("powerwatch/h1/cap/energy"));
    assertEquals("7", out.get("powerwatch/h1/cap/estimate"));
    assertEquals("1.25", out.get("powerwatch/h1/cap/reduce"));
    assertEquals("3.457", out.get("powerwatch/h1/cap/headroom"));
    assertEquals("6.25", out.get("powerwatch/h1/cap/month_peak"));
    assertEquals("5-10 kW", out.get("powerwatch/h1/cap/step"));
    JsonNode peaks = Json.mapper().readTree(out.get("powerwatch/h1/cap/peaks"));
    assertEquals("2026-12-01", peaks.get("peaks").get(0).get("day").asText());
    assertEquals(415, peaks.get("fee").asInt());
  }

  @Test
  void theTopStepHasNoHeadroomAndAQuietFeedIsOff() {
    Map<String, String> out = states.of(HOME, List.of(), snapshot(FeedStatus.State.BACKING_OFF, Map.of(), List.of(),
        List.of(capacity(Double.POSITIVE_INFINITY))), null, NOW);
    assertEquals("None", out.get("powerwatch/h1/cap/headroom"), "Home Assistant reads None as unknown");
    assertEquals("OFF", out.get("powerwatch/h1/feed"));
    assertEquals(null, out.get("powerwatch/h1/power"), "no reading since the last publish: nothing to say");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "every home, now         |      | 0    | 3600 | ON",
      "this home, now          | h1   | 0    | 3600 | ON",
      "another home            | h2   | 0    | 3600 | OFF",
      "this home, later        | h1   | 600  | 3600 | OFF",
      "this home, ended        | h1   | -600 | -1   | OFF"})
  void mutedWhileASilenceOfTheHomeIsInForce(String name, String home, long startsIn, long endsIn, String muted) {
    Silence silence = new Silence("s1", home, null, NOW.plusSeconds(startsIn), NOW.plusSeconds(endsIn), "test", "");
    Map<String, String> out = states.of(HOME, List.of(), snapshot(FeedStatus.State.LIVE, Map.of(), List.of(silence),
        List.of()), null, NOW);
    assertEquals(muted, out.get("powerwatch/h1/muted"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"1234.56789, 1234.568", "3.0, 3", "0.0004, 0", "-2.5, -2.5", "1e7, 10000000", "NaN, None"})
  void numbersAreShortAndPlain(double value, String text) {
    assertEquals(text, HomeStates.number(value));
  }
}
