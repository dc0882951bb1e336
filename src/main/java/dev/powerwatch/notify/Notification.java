package dev.powerwatch.notify;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One message to phones, as decided by the Debouncer: rendered, with the values behind it.
 *
 * @param channels the channel names to use; empty means every configured channel
 */
public record Notification(
    String id,
    String homeId,
    String rule,
    Kind kind,
    Severity severity,
    String title,
    String message,
    String screenToOpen,
    Map<String, String> values,
    Instant createdAt,
    List<String> channels) {

  public enum Kind { FIRING, REPEAT, RESOLVED, TEST }

  public Notification {
    values = values == null ? Map.of() : Map.copyOf(values);
    channels = channels == null ? List.of() : List.copyOf(channels);
  }

  /** The same notice, for these channels only (those still to deliver it). */
  public Notification forChannels(List<String> names) {
    return new Notification(id, homeId, rule, kind, severity, title, message, screenToOpen, values, createdAt, names);
  }

  /** The alert state a receiver should show: firing for first and repeated notices. */
  public String state() {
    return switch (kind) {
      case FIRING, REPEAT -> "firing";
      case RESOLVED -> "resolved";
      case TEST -> "test";
    };
  }
}
