package dev.powerwatch.support;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Durations as people write them (the configuration's way: 2s, 500ms, 1h) and as they read them
 * in log lines: 250 ms, 4.5 s, 42 s, 10 min 3 s, 30 min, 24 h, 2 h 30 min.
 */
public final class Durations {
  private Durations() {}

  /** A duration written as in the configuration file; empty when it is none. */
  public static Optional<Duration> parse(String text) {
    try {
      return Optional.of(ConfigFactory.parseMap(Map.of("d", text)).getDuration("d"));
    } catch (ConfigException e) {
      return Optional.empty();
    }
  }

  public static String human(Duration d) {
    long millis = d.toMillis();
    if (millis < 1_000) {
      return millis + " ms";
    }
    if (millis < 10_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long seconds = d.toSeconds();
    if (seconds < 120) {
      return seconds + " s";
    }
    if (seconds < 7_200) {
      return (seconds / 60) + " min" + unlessZero(seconds % 60, " s");
    }
    return (seconds / 3_600) + " h" + unlessZero(seconds % 3_600 / 60, " min");
  }

  private static String unlessZero(long amount, String unit) {
    return amount == 0 ? "" : " " + amount + unit;
  }
}
