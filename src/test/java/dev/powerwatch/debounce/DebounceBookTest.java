package dev.powerwatch.debounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.powerwatch.notify.Notification;
import dev.powerwatch.rules.RuleFixtures;
import dev.powerwatch.rules.RuleSpec;
import dev.powerwatch.support.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The debounce state machine as scripts of seconds after 12:00 Oslo time: {@code F} an alert
 * fires, {@code R} it resolves, {@code T} a tick, {@code S} a restart (state saved and reloaded),
 * {@code P} a restart of the process (the same, and its firing alerts wait for a reading).
 */
class DebounceBookTest {
  private static final Instant T0 = Instant.parse("2026-11-22T11:00:00Z");
  private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
  private static final AlertKey KEY = new AlertKey("home-1", "high");

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "one notice when it fires         | 0:F 1:T 60:T 299:T                 | 0:FIRING",
      "repeat after the cooldown        | 0:F 299:T 300:T 301:T 599:T 600:T  | 0:FIRING 300:REPEAT 600:REPEAT",
      "resolved once after a notice     | 0:F 100:R 101:T 500:T              | 0:FIRING 100:RESOLVED",
      "resolved repeated is ignored     | 0:F 100:R 110:R                    | 0:FIRING 100:RESOLVED",
      "resolved without firing is quiet | 0:R 10:R 20:T                      | ''",
      "flapping waits for the cooldown  | 0:F 10:R 20:F 100:T 300:T          | 0:FIRING 10:RESOLVED 300:FIRING",
      "flap that clears stays silent    | 0:F 10:R 20:F 30:R 400:T           | 0:FIRING 10:RESOLVED",
      "firing twice is one alert        | 0:F 10:F 20:F 299:T                | 0:FIRING",
      "restart keeps the cooldown       | 0:F 10:S 15:F 100:T 300:T          | 0:FIRING 300:REPEAT",
      "restart remembers it fired       | 0:F 10:S 20:R                      | 0:FIRING 20:RESOLVED",
      "quiet hours hold until they end  | 360:F 400:T 599:T 600:T 700:T      | 600:FIRING",
      "quiet hours drop what cleared    | 360:F 400:R 600:T 700:T            | ''",
      "resolved in quiet hours waits    | 0:F 400:R 500:T 600:T 700:T        | 0:FIRING 600:RESOLVED",
      "repeats pause in quiet hours     | 0:F 300:T 360:T 599:T 600:T 900:T  | 0:FIRING 600:REPEAT 900:REPEAT",
      "quiet hours end, then it fires   | 0:F 400:R 500:T 610:F 620:T        | 0:FIRING 610:RESOLVED 610:FIRING",
      "firing in quiet hours drops held | 0:F 400:R 500:F 600:T 610:T        | 0:FIRING 600:FIRING",
      "no repeat before a fresh reading | 0:F 10:P 300:T 400:T 410:F 420:T   | 0:FIRING 420:REPEAT",
      "what cleared meanwhile resolves  | 0:F 10:P 300:T 400:R 500:T         | 0:FIRING 400:RESOLVED",
      "quiet firing waits for a reading | 360:F 370:P 600:T 610:F 620:T      | 620:FIRING",
      "repeats only: a new alert at once | 0:F 10:R 20:F 299:T 319:T 320:T   | 0:FIRING 10:RESOLVED 20:FIRING 320:REPEAT",
      "repeats only: across a restart    | 0:F 10:S 15:F 100:T 300:T         | 0:FIRING 300:REPEAT"})
  void scripts(String name, String script, String expected) {
    List<QuietHours> quiet = name.contains("quiet") ? List.of(QuietHours.parse("12:05-12:10")) : List.of();
    RuleSpec rule = RuleFixtures.spec("high", Duration.ZERO, Duration.ofMinutes(5), quiet);
    NoticePolicy policy = name.startsWith("repeats only") ? spacingRepeatsOnly(rule.notice()) : rule.notice();
    DebounceStore store = new DebounceStore(dir, Json.mapper(), Clock.systemUTC());
    DebounceBook book = new DebounceBook(Map.of("high", policy), Map.of("home-1", OSLO), Map.of());
    List<String> sent = new ArrayList<>();
    for (String step : script.trim().split("\\s+")) {
      long second = Long.parseLong(step.substring(0, step.indexOf(':')));
      Instant now = T0.plusSeconds(second);
      List<Notification> out = switch (step.charAt(step.length() - 1)) {
        case 'F' -> book.onChange(new AlertChange.Firing(KEY, now, now, Map.of("value", "9000")), now);
        case 'R' -> book.onChange(new AlertChange.Resolved(KEY, now, Map.of("value", "500")), now);
        case 'T' -> book.onTick(now);
        case 'S', 'P' -> {
          store.save(book.snapshot());
          Map<AlertKey, AlertRecord> restored = store.load();
          book = new DebounceBook(Map.of("high", policy), Map.of("home-1", OSLO), restored, List.of(),
              step.endsWith("P") ? DebounceBook.firing(restored) : java.util.Set.of(), null);
          yield List.of();
        }
        default -> throw new IllegalArgumentException(step);
      };
      out.forEach(n -> sent.add(second + ":" + n.kind()));
    }
    assertEquals(expected.trim(), String.join(" ", sent));
  }

  /** An interval rule's default: its cooldown spaces one alert's repeats and holds back no new alert. */
  private static NoticePolicy spacingRepeatsOnly(NoticePolicy p) {
    return new NoticePolicy(p.cooldown(), false, p.sendResolved(), p.quietHours(), p.title(), p.message(),
        p.resolvedTitle(), p.resolvedMessage(), p.severity(), p.screenToOpen(), p.channels());
  }

  /** What /api/state shows as {@code cooldownUntil}: only a cooldown that holds the next notice back. */
  @Test
  void aCooldownEndIsToldOnlyWhereTheCooldownHoldsTheAlertsNextNotice() {
    RuleSpec rule = RuleFixtures.spec("high", Duration.ZERO, Duration.ofMinutes(5), List.of());
    Instant cooled = T0.plus(Duration.ofMinutes(5));
    for (NoticePolicy policy : List.of(rule.notice(), spacingRepeatsOnly(rule.notice()))) {
      DebounceBook book = new DebounceBook(Map.of("high", policy), Map.of("home-1", OSLO), Map.of());
      assertEquals(Optional.empty(), policy.cooldownEnds(AlertRecord.fresh()), "nothing sent yet");
      book.onChange(new AlertChange.Firing(KEY, T0, T0, Map.of("value", "9000")), T0);
      assertEquals(Optional.of(cooled), policy.cooldownEnds(book.snapshot().get(KEY)), "a repeat waits for it");
      book.onChange(new AlertChange.Resolved(KEY, T0.plusSeconds(10), Map.of("value", "500")), T0.plusSeconds(10));
      assertEquals(policy.cooldownHoldsNewAlerts() ? Optional.of(cooled) : Optional.empty(),
          policy.cooldownEnds(book.snapshot().get(KEY)), "a new alert waits only where the cooldown holds new ones");
    }
  }

  @Test
  void aWallClockSteppedAnHourForwardEndsNoCooldownEarlyAndOneSteppedBackStretchesNone() {
    RuleSpec rule = RuleFixtures.spec("high", Duration.ZERO, Duration.ofMinutes(5), List.of());
    AtomicLong steadySeconds = new AtomicLong();
    DebounceBook book = new DebounceBook(Map.of("high", rule.notice()), Map.of("home-1", OSLO), Map.of(), List.of(),
        Set.of(), () -> steadySeconds.get() * 1_000_000_000L);
    assertEquals(Notification.Kind.FIRING, book.onChange(firing(T0), T0).get(0).kind());

    steadySeconds.set(60);
    Instant anHourAhead = T0.plus(Duration.ofHours(1)).plusSeconds(60);
    assertEquals(List.of(), book.onTick(anHourAhead), "a minute of the five has passed, whatever the wall clock says");
    steadySeconds.set(300);
    assertEquals(Notification.Kind.REPEAT, book.onTick(anHourAhead.plusSeconds(240)).get(0).kind());

    steadySeconds.set(600);
    Instant anHourBack = T0.minus(Duration.ofHours(1)).plusSeconds(600);
    assertEquals(Notification.Kind.REPEAT, book.onTick(anHourBack).get(0).kind(),
        "five minutes have passed since the last repeat, though the wall clock reads an hour before it");
  }

  @Test
  void aCooldownRestoredFromTheStateDirectoryRunsOnTheWallClock() {
    RuleSpec rule = RuleFixtures.spec("high", Duration.ZERO, Duration.ofMinutes(5), List.of());
    DebounceBook before = new DebounceBook(Map.of("high", rule.notice()), Map.of("home-1", OSLO), Map.of());
    before.onChange(firing(T0), T0);
    AtomicLong steadySeconds = new AtomicLong(1_000);
    DebounceBook after = new DebounceBook(Map.of("high", rule.notice()), Map.of("home-1", OSLO), before.snapshot(),
        List.of(), Set.of(), () -> steadySeconds.get() * 1_000_000_000L);
    assertEquals(List.of(), after.onTick(T0.plusSeconds(299)));
    assertEquals(Notification.Kind.REPEAT, after.onTick(T0.plusSeconds(300)).get(0).kind());
    steadySeconds.addAndGet(60);
    assertEquals(List.of(), after.onTick(T0.plusSeconds(3_600)),
        "the repeat this book sent runs its cooldown on steady time: a minute of five");
  }

  private static AlertChange.Firing firing(Instant at) {
    return new AlertChange.Firing(KEY, at, at, Map.of("value", "9000"));
  }

  @Test
  void noticesAreRenderedInTheHomesTimeZone() {
    RuleSpec rule = RuleFixtures.spec("high", Duration.ZERO, Duration.ofMinutes(5), List.of());
    DebounceBook book = new DebounceBook(Map.of("high", rule.notice()), Map.of("home-1", OSLO), Map.of());
    Instant since = T0.minusSeconds(90);
    Notification n = book.onChange(new AlertChange.Firing(KEY, T0, since,
        Map.of("home", "House", "value", "9000")), T0).get(0);
    assertEquals("High power at House", n.title());
    assertEquals("House draws 9000 W since 11:58", n.message());
    Notification resolved = book.onChange(new AlertChange.Resolved(KEY, T0.plusSeconds(60),
        Map.of("home", "House", "value", "500")), T0.plusSeconds(60)).get(0);
    assertEquals("House is back to 500 W at 12:01", resolved.message());
    assertEquals("CONSUMPTION", resolved.screenToOpen());
  }

  @Test
  void stateOfARemovedRuleIsDropped() {
    DebounceBook book = new DebounceBook(Map.of(), Map.of(), Map.of(KEY, AlertRecord.fresh()));
    assertTrue(book.snapshot().isEmpty());
  }

  @Test
  void aCorruptStateFileIsMovedAsideAndTheBookStartsClean() throws IOException {
    Files.writeString(dir.resolve(DebounceStore.FILE_NAME), "{ this is not json");
    DebounceStore store = new DebounceStore(dir, Json.mapper(), Clock.systemUTC());
    assertTrue(store.load().isEmpty());
    try (var files = Files.list(dir)) {
      assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("alerts.json.corrupt-")));
    }
    store.save(Map.of(KEY, AlertRecord.fresh().firingSince(T0, Map.of()).sent(T0)));
    assertEquals(T0, store.load().get(KEY).lastSentAt());
  }
}
