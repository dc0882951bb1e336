package dev.powerwatch.debounce;

import java.time.Instant;
import java.util.Map;

/** What HomeMonitor tells the Debouncer: an alert started firing, or is (now known to be) not firing. */
public sealed interface AlertChange extends Debouncer.Command {
  AlertKey key();

  Instant at();

  Map<String, String> values();

  record Firing(AlertKey key, Instant at, Instant since, Map<String, String> values) implements AlertChange {
    public Firing {
      values = Map.copyOf(values);
    }
  }

  record Resolved(AlertKey key, Instant at, Map<String, String> values) implements AlertChange {
    public Resolved {
      values = Map.copyOf(values);
    }
  }
}
