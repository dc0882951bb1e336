package dev.powerwatch.notify;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * One message to phones, as decided by the Debouncer: rendered, with the values behind it.
 *
 * @param channels the channel names to use; empty means every configured channel
 * @param zone the home's time zone, for the quiet hours of a retry (null in notices written before
 *     it was kept, and in a test notice)
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
    List<String> channels,
    ZoneId zone) {

  public enum Kind { FIRING, REPEAT, RESOLVED, TEST }

  public Notification {
    values = values == null ? Map.of() : Map.copyOf(values);
    channels = channels == null ? List.of() : List.copyOf(channels);
  }

  /** A notice that does not name its home's time zone. */
  public Notification(String id, String homeId, String rule, Kind kind, Severity severity, String title,
      String message, String screenToOpen, Map<String, String> values, Instant createdAt, List<String> channels) {
    this(id, homeId, rule, kind, severity, title, message, screenToOpen, values, createdAt, channels, null);
  }

  /** The same notice, for these channels only (those still to deliver it). */
  public Notification forChannels(List<String> names) {
    return new Notification(id, homeId, rule, kind, severity, title, message, screenToOpen, values, createdAt, names,
        zone);
  }

  /** The notice as the log tells it made: {@code firing high-power@HOME (notice ID): TITLE}. */
  public String summary() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + rule + "@" + homeId + " (notice " + id + "): "
        + title;
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
