package dev.powerwatch.debounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;
import dev.powerwatch.Json;
import dev.powerwatch.notify.Notification;
import dev.powerwatch.rules.AlertChange;
import dev.powerwatch.rules.AlertKey;
import dev.powerwatch.rules.RuleFixtures;
import dev.powerwatch.rules.RuleSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Debouncer actor: restarts on failure and picks up where it was from the state directory. */
class DebouncerTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final AlertKey KEY = new AlertKey("home-1", "high");

  @TempDir
  Path stateDir;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** A hand-moved clock that can be told to fail once, as an unexpected bug would. */
  private static final class TestClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T11:00:00Z"));
    final AtomicBoolean failNext = new AtomicBoolean();

    @Override
    public Instant instant() {
      if (failNext.getAndSet(false)) {
        throw new IllegalStateException("injected failure in the Debouncer");
      }
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private ActorRef<Debouncer.Command> debouncer(TestClock clock, TestProbe<Notification> notifier) {
    RuleSpec rule = RuleFixtures.spec("high", Duration.ZERO, Duration.ofMinutes(5), List.of());
    return testKit.spawn(Behaviors.supervise(Debouncer.create(new DebounceStore(stateDir, Json.mapper(), clock),
            restored -> new DebounceBook(Map.of("high", rule), Map.of("home-1", ZoneId.of("Europe/Oslo")), restored),
            notifier.ref(), clock, Duration.ofMillis(10)))
        .onFailure(SupervisorStrategy.restart()));
  }

  @Test
  void aRestartReloadsTheStateAndKeepsTheCooldown() {
    TestClock clock = new TestClock();
    TestProbe<Notification> notifier = testKit.createTestProbe();
    ActorRef<Debouncer.Command> debouncer = debouncer(clock, notifier);
    Instant t0 = clock.now.get();
    debouncer.tell(new AlertChange.Firing(KEY, t0, t0, Map.of("value", "9000")));
    assertEquals(Notification.Kind.FIRING, notifier.receiveMessage().kind());

    clock.failNext.set(true);
    clock.now.set(t0.plusSeconds(60));
    debouncer.tell(new AlertChange.Firing(KEY, clock.now.get(), clock.now.get(), Map.of("value", "9100")));
    TestProbe<Map<AlertKey, AlertRecord>> alerts = testKit.createTestProbe();
    alerts.awaitAssert(() -> {
      debouncer.tell(new Debouncer.GetAlerts(alerts.ref()));
      AlertRecord record = alerts.receiveMessage().get(KEY);
      assertTrue(record != null && record.firing() && t0.equals(record.lastSentAt()), String.valueOf(record));
      return null;
    });
    notifier.expectNoMessage(Duration.ofMillis(200));

    clock.now.set(t0.plus(Duration.ofMinutes(5)));
    Notification repeat = notifier.receiveMessage();
    assertEquals(Notification.Kind.REPEAT, repeat.kind());
  }
}
