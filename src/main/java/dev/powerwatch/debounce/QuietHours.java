package dev.powerwatch.debounce;

import dev.powerwatch.energy.DailyWindow;
import java.time.ZonedDateTime;

/** A daily mute window in the home's local time; {@code 22:00-07:00} wraps past midnight. */
public record QuietHours(DailyWindow window) {

  public static QuietHours parse(String text) {
    return new QuietHours(DailyWindow.parse(text, "22:00-07:00"));
  }

  public boolean contains(ZonedDateTime local) {
    return window.contains(local.toLocalTime());
  }

  @Override
  public String toString() {
    return window.toString();
  }
}
