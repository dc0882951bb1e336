package dev.powerwatch.debounce;

import dev.powerwatch.notify.Notification;
import dev.powerwatch.notify.QuietHold;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * Each rule's quiet hours in each home's time zone, as the Notifier asks for them before an attempt:
 * the zone the notice names, or for a notice that names none, its home's as listed.
 */
public final class QuietHoursHold implements QuietHold {
  private static final Duration LONGEST = Duration.ofDays(2);

  private final Map<String, NoticePolicy> rules;
  private final Map<String, ZoneId> zones;

  public QuietHoursHold(Map<String, NoticePolicy> rules, Map<String, ZoneId> zones) {
    this.rules = Map.copyOf(rules);
    this.zones = Map.copyOf(zones);
  }

  static boolean quiet(NoticePolicy rule, ZoneId zone, Instant at) {
    return rule.quietHours().stream().anyMatch(window -> window.contains(at.atZone(zone)));
  }

  @Override
  public Optional<Instant> until(Notification notice, Instant now) {
    NoticePolicy rule = rules.get(notice.rule());
    ZoneId zone = notice.zone() != null ? notice.zone() : zones.getOrDefault(notice.homeId(), ZoneId.systemDefault());
    if (rule == null || !quiet(rule, zone, now)) {
      return Optional.empty();
    }
    Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
    for (Instant t = minute.plus(Duration.ofMinutes(1)); t.isBefore(now.plus(LONGEST)); t = t.plus(Duration.ofMinutes(1))) {
      if (!quiet(rule, zone, t)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
