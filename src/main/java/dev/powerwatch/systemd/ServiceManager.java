package dev.powerwatch.systemd;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** systemd as the daemon sees it: where to notify, and how often the watchdog wants a sign of life. */
public record ServiceManager(SystemdNotify notifier, Optional<Duration> watchdogInterval) {

  public static ServiceManager fromEnvironment(Map<String, String> environment) {
    return new ServiceManager(SystemdNotify.fromEnvironment(environment),
        SystemdNotify.watchdogInterval(environment));
  }

  /** Not run by systemd: nothing to tell. */
  public static ServiceManager none() {
    return fromEnvironment(Map.of());
  }

  /** Half the watchdog's interval, as systemd advises, when it has one. */
  public Optional<Duration> heartbeat() {
    return watchdogInterval.map(interval -> interval.dividedBy(2));
  }
}
