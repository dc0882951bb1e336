package dev.powerwatch.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.Fixtures;
import dev.powerwatch.LogCapture;
import dev.powerwatch.metrics.Metrics;
import dev.powerwatch.broker.MqttSettings;
import dev.powerwatch.support.Json;
import dev.powerwatch.support.Secret;
import dev.powerwatch.tibber.TibberSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each channel, configured from HOCON, sends its request to a local server that checks it. */
class ChannelRequestTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final ObjectMapper mapper = Json.mapper();
  static final Notification NOTICE = new Notification("0b6c1f4e-1111-4c55-9d5e-2a7a0f0c0001", "home-1", "high-power",
      Notification.Kind.FIRING, Severity.CRITICAL, "High power at Hytta", "Hytta draws 9 100 W", "CONSUMPTION",
      Map.of("home", "Hytta", "value", "9100"), Instant.parse("2026-11-22T12:00:00Z"), List.of());

  @TempDir
  Path stateDir;
  private RecordingServer server;

  @BeforeEach
  void start() throws Exception {
    server = new RecordingServer(testKit.system());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private Channel channel(String hocon) {
    TibberSettings tibber = new TibberSettings(URI.create(server.url() + "/v1-beta/gql"), Secret.of("tibber-secret"),
        List.of(), Duration.ofSeconds(5), "powerwatch/test akka-http/10.5.3");
    String config = "notify { retry-min = 50ms, retry-max = 200ms, give-up-after = 1h, request-timeout = 5s,"
        + " channels = [" + hocon + "] }";
    return new ChannelLoader().load(ConfigFactory.parseString(config), new ChannelFactory.Context(tibber, MqttSettings.disabled(), mapper))
        .channels().get(0);
  }

  private RecordingServer.Recorded send(Channel channel) throws Exception {
    NotifySettings settings = new NotifySettings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofHours(1),
        Duration.ofSeconds(5), List.of(channel));
    ActorRef<Notifier.Command> notifier = testKit.spawn(
        Notifier.create(settings, new Outbox(stateDir, mapper), Clock.systemUTC(), new Random(1), Duration.ofMillis(50), Metrics.withoutJvm()));
    RecordingServer.Recorded[] request = new RecordingServer.Recorded[1];
    List<ILoggingEvent> logs = LogCapture.during(() -> {
      notifier.tell(new Notifier.Submit(NOTICE, testKit.system().ignoreRef()));
      request[0] = server.take();
      Fixtures.awaitTrue(testKit, "the outbox emptied", () -> outboxFiles() == 0);
    });
    testKit.stop(notifier);
    assertTrue(logs.stream().anyMatch(e -> e.getFormattedMessage().startsWith("Sent '")),
        "delivered, by the service's own answer: " + LogCapture.at(logs, "ERROR"));
    return request[0];
  }

  private long outboxFiles() {
    return OutboxFiles.count(stateDir);
  }

  @Test
  void tibberPushIsTheMutationWithVariables() throws Exception {
    server.otherwise(RecordingServer.json(200,
        "{\"data\":{\"sendPushNotification\":{\"successful\":true,\"pushedToNumberOfDevices\":2}}}"));
    RecordingServer.Recorded r = send(channel("{ type = tibber }"));
    assertEquals("POST", r.method());
    assertEquals("/v1-beta/gql", r.path());
    assertEquals("Bearer tibber-secret", r.headers().get("Authorization"));
    assertTrue(r.headers().get("User-Agent").startsWith("powerwatch/"));
    JsonNode body = mapper.readTree(r.body());
    assertTrue(body.path("query").asText().contains("sendPushNotification(input: $input)"));
    JsonNode input = body.path("variables").path("input");
    assertEquals("High power at Hytta", input.path("title").asText());
    assertEquals("Hytta draws 9 100 W", input.path("message").asText());
    assertEquals("CONSUMPTION", input.path("screenToOpen").asText());
    assertFalse(body.path("query").asText().contains("Hytta"));
  }

  @Test
  void tibberPushGoesToThePhonesOfTheHomesOwnAccount() throws Exception {
    server.otherwise(RecordingServer.json(200,
        "{\"data\":{\"sendPushNotification\":{\"successful\":true,\"pushedToNumberOfDevices\":1}}}"));
    TibberPushChannel channel = (TibberPushChannel) channel("{ type = tibber }");
    channel.homesOfAccounts(Map.of(NOTICE.homeId(), Secret.of("north-secret"), "another-home", Secret.of("x")));
    assertEquals("Bearer north-secret", send(channel).headers().get("Authorization"));
    channel.homesOfAccounts(Map.of("another-home", Secret.of("north-secret")));
    assertEquals("Bearer tibber-secret", send(channel).headers().get("Authorization"), "a home of the main account");
  }

  @Test
  void ntfyPublishesJsonWithPriorityAndTags() throws Exception {
    server.otherwise(RecordingServer.json(200,
        "{\"id\":\"hwQ2YpKdmg\",\"time\":1700000000,\"event\":\"message\",\"topic\":\"pw-alerts-x7\"}"));
    RecordingServer.Recorded r = send(channel(
        "{ type = ntfy, name = phone, url = \"" + server.url() + "\", topic = \"pw-alerts-x7\", token = \"tk_abc\","
            + " tags = [house] }"));
    assertEquals("POST", r.method());
    assertEquals("/", r.path());
    assertEquals("Bearer tk_abc", r.headers().get("Authorization"));
    JsonNode body = mapper.readTree(r.body());
    assertEquals("pw-alerts-x7", body.path("topic").asText());
    assertEquals("High power at Hytta", body.path("title").asText());
    assertEquals("Hytta draws 9 100 W", body.path("message").asText());
    assertEquals(5, body.path("priority").asInt());
    assertEquals("[\"house\",\"zap\"]", body.path("tags").toString());
  }

  @Test
  void pushoverPostsTheForm() throws Exception {
    server.otherwise(RecordingServer.json(200, "{\"status\":1,\"request\":\"x\"}"));
    RecordingServer.Recorded r = send(channel(
        "{ type = pushover, url = \"" + server.url() + "\", token = \"app-token\", user = \"user-key\" }"));
    assertEquals("/1/messages.json", r.path());
    assertTrue(r.contentType().startsWith("application/x-www-form-urlencoded"), r.contentType());
    Map<String, String> form = RecordingServer.form(r.body());
    assertEquals("app-token", form.get("token"));
    assertEquals("user-key", form.get("user"));
    assertEquals("High power at Hytta", form.get("title"));
    assertEquals("Hytta draws 9 100 W", form.get("message"));
    assertEquals("1", form.get("priority"));
  }

  @Test
  void telegramSendsMessageToTheChat() throws Exception {
    server.otherwise(RecordingServer.json(200, "{\"ok\":true,\"result\":{}}"));
    RecordingServer.Recorded r = send(channel(
        "{ type = telegram, url = \"" + server.url() + "\", bot-token = \"123:ABC\", chat-id = \"-100200\" }"));
    assertEquals("/bot123:ABC/sendMessage", r.path());
    JsonNode body = mapper.readTree(r.body());
    assertEquals("-100200", body.path("chat_id").asText());
    assertEquals("High power at Hytta\nHytta draws 9 100 W", body.path("text").asText());
  }

  @Test
  void gotifyPostsAMessageWithTheAppKey() throws Exception {
    server.otherwise(RecordingServer.json(200, "{\"id\":25,\"appid\":5,\"message\":\"x\",\"priority\":8}"));
    RecordingServer.Recorded r = send(channel(
        "{ type = gotify, url = \"" + server.url() + "/gotify/\", token = \"AbCdEf\" }"));
    assertEquals("/gotify/message", r.path());
    assertEquals("AbCdEf", r.headers().get("X-Gotify-Key"));
    JsonNode body = mapper.readTree(r.body());
    assertEquals("High power at Hytta", body.path("title").asText());
    assertEquals(8, body.path("priority").asInt());
  }

  @Test
  void webhookPostsTheWholeAlert() throws Exception {
    RecordingServer.Recorded r = send(channel(
        "{ type = webhook, name = ha, url = \"" + server.url() + "/api/webhook/pw\","
            + " headers { Authorization = \"Bearer ha-secret\" } }"));
    assertEquals("/api/webhook/pw", r.path());
    assertEquals("Bearer ha-secret", r.headers().get("Authorization"));
    JsonNode body = mapper.readTree(r.body());
    assertEquals("Hytta", body.path("home").asText());
    assertEquals("home-1", body.path("homeId").asText());
    assertEquals("high-power", body.path("rule").asText());
    assertEquals("firing", body.path("state").asText());
    assertEquals("critical", body.path("severity").asText());
    assertEquals("9100", body.path("values").path("value").asText());
    assertEquals("Hytta draws 9 100 W", body.path("message").asText());
    assertEquals("2026-11-22T12:00:00Z", body.path("at").asText());
  }
}
