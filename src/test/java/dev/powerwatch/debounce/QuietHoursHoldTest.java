package dev.powerwatch.debounce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.powerwatch.notify.Notification;
import dev.powerwatch.notify.Severity;
import dev.powerwatch.rules.RuleFixtures;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QuietHoursHoldTest {
  private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
  private static final QuietHoursHold HOLD = new QuietHoursHold(
      Map.of("high", RuleFixtures.spec("high", Duration.ZERO, Duration.ofMinutes(5),
          List.of(QuietHours.parse("23:00-06:00"))).notice()),
      Map.of("home-1", OSLO));

  private static Instant oslo(String local) {
    return LocalDateTime.parse(local).atZone(OSLO).toInstant();
  }

  private static Notification notice(String rule) {
    return new Notification("n-1", "home-1", rule, Notification.Kind.FIRING, Severity.WARNING, "t", "m", "HOME",
        Map.of(), oslo("2026-03-10T22:50"), List.of());
  }

  @Test
  void aNoticeInItsRulesQuietHoursIsHeldUntilTheyEndInTheHomesZone() {
    assertEquals(Optional.of(oslo("2026-03-11T06:00")), HOLD.until(notice("high"), oslo("2026-03-10T23:12:30")));
  }

  @Test
  void outsideQuietHoursOrForARuleWithoutThemNothingIsHeld() {
    assertEquals(Optional.empty(), HOLD.until(notice("high"), oslo("2026-03-10T22:59")));
    assertEquals(Optional.empty(), HOLD.until(notice("other"), oslo("2026-03-10T23:30")));
  }

  @Test
  void aNoticeThatNamesItsZoneIsHeldInThatZoneBeforeItsHomeIsListed() {
    QuietHoursHold beforeTheHomesAreListed = new QuietHoursHold(
        Map.of("high", RuleFixtures.spec("high", Duration.ZERO, Duration.ofMinutes(5),
            List.of(QuietHours.parse("23:00-06:00"))).notice()),
        Map.of());
    Notification n = notice("high");
    Notification named = new Notification(n.id(), n.homeId(), n.rule(), n.kind(), n.severity(), n.title(),
        n.message(), n.screenToOpen(), n.values(), n.createdAt(), n.channels(), OSLO);
    assertEquals(Optional.of(oslo("2026-03-11T06:00")),
        beforeTheHomesAreListed.until(named, oslo("2026-03-10T23:12:30")));
  }
}
