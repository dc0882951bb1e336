package dev.powerwatch.debounce;

import java.time.Instant;
import java.util.Map;

/**
 * What the Debouncer remembers of one alert, persisted across restarts.
 *
 * @param firingNotified a firing notice went out for the current (or last) firing period
 * @param resolvedHeld a resolved notice waits for quiet hours to end
 * @param silencedBy the silence that holds this alert's notice back, or {@code null}
 */
public record AlertRecord(
    boolean firing,
    Instant since,
    Instant lastSentAt,
    boolean firingNotified,
    boolean resolvedHeld,
    Map<String, String> values,
    String silencedBy) {

  public AlertRecord {
    values = values == null ? Map.of() : Map.copyOf(values);
  }

  static AlertRecord fresh() {
    return new AlertRecord(false, null, null, false, false, Map.of(), null);
  }

  AlertRecord firingSince(Instant start, Map<String, String> newValues) {
    return new AlertRecord(true, start, lastSentAt, false, false, newValues, null);
  }

  AlertRecord sent(Instant at) {
    return new AlertRecord(firing, since, at, true, false, values, null);
  }

  AlertRecord stillFiring(Map<String, String> newValues) {
    return new AlertRecord(true, since, lastSentAt, firingNotified, false, newValues, silencedBy);
  }

  AlertRecord silenced(String silence) {
    return new AlertRecord(firing, since, lastSentAt, firingNotified, resolvedHeld, values, silence);
  }

  AlertRecord resolved(Map<String, String> newValues, boolean holdResolved) {
    return new AlertRecord(false, since, lastSentAt, false, holdResolved, newValues, null);
  }

  AlertRecord resolvedSent() {
    return new AlertRecord(false, since, lastSentAt, false, false, values, null);
  }
}
