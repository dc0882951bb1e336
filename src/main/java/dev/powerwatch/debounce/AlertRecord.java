package dev.powerwatch.debounce;

import java.time.Instant;
import java.util.Map;

/**
 * What the Debouncer remembers of one alert, persisted across restarts.
 *
 * @param firingNotified a firing notice went out for the current (or last) firing period
 * @param resolvedHeld a resolved notice waits for quiet hours to end
 */
public record AlertRecord(
    boolean firing,
    Instant since,
    Instant lastSentAt,
    boolean firingNotified,
    boolean resolvedHeld,
    Map<String, String> values) {

  public AlertRecord {
    values = values == null ? Map.of() : Map.copyOf(values);
  }

  static AlertRecord fresh() {
    return new AlertRecord(false, null, null, false, false, Map.of());
  }

  AlertRecord firingSince(Instant start, Map<String, String> newValues) {
    return new AlertRecord(true, start, lastSentAt, false, false, newValues);
  }

  AlertRecord sent(Instant at) {
    return new AlertRecord(firing, since, at, true, false, values);
  }

  AlertRecord resolved(Map<String, String> newValues, boolean holdResolved) {
    return new AlertRecord(false, since, lastSentAt, false, holdResolved, newValues);
  }

  AlertRecord resolvedSent() {
    return new AlertRecord(false, since, lastSentAt, false, false, values);
  }
}
