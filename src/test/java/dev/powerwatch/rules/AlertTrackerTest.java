package dev.powerwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.powerwatch.debounce.AlertChange;
import dev.powerwatch.debounce.AlertKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pending/firing/resolved edges, as sequences of (second, active) verdicts. */
class AlertTrackerTest {
  private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");

  @ParameterizedTest(name = "for={0}s: {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "0  | 0:0 10:1 20:1 30:0          | 0:R 10:F 30:R",
      "0  | 0:1 5:1 10:0 15:0           | 0:F 10:R",
      "30 | 0:1 10:1 20:1 29:1 30:1 40:1 | 30:F",
      "30 | 0:1 10:1 20:0 30:1 50:1 60:1 | 20:R 60:F",
      "30 | 0:1 10:0                     | 10:R",
      "60 | 0:0 10:1 80:1 90:0 100:1     | 0:R 80:F 90:R"})
  void edges(long pendingSeconds, String verdicts, String expected) {
    AlertTracker tracker = new AlertTracker(new AlertKey("h", "r"), Duration.ofSeconds(pendingSeconds));
    List<String> changes = new ArrayList<>();
    for (String step : verdicts.trim().split("\\s+")) {
      String[] parts = step.split(":");
      Instant at = T0.plusSeconds(Long.parseLong(parts[0]));
      tracker.apply(new Verdict(parts[1].equals("1"), Map.of()), at, Map::of).ifPresent(change ->
          changes.add(parts[0] + ":" + (change instanceof AlertChange.Firing ? "F" : "R")));
    }
    assertEquals(expected.trim(), String.join(" ", changes));
  }

  @Test
  void anAlertRestoredAsFiringKeepsItsHysteresisAndResolvesOnlyWhenItClears() {
    ThresholdRule rule = new ThresholdRule(null, "power", true, 3_000, 2_500);
    AlertTracker tracker = new AlertTracker(new AlertKey("h", "r"), Duration.ofMinutes(5));
    tracker.restoreFiring();
    Verdict plateau = rule.onMeasurement(RuleFixtures.measurement("h", T0.atOffset(java.time.ZoneOffset.UTC), 2_700), tracker.firing()).orElseThrow();
    assertTrue(plateau.active(), "2,700 W is above the clear level of a firing alert");
    assertTrue(tracker.apply(plateau, T0, Map::of).orElseThrow() instanceof AlertChange.Firing,
        "the first reading after the restore confirms that it still fires");
    assertEquals(Optional.empty(), tracker.apply(plateau, T0.plusSeconds(30), Map::of), "still firing: no edge");
    Verdict low = rule.onMeasurement(RuleFixtures.measurement("h", T0.atOffset(java.time.ZoneOffset.UTC), 2_000), tracker.firing()).orElseThrow();
    assertTrue(tracker.apply(low, T0.plusSeconds(60), Map::of).orElseThrow() instanceof AlertChange.Resolved);
  }

  @Test
  void aVerdictBeforeTheRestoreWins() {
    AlertTracker tracker = new AlertTracker(new AlertKey("h", "r"), Duration.ZERO);
    tracker.apply(new Verdict(false, Map.of()), T0, Map::of);
    tracker.restoreFiring();
    assertFalse(tracker.firing(), "what the readings said since the start counts, not what the state file said");
  }
}
