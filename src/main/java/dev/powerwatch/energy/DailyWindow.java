package dev.powerwatch.energy;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/**
 * A daily window of local time, start inclusive and end exclusive; {@code 22:00-06:00} wraps
 * past midnight. An interval is inside a window when its start is.
 */
public record DailyWindow(LocalTime start, LocalTime end) {

  public DailyWindow {
    if (start.equals(end)) {
      throw new IllegalArgumentException("the window " + start + "-" + end + " has no length");
    }
  }

  /** {@code "07:00-19:00"}. */
  public static DailyWindow parse(String text) {
    String[] parts = text.trim().split("\\s*-\\s*");
    try {
      if (parts.length == 2) {
        return new DailyWindow(LocalTime.parse(parts[0]), LocalTime.parse(parts[1]));
      }
    } catch (DateTimeParseException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException("'" + text + "' is not a window such as 07:00-19:00");
  }

  public boolean contains(LocalTime time) {
    return start.isBefore(end)
        ? !time.isBefore(start) && time.isBefore(end)
        : !time.isBefore(start) || time.isBefore(end);
  }

  @Override
  public String toString() {
    return start + "-" + end;
  }
}
