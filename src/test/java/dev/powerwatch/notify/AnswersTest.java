package dev.powerwatch.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.powerwatch.support.Json;
import dev.powerwatch.support.Secret;
import dev.powerwatch.tibber.TibberSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How answers from push services are read: delivered, retry, or refused for good. */
class AnswersTest {
  private static final String JSON = "application/json";
  private final HttpChannel telegram = new TelegramChannel("tg", "http://127.0.0.1:1", Secret.of("123:XYZ"), "42",
      Json.mapper());
  private final HttpChannel tibber = new TibberPushChannel("tibber", new TibberSettings(URI.create("http://127.0.0.1:1/gql"),
      Secret.of("tok"), List.of(), Duration.ofSeconds(1), "ua"), Json.mapper());
  private final HttpChannel pushover = new PushoverChannel("po", "http://127.0.0.1:1", Secret.of("a"), Secret.of("u"),
      Json.mapper());

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({"200, Delivered", "408, Retry", "429, Retry", "500, Retry", "503, Retry", "400, Permanent",
      "401, Permanent", "403, Permanent", "404, Permanent", "301, Permanent"})
  void statuses(int status, String kind) {
    Outcome o = Answers.classify(telegram, status, JSON, "{\"ok\":true}", null, Clock.systemUTC());
    assertEquals(kind, o.getClass().getSimpleName());
  }

  @Test
  void telegramsRetryAfterInTheBody() {
    Outcome o = Answers.classify(telegram, 429, JSON,
        "{\"ok\":false,\"error_code\":429,\"parameters\":{\"retry_after\":17}}", null, Clock.systemUTC());
    assertEquals(Optional.of(Duration.ofSeconds(17)), assertInstanceOf(Outcome.Retry.class, o).after());
  }

  @Test
  void theRetryAfterHeaderWins() {
    Outcome o = Answers.classify(telegram, 429, JSON, "{\"parameters\":{\"retry_after\":17}}", "30", Clock.systemUTC());
    assertEquals(Optional.of(Duration.ofSeconds(30)), assertInstanceOf(Outcome.Retry.class, o).after());
  }

  @Test
  void telegramOkFalseIsRefused() {
    assertInstanceOf(Outcome.Permanent.class, Answers.classify(telegram, 200, JSON, "{\"ok\":false}", null, Clock.systemUTC()));
  }

  @Test
  void tibberReadsTheMutationResult() {
    Outcome ok = Answers.classify(tibber, 200, JSON,
        "{\"data\":{\"sendPushNotification\":{\"successful\":true,\"pushedToNumberOfDevices\":3}}}", null,
        Clock.systemUTC());
    assertEquals("pushed to 3 device(s)", assertInstanceOf(Outcome.Delivered.class, ok).detail());
    Outcome refused = Answers.classify(tibber, 200, JSON,
        "{\"errors\":[{\"message\":\"bad screen\"}]}", null, Clock.systemUTC());
    assertTrue(assertInstanceOf(Outcome.Permanent.class, refused).detail().contains("bad screen"));
    assertInstanceOf(Outcome.Permanent.class, Answers.classify(tibber, 200, JSON,
        "{\"data\":{\"sendPushNotification\":{\"successful\":false}}}", null, Clock.systemUTC()));
    assertInstanceOf(Outcome.Retry.class, Answers.classify(tibber, 200, JSON, "<html>", null, Clock.systemUTC()));
  }

  @Test
  void pushoverStatusZeroIsRefused() {
    assertInstanceOf(Outcome.Delivered.class, Answers.classify(pushover, 200, JSON, "{\"status\":1}", null, Clock.systemUTC()));
    assertInstanceOf(Outcome.Permanent.class, Answers.classify(pushover, 200, JSON, "{\"status\":0}", null, Clock.systemUTC()));
  }

  @Test
  void bodiesInErrorsAreShortAndRedacted() {
    String body = "{\"description\":\"Unauthorized bot 123:XYZ\"}" + "x".repeat(1000);
    Outcome o = Answers.classify(telegram, 401, JSON, body, null, Clock.systemUTC());
    assertTrue(o.detail().contains("bot ***"), o.detail());
    assertTrue(o.detail().length() < 400, o.detail());
  }

  private final HttpChannel ntfy = new NtfyChannel("phone", "http://127.0.0.1:1", Secret.of("topic-x"), Optional.empty(),
      Optional.empty(), List.of(), Json.mapper());
  private final HttpChannel gotify = new GotifyChannel("g", "http://127.0.0.1:1", Secret.of("k"), Json.mapper());
  private final HttpChannel webhook = new WebhookChannel("hook", Secret.of("http://127.0.0.1:1/api/webhook/id-1234567890"),
      java.util.Map.of(), Json.mapper());

  @ParameterizedTest(name = "{0} answering {2}: {3}")
  @CsvSource(delimiter = '|', value = {
      "ntfy     | application/json | {\"id\":\"hwQ2YpKdmg\",\"event\":\"message\"} | Delivered",
      "ntfy     | application/json | {}                                                 | Retry",
      "ntfy     | text/plain       | ok                                                 | Retry",
      "gotify   | application/json | {\"id\":25,\"appid\":5}                         | Delivered",
      "gotify   | application/json | {\"error\":\"x\"}                               | Retry",
      "pushover | text/plain       | accepted                                           | Retry",
      "telegram | application/json | {\"ok\":true,\"result\":{}}                     | Delivered",
      "telegram | text/plain       | OK                                                 | Retry",
      "webhook  | text/plain       | ''                                                 | Delivered",
      "webhook  | application/json | {\"accepted\":true}                               | Delivered",
      "webhook  | text/html        | <html><body>Sign in</body></html>                  | Retry",
      "webhook  | text/plain       | <!DOCTYPE html><html></html>                       | Retry",
      "tibber   | text/html        | <html>captive portal</html>                        | Retry"})
  void aTwoHundredCountsOnlyWhenItIsTheServicesOwnAnswer(String channel, String type, String body, String kind) {
    HttpChannel c = switch (channel) {
      case "ntfy" -> ntfy;
      case "gotify" -> gotify;
      case "pushover" -> pushover;
      case "telegram" -> telegram;
      case "webhook" -> webhook;
      default -> tibber;
    };
    Outcome o = Answers.classify(c, 200, type, body, null, Clock.systemUTC());
    assertEquals(kind, o.getClass().getSimpleName(), o.detail());
    if (o instanceof Outcome.Retry) {
      assertTrue(o.detail().contains("is the URL right?"), o.detail());
    }
  }
}
