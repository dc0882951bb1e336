package dev.powerwatch.rules;

import dev.powerwatch.energy.HomeTime;
import dev.powerwatch.energy.IntervalTracker;
import dev.powerwatch.support.ConfigReader;
import java.time.Duration;

/**
 * How the energy rules watch an interval: its length ({@code interval}, 60m or 15m, as the grid
 * company settles), how far back the average power reaches ({@code window}) and how soon a warning
 * may come ({@code not-before}).
 */
record IntervalSettings(Duration interval, Duration notBefore, IntervalTracker.Settings tracking) {

  static IntervalSettings read(ConfigReader c) {
    Duration interval = interval(c);
    Duration window = c.has("window") ? c.positiveDuration("window") : Duration.ofMinutes(5);
    Duration notBefore = c.has("not-before") ? c.duration("not-before") : Duration.ofMinutes(10);
    if (notBefore.compareTo(interval) >= 0) {
      throw c.problem("not-before", "must be shorter than the interval (" + interval.toMinutes() + " min)");
    }
    return new IntervalSettings(interval, notBefore,
        new IntervalTracker.Settings(window, IntervalTracker.Settings.DEFAULTS.gap()));
  }

  /** Also the energy rules' default cooldown: one warning per interval. */
  static Duration interval(ConfigReader c) {
    Duration interval = c.has("interval") ? c.positiveDuration("interval") : HomeTime.HOUR;
    if (!interval.equals(HomeTime.HOUR) && !interval.equals(HomeTime.QUARTER_HOUR)) {
      throw c.problem("interval", "must be 60m or 15m (how the grid company settles), was " + interval);
    }
    return interval;
  }
}
