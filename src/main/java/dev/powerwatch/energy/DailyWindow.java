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
    return parse(text, "07:00-19:00");
  }

  /** The same, naming {@code example} as the shape to write when the text is not a window. */
  public static DailyWindow parse(String text, String example) {
    String[] parts = text.trim().split("\\s*-\\s*");
    if (parts.length != 2) {
      throw notAWindow(text, example);
    }
    LocalTime start;
    LocalTime end;
    try {
      start = LocalTime.parse(parts[0]);
      end = LocalTime.parse(parts[1]);
    } catch (DateTimeParseException e) {
      throw notAWindow(text, example);
    }
    if (start.equals(end)) {
      throw new IllegalArgumentException("'" + text + "' is a window of no length; write e.g. " + example);
    }
    return new DailyWindow(start, end);
  }

  private static IllegalArgumentException notAWindow(String text, String example) {
    return new IllegalArgumentException("'" + text + "' is not a window such as " + example);
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
