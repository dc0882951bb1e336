package dev.powerwatch.support;

import java.time.Duration;
import java.util.Locale;

/** Durations as people read them in log lines: 250 ms, 4.5 s, 42 s, 10 min 3 s. */
public final class Durations {
  private Durations() {}

  public static String human(Duration d) {
    long millis = d.toMillis();
    if (millis < 1_000) {
      return millis + " ms";
    }
    if (millis < 10_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long seconds = d.toSeconds();
    return seconds < 120 ? seconds + " s" : (seconds / 60) + " min " + (seconds % 60) + " s";
  }
}
