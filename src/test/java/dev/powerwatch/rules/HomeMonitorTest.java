package dev.powerwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.FaultyClock;
import dev.powerwatch.debounce.AlertChange;
import dev.powerwatch.debounce.AlertRecord;
import dev.powerwatch.support.Json;
import dev.powerwatch.tibber.Home;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HomeMonitor actor: how long a feed has been silent is measured on steady time. */
class HomeMonitorTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Instant T0 = RuleFixtures.T0.toInstant();

  @TempDir
  Path stateDir;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aWallClockSteppedAnHourForwardMakesNoHealthyFeedLookSilent() {
    FaultyClock clock = FaultyClock.at(T0);
    StaleFeedRule stale = new StaleFeedRule(RuleFixtures.spec("stale", Duration.ZERO, Duration.ofMinutes(30), List.of()),
        Duration.ofMinutes(10));
    TestProbe<AlertChange> debouncer = testKit.createTestProbe();
    ActorRef<HomeMonitor.Command> monitor = testKit.spawn(HomeMonitor.create(
        new Home("home-1", "House", "Europe/Oslo", true, ""), List.of(stale),
        new RuleContext(stateDir, Json.mapper(), Runnable::run, RuleContext.HourlyHistory.none()), debouncer.ref(),
        clock, Duration.ofMillis(10)));
    monitor.tell(new HomeMonitor.Observe(List.of(RuleFixtures.measurement("home-1", RuleFixtures.T0, 500)), () -> {}));
    debouncer.expectMessageClass(AlertChange.Resolved.class);

    clock.set(T0.plusSeconds(60));
    clock.step(Duration.ofHours(1));
    debouncer.expectNoMessage(Duration.ofMillis(200));

    clock.set(clock.instant().plus(Duration.ofMinutes(9)));
    AlertChange change = debouncer.expectMessageClass(AlertChange.Firing.class);
    assertEquals("10", change.values().get("minutes"), "silent for ten minutes, not an hour and ten");
    testKit.stop(monitor);
  }

  /**
   * The soak (seed 20261203, at d766268): a daemon restarted at 08:05 warned of the hour at once,
   * then read its alert state, in which the hour rule still fired from 04:00; the rule took 04:00
   * for the hour its alert fired in, resolved it at the next reading and warned of 08:00 again.
   */
  @Test
  void anAlertStateReadAfterTheFirstReadingsLeavesTheHourTheyWarnedOfAsItIs() {
    Rule hour = new RuleLoader().load(ConfigFactory.parseString(
        "rules = [{ name = hour, type = hour-estimate, limit = 5 }]")).get(0);
    TestProbe<AlertChange> debouncer = testKit.createTestProbe();
    ActorRef<HomeMonitor.Command> monitor = testKit.spawn(HomeMonitor.create(
        new Home("home-1", "House", "Europe/Oslo", true, ""), List.of(hour),
        new RuleContext(stateDir, Json.mapper(), Runnable::run, RuleContext.HourlyHistory.none()), debouncer.ref(),
        Clock.systemUTC(), Duration.ofMillis(10)));
    OffsetDateTime thisHour = OffsetDateTime.parse("2026-11-23T13:00:00+01:00");
    monitor.tell(observe(thisHour, 15));
    debouncer.expectMessageClass(AlertChange.Firing.class);

    Instant firedHoursAgo = thisHour.minusHours(4).plusMinutes(5).toInstant();
    monitor.tell(new HomeMonitor.Restored(Map.of("hour", new AlertRecord(true,
        firedHoursAgo, firedHoursAgo, true, false, Map.of(), null))));
    for (int minute = 16; minute <= 18; minute++) {
      monitor.tell(observe(thisHour, minute));
    }
    debouncer.expectNoMessage(Duration.ofMillis(300));
    testKit.stop(monitor);
  }

  /** 9 kW since the hour began, as the meter counts it: an hour heading for 9 kWh. */
  private static HomeMonitor.Observe observe(OffsetDateTime hour, int minute) {
    double soFar = 9.0 * minute / 60;
    return new HomeMonitor.Observe(List.of(RuleFixtures.measurement("home-1", hour.plusMinutes(minute), 9000,
        10 + soFar, soFar)), () -> {});
  }
}
