package dev.powerwatch.support;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Durations as people write them (the configuration's way: 2s, 500ms, 1h) and as they read them
 * in log lines: 250 ms, 4.5 s, 42 s, 10 min 3 s.
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
    return seconds < 120 ? seconds + " s" : (seconds / 60) + " min " + (seconds % 60) + " s";
  }
}
