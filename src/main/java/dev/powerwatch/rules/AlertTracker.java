package dev.powerwatch.rules;

import dev.powerwatch.debounce.AlertChange;
import dev.powerwatch.debounce.AlertKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The life of one alert in HomeMonitor: inactive → pending (condition holds, {@code for} not yet
 * over) → firing → inactive. Emits a change only on the edges; its first verdict always tells
 * the Debouncer where the alert stands, so an alert firing before a restart is resolved after it,
 * or confirmed as still firing.
 */
public final class AlertTracker {
  private enum State { UNKNOWN, INACTIVE, PENDING, FIRING }

  /* Until the first edge is reported, the Debouncer may still hold a firing state from before a
     restart, so the first inactive verdict is always reported. */

  private final AlertKey key;
  private final Duration pendingFor;
  private State state = State.UNKNOWN;
  private Instant pendingSince;
  private boolean reported;
  /** Restored as firing and no reading has said so since: the first active verdict tells the Debouncer. */
  private boolean unconfirmed;

  public AlertTracker(AlertKey key, Duration pendingFor) {
    this.key = key;
    this.pendingFor = pendingFor;
  }

  /**
   * The alert fired before a restart (the Debouncer's or the journal's state says so): until a
   * verdict says otherwise it fires, so hysteresis holds it on the clear level, not the threshold.
   * Its first active verdict is reported, so the Debouncer knows that it still fires now, and with
   * what values, before it repeats it. Returns false, changing nothing, once a verdict came first:
   * what the readings said since the start is newer than the state read.
   */
  public boolean restoreFiring() {
    if (state != State.UNKNOWN) {
      return false;
    }
    state = State.FIRING;
    reported = true;
    unconfirmed = true;
    return true;
  }

  public boolean firing() {
    return state == State.FIRING;
  }

  public boolean pending() {
    return state == State.PENDING;
  }

  public Optional<AlertChange> apply(Verdict verdict, Instant at, Supplier<Map<String, String>> common) {
    if (verdict.active()) {
      if (state == State.FIRING) {
        return confirmed(verdict, at, common);
      }
      if (state != State.PENDING) {
        state = State.PENDING;
        pendingSince = at;
      }
      if (Duration.between(pendingSince, at).compareTo(pendingFor) >= 0) {
        state = State.FIRING;
        reported = true;
        return Optional.of(new AlertChange.Firing(key, at, pendingSince, values(verdict, common)));
      }
      return Optional.empty();
    }
    boolean announce = state == State.FIRING || !reported;
    reported = true;
    unconfirmed = false;
    state = State.INACTIVE;
    pendingSince = null;
    return announce ? Optional.of(new AlertChange.Resolved(key, at, values(verdict, common))) : Optional.empty();
  }

  private Optional<AlertChange> confirmed(Verdict verdict, Instant at, Supplier<Map<String, String>> common) {
    if (!unconfirmed) {
      return Optional.empty();
    }
    unconfirmed = false;
    return Optional.of(new AlertChange.Firing(key, at, at, values(verdict, common)));
  }

  private static Map<String, String> values(Verdict verdict, Supplier<Map<String, String>> common) {
    Map<String, String> values = new HashMap<>(common.get());
    values.putAll(verdict.values());
    return values;
  }
}
