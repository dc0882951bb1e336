package dev.powerwatch.debounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.powerwatch.notify.Notification;
import dev.powerwatch.rules.RuleFixtures;
import dev.powerwatch.support.Json;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak's seed 20261204: killed just after an alert's resolved notice reached the outbox, the
 * restarted daemon's monitors learnt it had resolved, but the Debouncer read the outbox after the
 * Notifier had delivered the notice and removed it, still held the alert firing, and resolved it a
 * second time.
 */
class RestoredAlertsTest {
  private static final Instant T0 = Instant.parse("2026-11-22T11:00:00Z");
  private static final AlertKey KEY = new AlertKey("home-1", "high");

  @TempDir
  Path stateDir;

  @Test
  void theDebouncersFirstStartSeesTheOutboxAsTheMonitorsDidEvenOnceTheNotifierHasEmptiedIt() {
    DebounceBook book = new DebounceBook(Map.of("high", RuleFixtures.spec("high", Duration.ZERO,
        Duration.ofMinutes(5), List.of()).notice()), Map.of("home-1", ZoneId.of("Europe/Oslo")), Map.of());
    book.onChange(new AlertChange.Firing(KEY, T0, T0, Map.of("value", "9000")), T0);
    DebounceStore store = new DebounceStore(stateDir, Json.mapper(), Clock.fixed(T0, ZoneOffset.UTC));
    store.save(book.snapshot());
    List<Notification> outbox = new ArrayList<>(book.onChange(
        new AlertChange.Resolved(KEY, T0.plusSeconds(60), Map.of("value", "500")), T0.plusSeconds(60)));

    RestoredAlerts restored = new RestoredAlerts(store, () -> List.copyOf(outbox));
    outbox.clear();

    assertFalse(restored.atProcessStart().get(KEY).firing(), "the monitors start from the resolved notice");
    RestoredAlerts.Start first = restored.next();
    assertTrue(first.processStart());
    assertEquals(restored.atProcessStart(), first.alerts(), "so does the Debouncer, though the outbox is empty now");
    RestoredAlerts.Start afterARestart = restored.next();
    assertFalse(afterARestart.processStart());
    assertTrue(afterARestart.alerts().get(KEY).firing(), "a later start reads the state and the outbox again");
  }
}
