package dev.powerwatch.debounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.powerwatch.FaultyClock;
import dev.powerwatch.Fixtures;
import dev.powerwatch.LogCapture;
import dev.powerwatch.metrics.Metrics;
import dev.powerwatch.notify.Notification;
import dev.powerwatch.notify.Notifier;
import dev.powerwatch.rules.RuleFixtures;
import dev.powerwatch.rules.RuleSpec;
import dev.powerwatch.support.Json;
import dev.powerwatch.support.StateHealth;
import dev.powerwatch.support.SteadyTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Debouncer actor: restarts on failure and picks up where it was from the state directory. */
class DebouncerTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final AlertKey KEY = new AlertKey("home-1", "high");

  @TempDir
  Path stateDir;

  private final List<ActorRef<Debouncer.Command>> started = new java.util.ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void stopBeforeTheFolderGoes() {
    started.forEach(testKit::stop);
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private ActorRef<Debouncer.Command> debouncer(FaultyClock clock, TestProbe<Notifier.Command> notifier) {
    RuleSpec rule = RuleFixtures.spec("high", Duration.ZERO, Duration.ofMinutes(5), List.of());
    DebounceStore store = new DebounceStore(stateDir, Json.mapper(), clock);
    Debouncer.Delivery delivery = new Debouncer.Delivery(store, notifier.ref(), new RestoredAlerts(store, List::of));
    ActorRef<Debouncer.Command> debouncer = testKit.spawn(Behaviors.supervise(Debouncer.create(delivery,
            DebounceBook.forDaemon(Map.of("high", rule.notice()), Map.of("home-1", ZoneId.of("Europe/Oslo")),
                SteadyTime.of(clock)),
            clock, Duration.ofMillis(10), Metrics.withoutJvm()))
        .onFailure(SupervisorStrategy.restart()));
    started.add(debouncer);
    return debouncer;
  }

  private boolean savedAsNotified() {
    try {
      return java.nio.file.Files.readString(stateDir.resolve(DebounceStore.FILE_NAME)).contains("\"firingNotified\" : true");
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** The next notice submitted to the Notifier, accepted as the Notifier would once it is in its outbox. */
  private Notification next(TestProbe<Notifier.Command> notifier) {
    Notifier.Submit submit = notifier.expectMessageClass(Notifier.Submit.class);
    submit.replyTo().tell(new Notifier.Accepted(submit.notification().id(), true));
    return submit.notification();
  }

  private record Fired(FaultyClock clock, TestProbe<Notifier.Command> notifier, ActorRef<Debouncer.Command> debouncer,
      Instant at) {}

  /** A Debouncer on a hand-set clock whose alert fired, its firing notice accepted by the Notifier. */
  private Fired firedAndNotified() {
    FaultyClock clock = FaultyClock.at(Instant.parse("2026-11-22T11:00:00Z"));
    TestProbe<Notifier.Command> notifier = testKit.createTestProbe();
    ActorRef<Debouncer.Command> debouncer = debouncer(clock, notifier);
    Instant t0 = clock.instant();
    debouncer.tell(new AlertChange.Firing(KEY, t0, t0, Map.of("value", "9000")));
    assertEquals(Notification.Kind.FIRING, next(notifier).kind());
    return new Fired(clock, notifier, debouncer, t0);
  }

  @Test
  void aRestartReloadsTheStateAndKeepsTheCooldown() {
    Fired fired = firedAndNotified();
    FaultyClock clock = fired.clock();
    TestProbe<Notifier.Command> notifier = fired.notifier();
    ActorRef<Debouncer.Command> debouncer = fired.debouncer();
    Instant t0 = fired.at();
    // Until the acceptance is saved, a crash may repeat the notice (by design): crash only after.
    Fixtures.awaitTrue(testKit, "the accepted notice saved", () -> savedAsNotified());

    Instant t1 = t0.plusSeconds(60);
    clock.set(t1);
    clock.failNextInstant();
    debouncer.tell(new AlertChange.Firing(KEY, t1, t1, Map.of("value", "9100")));
    TestProbe<Map<AlertKey, AlertRecord>> alerts = testKit.createTestProbe();
    alerts.awaitAssert(() -> {
      debouncer.tell(new Debouncer.GetAlerts(alerts.ref()));
      AlertRecord record = alerts.receiveMessage().get(KEY);
      assertTrue(record != null && record.firing() && t0.equals(record.lastSentAt()), String.valueOf(record));
      return null;
    });
    notifier.expectNoMessage(Duration.ofMillis(200));

    clock.set(t0.plus(Duration.ofMinutes(5)));
    assertEquals(Notification.Kind.REPEAT, next(notifier).kind());
  }

  @Test
  void aWallClockSteppedAnHourForwardDuringTheCooldownBringsNoEarlyRepeat() {
    Fired fired = firedAndNotified();
    fired.clock().set(fired.at().plusSeconds(60));
    fired.clock().step(Duration.ofHours(1));
    fired.notifier().expectNoMessage(Duration.ofMillis(200));
    fired.clock().set(fired.clock().instant().plusSeconds(240));
    assertEquals(Notification.Kind.REPEAT, next(fired.notifier()).kind(), "five minutes after the first, on steady time");
  }

  @Test
  void theStateIsSavedOnlyOnceTheNotifierHasTheNotice() {
    FaultyClock clock = FaultyClock.at(Instant.parse("2026-11-22T11:00:00Z"));
    TestProbe<Notifier.Command> notifier = testKit.createTestProbe();
    ActorRef<Debouncer.Command> debouncer = debouncer(clock, notifier);
    debouncer.tell(new AlertChange.Firing(KEY, clock.instant(), clock.instant(), Map.of("value", "9000")));
    Notifier.Submit submit = notifier.expectMessageClass(Notifier.Submit.class);
    notifier.expectNoMessage(Duration.ofMillis(100));
    assertFalse(Files.exists(stateDir.resolve(DebounceStore.FILE_NAME)), "not saved before the Notifier accepted");
    submit.replyTo().tell(new Notifier.Accepted(submit.notification().id(), true));
    Fixtures.awaitTrue(testKit, "saved after acceptance", () -> Files.exists(stateDir.resolve(DebounceStore.FILE_NAME)));
  }

  @Test
  void aNoticeTheNotifierNeverAcceptedIsSubmittedAgain() {
    FaultyClock clock = FaultyClock.at(Instant.parse("2026-11-22T11:00:00Z"));
    TestProbe<Notifier.Command> notifier = testKit.createTestProbe();
    ActorRef<Debouncer.Command> debouncer = debouncer(clock, notifier);
    debouncer.tell(new AlertChange.Firing(KEY, clock.instant(), clock.instant(), Map.of("value", "9000")));
    Notifier.Submit lost = notifier.expectMessageClass(Notifier.Submit.class);
    Notifier.Submit again = notifier.expectMessageClass(Notifier.Submit.class);
    assertEquals(lost.notification(), again.notification(), "the same notice, the same id");
  }

  @Test
  void anUnwritableStateKeepsTheCooldownInMemoryAcrossARestartAndIsWrittenOnceItCan() throws Exception {
    Path blocker = Files.createDirectories(stateDir.resolve(DebounceStore.FILE_NAME + ".tmp"));
    FaultyClock clock = FaultyClock.at(Instant.parse("2026-11-22T11:00:00Z"));
    TestProbe<Notifier.Command> notifier = testKit.createTestProbe();
    TestProbe<StateHealth> health = testKit.createTestProbe();
    List<ILoggingEvent> logs = LogCapture.during(() -> {
      ActorRef<Debouncer.Command> debouncer = debouncer(clock, notifier);
      Instant t0 = clock.instant();
      debouncer.tell(new AlertChange.Firing(KEY, t0, t0, Map.of("value", "9000")));
      assertEquals(Notification.Kind.FIRING, next(notifier).kind());
      health.awaitAssert(() -> {
        debouncer.tell(new Debouncer.GetStateHealth(health.ref()));
        assertTrue(health.receiveMessage().problem().orElseThrow().contains("alerts.json"));
        return null;
      });

      clock.set(t0.plusSeconds(60));
      clock.failNextInstant();
      debouncer.tell(new AlertChange.Firing(KEY, t0.plusSeconds(60), t0.plusSeconds(60), Map.of()));
      notifier.expectNoMessage(Duration.ofMillis(300));

      Files.delete(blocker);
      Fixtures.awaitTrue(testKit, "the state is written once it can be",
          () -> Files.exists(stateDir.resolve(DebounceStore.FILE_NAME)));
      clock.set(t0.plus(Duration.ofMinutes(5)));
      assertEquals(Notification.Kind.REPEAT, next(notifier).kind(), "the cooldown held across the restart");
    });
    assertEquals(1, LogCapture.at(logs, "ERROR").stream().filter(l -> l.startsWith("State directory")).count(),
        String.join("\n", LogCapture.at(logs, "ERROR")));
  }
}
