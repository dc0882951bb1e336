package dev.powerwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.powerwatch.debounce.AlertChange;
import dev.powerwatch.debounce.AlertKey;
import dev.powerwatch.notify.Notification;
import dev.powerwatch.rules.RuleFixtures;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A cluster home's cooldowns against a wall clock that a bad time sync steps. */
class HomeDecisionsTest {
  private static final AlertKey KEY = new AlertKey("home-1", "high");
  private static final Instant T0 = Instant.parse("2026-03-11T10:00:00Z");
  private final AtomicLong steadyNanos = new AtomicLong();
  private HomeLedger ledger = HomeLedger.empty();

  private HomeDecisions decisions() {
    return new HomeDecisions("home-1", ZoneId.of("Europe/Oslo"),
        Map.of("high", RuleFixtures.spec("high", Duration.ZERO, Duration.ofMinutes(30), List.of()).notice()),
        List.of("phone"), steadyNanos::get);
  }

  /** The kinds of the notices the events queue; the events are applied to the ledger, as persisting does. */
  private List<Notification.Kind> queued(List<HomeEvent> events) {
    events.forEach(e -> ledger = ledger.apply(e));
    return events.stream().filter(HomeEvent.NoticeQueued.class::isInstance)
        .map(e -> ((HomeEvent.NoticeQueued) e).notification().kind()).toList();
  }

  @Test
  void aWallClockSteppedAnHourAheadDoesNotEndTheCooldownOfANoticeThisHostSent() {
    HomeDecisions decisions = decisions();
    assertEquals(List.of(Notification.Kind.FIRING),
        queued(decisions.onChange(ledger, new AlertChange.Firing(KEY, T0, T0, Map.of("value", "9000")), T0)));

    steadyNanos.addAndGet(Duration.ofMinutes(1).toNanos());
    assertEquals(List.of(), queued(decisions.onTick(ledger, T0.plus(Duration.ofMinutes(61)))),
        "a minute has passed, whatever the wall clock says");

    steadyNanos.addAndGet(Duration.ofMinutes(30).toNanos());
    assertEquals(List.of(Notification.Kind.REPEAT), queued(decisions.onTick(ledger, T0.plus(Duration.ofMinutes(31)))),
        "thirty-one minutes have passed: the cooldown is over");
  }

  @Test
  void aNoticeSentBeforeTheHomeCameHereCoolsDownOnTheJournalsWallTimes() {
    queued(decisions().onChange(ledger, firing(T0), T0));
    HomeDecisions nextHost = decisions();
    nextHost.onRecovered(ledger);
    assertEquals(List.of(), queued(nextHost.onChange(ledger, firing(T0.plus(Duration.ofMinutes(10))),
        T0.plus(Duration.ofMinutes(10)))), "a fresh reading says it still fires; its cooldown holds");
    assertEquals(List.of(), queued(nextHost.onTick(ledger, T0.plus(Duration.ofMinutes(29)))));
    assertEquals(List.of(Notification.Kind.REPEAT), queued(nextHost.onTick(ledger, T0.plus(Duration.ofMinutes(30)))));
  }

  /** The hours it was down, or on another node, may have ended it: as after a process start. */
  @Test
  void anAlertFiringWhenTheHomeCameHereWaitsForAFreshReadingBeforeItsRepeat() {
    queued(decisions().onChange(ledger, firing(T0), T0));
    HomeDecisions nextHost = decisions();
    nextHost.onRecovered(ledger);
    assertEquals(List.of(), queued(nextHost.onTick(ledger, T0.plus(Duration.ofHours(3)))), "its cooldown ended long ago");
    Instant fresh = T0.plus(Duration.ofHours(3)).plusSeconds(2);
    List<Notification.Kind> confirmed = new java.util.ArrayList<>(queued(nextHost.onChange(ledger, firing(fresh), fresh)));
    confirmed.addAll(queued(nextHost.onTick(ledger, fresh.plusSeconds(1))));
    assertEquals(List.of(Notification.Kind.REPEAT), confirmed, "once a reading says it still fires");
  }

  private static AlertChange.Firing firing(Instant at) {
    return new AlertChange.Firing(KEY, T0, at, Map.of("value", "9000"));
  }
}
