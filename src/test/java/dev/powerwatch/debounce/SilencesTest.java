package dev.powerwatch.debounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.powerwatch.notify.Notification;
import dev.powerwatch.rules.RuleFixtures;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Silences in the debounce state machine, as scripts of seconds: {@code F} the alert fires,
 * {@code R} it resolves, {@code T} a tick, {@code S} a restart (alerts and silences saved and
 * reloaded), {@code M300} a silence of the home until second 300, {@code O300} the same for
 * another rule, {@code E} the last silence ended. The cooldown is 300 s.
 */
class SilencesTest {
  private static final Instant T0 = Instant.parse("2026-11-22T11:00:00Z");
  private static final AlertKey KEY = new AlertKey("home-1", "high");
  private static final Map<String, ZoneId> HOMES = Map.of("home-1", ZoneId.of("Europe/Oslo"));

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "held, then once when it ends        | 0:M100 10:F 50:T 99:T 100:T 101:T 200:T | 100:FIRING",
      "resolved meanwhile sends nothing    | 0:M100 10:F 50:R 100:T 200:T            | ''",
      "a repeat waits for the end          | 0:F 10:M400 300:T 399:T 400:T 401:T     | 0:FIRING 400:REPEAT",
      "the resolved notice is muted too    | 0:F 10:M400 100:R 400:T 500:T           | 0:FIRING",
      "ending it early lets the notice out | 0:M1000 10:F 50:E 51:T 60:T             | 51:FIRING",
      "another rule's silence mutes not    | 0:O1000 10:F 20:R                       | 10:FIRING 20:RESOLVED",
      "it survives a restart               | 0:M100 10:F 20:S 50:T 100:T             | 100:FIRING",
      "an ended silence mutes nothing      | 0:M100 150:F                            | 150:FIRING",
      "the cooldown still counts after it  | 0:F 10:M100 100:T 200:T 300:T           | 0:FIRING 300:REPEAT"})
  void scripts(String name, String script, String expected) {
    DebounceStore store = new DebounceStore(dir, Json.mapper(), Clock.systemUTC());
    DebounceBook book = book(Map.of(), List.of());
    List<String> sent = new ArrayList<>();
    String lastSilence = null;
    for (String step : script.trim().split("\\s+")) {
      long second = Long.parseLong(step.substring(0, step.indexOf(':')));
      String action = step.substring(step.indexOf(':') + 1);
      Instant now = T0.plusSeconds(second);
      List<Notification> out = new ArrayList<>();
      switch (action.charAt(0)) {
        case 'F' -> out.addAll(book.onChange(new AlertChange.Firing(KEY, now, now, Map.of("value", "9000")), now));
        case 'R' -> out.addAll(book.onChange(new AlertChange.Resolved(KEY, now, Map.of("value", "500")), now));
        case 'T' -> out.addAll(book.onTick(now));
        case 'M', 'O' -> lastSilence = created(book.addSilence(new Silence.Request("home-1",
            action.charAt(0) == 'M' ? null : "other", null, T0.plusSeconds(Long.parseLong(action.substring(1))),
            null, "test", "sauna"), now)).id();
        case 'E' -> assertTrue(book.endSilence(lastSilence, now).isPresent());
        case 'S' -> {
          store.save(book.snapshot());
          store.saveSilences(book.silences());
          DebounceStore reopened = new DebounceStore(dir, Json.mapper(), Clock.systemUTC());
          book = book(reopened.load(), reopened.loadSilences());
        }
        default -> throw new IllegalArgumentException(step);
      }
      out.forEach(n -> sent.add(second + ":" + n.kind()));
    }
    assertEquals(expected.trim(), String.join(" ", sent));
  }

  @Test
  void aHeldNoticeIsRecordedWithItsSilence() {
    DebounceBook book = book(Map.of(), List.of());
    Silence silence = created(book.addSilence(request("home-1", null, 600), T0));
    book.onChange(new AlertChange.Firing(KEY, T0, T0, Map.of()), T0);
    assertEquals(silence.id(), book.snapshot().get(KEY).silencedBy());
    assertEquals(List.of(KEY), book.takeNewlySilenced());
    book.onTick(T0.plusSeconds(10));
    assertEquals(List.of(), book.takeNewlySilenced(), "held once, counted once");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "an unknown home        | elsewhere |       | 600        | no home 'elsewhere' here (this daemon watches home-1)",
      "an unknown rule        | home-1    | hihg  | 600        | no rule 'hihg' here (the rules are high, other)",
      "an end in the past     | home-1    |       | -1         | the silence would end (2026-11-22T10:59:59Z) before it starts",
      "no end                 | home-1    |       |            | a silence needs its end (endsAt, or for such as 1h)",
      "longer than a year     | home-1    |       | 40000000   | a silence may last at most 366 days"})
  void badRequestsAreRefusedByName(String name, String home, String rule, Long endsInSeconds, String reason) {
    DebounceBook book = book(Map.of(), List.of());
    Silences.Outcome outcome = book.addSilence(new Silence.Request(home, rule,
        null, endsInSeconds == null ? null : T0.plusSeconds(endsInSeconds), null, "test", ""), T0);
    Silences.Outcome.Refused refused = assertInstanceOf(Silences.Outcome.Refused.class, outcome);
    assertTrue(refused.reason().startsWith(reason), refused.reason());
    assertTrue(book.silences().isEmpty());
  }

  @Test
  void aCommentTooLongIsRefused() {
    Silences.Outcome outcome = book(Map.of(), List.of()).addSilence(new Silence.Request(null, null, null,
        T0.plusSeconds(60), null, "test", "x".repeat(Silences.LONGEST_TEXT + 1)), T0);
    assertInstanceOf(Silences.Outcome.Refused.class, outcome);
  }

  @Test
  void aSilenceStillToComeMutesFromItsStart() {
    DebounceBook book = book(Map.of(), List.of());
    created(book.addSilence(new Silence.Request(null, null, T0.plusSeconds(100), T0.plusSeconds(200), null, "", ""), T0));
    Instant early = T0.plusSeconds(50);
    assertEquals(1, book.onChange(new AlertChange.Firing(KEY, early, early, Map.of()), early).size());
    Silence silence = book.silences().get(0);
    assertTrue(silence.mutes(KEY, T0.plusSeconds(100)) && !silence.mutes(KEY, T0.plusSeconds(99)));
    assertEquals("unknown", silence.createdBy(), "a blank creator is named as unknown");
  }

  @Test
  void aLengthCountsFromTheStart() {
    DebounceBook book = book(Map.of(), List.of());
    Silence silence = created(book.addSilence(new Silence.Request("home-1", "high", T0.plusSeconds(600), null,
        Duration.ofHours(1), "test", ""), T0));
    assertEquals(T0.plusSeconds(600 + 3600), silence.endsAt());
    Silence now = created(book.addSilence(new Silence.Request(null, null, null, null, Duration.ofMinutes(5), "", ""),
        T0));
    assertEquals(T0, now.startsAt());
    assertEquals(T0.plusSeconds(300), now.endsAt());
  }

  @Test
  void endedSilencesAreForgottenOnExpiry() {
    DebounceBook book = book(Map.of(), List.of());
    created(book.addSilence(request(null, null, 60), T0));
    assertTrue(!book.expireSilences(T0.plusSeconds(59)) && book.silences().size() == 1);
    assertTrue(book.expireSilences(T0.plusSeconds(60)) && book.silences().isEmpty());
  }

  @Test
  void aDamagedSilencesFileIsMovedAsideAndNothingIsMuted() throws IOException {
    Files.writeString(dir.resolve(DebounceStore.SILENCES_FILE_NAME), "[{\"id\": \"x\"}]");
    DebounceStore store = new DebounceStore(dir, Json.mapper(), Clock.systemUTC());
    assertTrue(store.loadSilences().isEmpty());
    try (var files = Files.list(dir)) {
      assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("silences.json.corrupt-")));
    }
  }

  private static Silence.Request request(String home, String rule, long endsInSeconds) {
    return new Silence.Request(home, rule, null, T0.plusSeconds(endsInSeconds), null, "test", "");
  }

  private static Silence created(Silences.Outcome outcome) {
    return assertInstanceOf(Silences.Outcome.Created.class, outcome).silence();
  }

  @Test
  void aResolvedNoticeHeldByQuietHoursGoesOutAtTheirEndThoughASilenceCameAndWentMeanwhile() {
    NoticePolicy quietly = RuleFixtures.spec("high", Duration.ZERO, Duration.ofMinutes(5),
        List.of(QuietHours.parse("12:05-12:10"))).notice();
    DebounceBook book = new DebounceBook(Map.of("high", quietly), HOMES, Map.of(), List.of());
    assertEquals(Notification.Kind.FIRING, book.onChange(new AlertChange.Firing(KEY, T0, T0, Map.of("value", "9000")),
        T0).get(0).kind());
    Instant cleared = T0.plusSeconds(400);
    assertEquals(List.of(), book.onChange(new AlertChange.Resolved(KEY, cleared, Map.of("value", "500")), cleared),
        "12:06:40 is in quiet hours: held");
    created(book.addSilence(request("home-1", null, 480), T0.plusSeconds(420)));
    assertEquals(List.of(), book.onTick(T0.plusSeconds(450)));
    assertEquals(List.of(), book.onTick(T0.plusSeconds(500)));

    List<Notification> atTheEnd = book.onTick(T0.plusSeconds(600));

    assertEquals(List.of(Notification.Kind.RESOLVED), atTheEnd.stream().map(Notification::kind).toList(),
        "the silence was over when the quiet hours ended");
  }

  private static DebounceBook book(Map<AlertKey, AlertRecord> alerts, List<Silence> silences) {
    NoticePolicy high = RuleFixtures.spec("high", Duration.ZERO, Duration.ofMinutes(5), List.of()).notice();
    NoticePolicy other = RuleFixtures.spec("other", Duration.ZERO, Duration.ofMinutes(5), List.of()).notice();
    return new DebounceBook(Map.of("high", high, "other", other), HOMES, alerts, silences);
  }
}
