package dev.powerwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import dev.powerwatch.FaultyClock;
import dev.powerwatch.debounce.AlertChange;
import dev.powerwatch.support.Json;
import dev.powerwatch.tibber.Home;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
}
