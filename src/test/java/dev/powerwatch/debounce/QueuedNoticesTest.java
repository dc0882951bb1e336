package dev.powerwatch.debounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.powerwatch.notify.Notification;
import dev.powerwatch.rules.RuleFixtures;
import dev.powerwatch.rules.RuleSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The saved alert state after a crash, with the outbox's notices counted as sent. */
class QueuedNoticesTest {
  private static final Instant T0 = Instant.parse("2026-11-22T11:00:00Z");
  private static final AlertKey KEY = new AlertKey("home-1", "high");
  private static final RuleSpec RULE = RuleFixtures.spec("high", Duration.ZERO, Duration.ofMinutes(5), List.of());

  private static DebounceBook book(Map<AlertKey, AlertRecord> alerts) {
    return new DebounceBook(Map.of("high", RULE.notice()), Map.of("home-1", ZoneId.of("Europe/Oslo")), alerts);
  }

  /** A notice the book makes, as the outbox would hold it. */
  private static Notification notice(DebounceBook book, AlertChange change) {
    return book.onChange(change, change.at()).get(0);
  }

  @Test
  void aFiringNoticeTheStateMissedCountsAsSentAndStartsItsCooldown() {
    DebounceBook before = book(Map.of());
    Map<AlertKey, AlertRecord> saved = before.snapshot();
    Notification firing = notice(before, new AlertChange.Firing(KEY, T0, T0, Map.of("value", "9000")));

    Map<AlertKey, AlertRecord> restored = QueuedNotices.counted(saved, List.of(firing));

    assertTrue(restored.get(KEY).firing());
    assertTrue(restored.get(KEY).firingNotified());
    assertEquals(T0, restored.get(KEY).lastSentAt());
    DebounceBook after = book(restored);
    assertEquals(List.of(), after.onChange(new AlertChange.Firing(KEY, T0.plusSeconds(20), T0.plusSeconds(20),
        Map.of("value", "9100")), T0.plusSeconds(20)), "the same firing is not notified again");
    assertEquals(List.of(), after.onTick(T0.plusSeconds(299)), "its cooldown runs from the queued notice");
    assertEquals(Notification.Kind.REPEAT, after.onTick(T0.plusSeconds(300)).get(0).kind());
  }

  @Test
  void aQuietHoursNoticeHeldInTheStateAndQueuedIsNotMadeAgain() {
    AlertRecord held = AlertRecord.fresh().firingSince(T0.minusSeconds(600), Map.of("value", "9000"));
    DebounceBook before = book(Map.of(KEY, held));
    Notification firing = before.onTick(T0).get(0);

    Map<AlertKey, AlertRecord> restored = QueuedNotices.counted(Map.of(KEY, held), List.of(firing));

    assertEquals(T0.minusSeconds(600), restored.get(KEY).since(), "still the firing that began before");
    assertEquals(List.of(), book(restored).onTick(T0.plusSeconds(10)));
  }

  @Test
  void aStateThatAlreadyCountsTheNoticeIsKept() {
    DebounceBook book = book(Map.of());
    Notification firing = notice(book, new AlertChange.Firing(KEY, T0, T0, Map.of("value", "9000")));
    book.onChange(new AlertChange.Resolved(KEY, T0.plusSeconds(60), Map.of("value", "500")), T0.plusSeconds(60));

    assertEquals(book.snapshot(), QueuedNotices.counted(book.snapshot(), List.of(firing)),
        "the channel was down: the notice waits in the outbox, and the state moved on after it");
  }

  @Test
  void aResolvedNoticeTheStateMissedEndsTheFiring() {
    DebounceBook book = book(Map.of());
    notice(book, new AlertChange.Firing(KEY, T0, T0, Map.of("value", "9000")));
    Map<AlertKey, AlertRecord> saved = book.snapshot();
    Notification resolved = notice(book, new AlertChange.Resolved(KEY, T0.plusSeconds(60), Map.of("value", "500")));

    Map<AlertKey, AlertRecord> restored = QueuedNotices.counted(saved, List.of(resolved));

    assertFalse(restored.get(KEY).firing());
    assertEquals(List.of(), book(restored).onChange(new AlertChange.Resolved(KEY, T0.plusSeconds(70),
        Map.of("value", "500")), T0.plusSeconds(70)), "resolved once");
  }

  @Test
  void anOldResolvedNoticeLeavesALaterFiringAlone() {
    DebounceBook book = book(Map.of());
    notice(book, new AlertChange.Firing(KEY, T0, T0, Map.of("value", "9000")));
    Notification resolved = notice(book, new AlertChange.Resolved(KEY, T0.plusSeconds(60), Map.of("value", "500")));
    book.onChange(new AlertChange.Firing(KEY, T0.plusSeconds(400), T0.plusSeconds(400), Map.of("value", "9000")),
        T0.plusSeconds(400));

    assertEquals(book.snapshot(), QueuedNotices.counted(book.snapshot(), List.of(resolved)));
  }
}
