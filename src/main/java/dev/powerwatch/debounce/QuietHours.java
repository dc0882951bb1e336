package dev.powerwatch.debounce;

import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/** A daily mute window in the home's local time; {@code 22:00-07:00} wraps past midnight. */
public record QuietHours(LocalTime start, LocalTime end) {

  public static QuietHours parse(String text) {
    String[] parts = text.trim().split("\\s*-\\s*");
    if (parts.length != 2) {
      throw new IllegalArgumentException("'" + text + "' is not a window such as 22:00-07:00");
    }
    QuietHours window;
    try {
      window = new QuietHours(LocalTime.parse(parts[0]), LocalTime.parse(parts[1]));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a window such as 22:00-07:00");
    }
    if (window.start().equals(window.end())) {
      throw new IllegalArgumentException("'" + text + "' is a window of no length; write e.g. 22:00-07:00");
    }
    return window;
  }

  public boolean contains(ZonedDateTime local) {
    LocalTime t = local.toLocalTime();
    if (start.equals(end)) {
      return false;
    }
    return start.isBefore(end)
        ? !t.isBefore(start) && t.isBefore(end)
        : !t.isBefore(start) || t.isBefore(end);
  }

  @Override
  public String toString() {
    return start + "-" + end;
  }
}
