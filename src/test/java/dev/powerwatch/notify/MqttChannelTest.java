package dev.powerwatch.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.Fixtures;
import dev.powerwatch.LogCapture;
import dev.powerwatch.LoopbackHttp;
import dev.powerwatch.metrics.Metrics;
import dev.powerwatch.mqtt.Mosquitto;
import dev.powerwatch.broker.MqttSettings;
import dev.powerwatch.mqtt.TopicRecorder;
import dev.powerwatch.support.Json;
import dev.powerwatch.support.Secret;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The mqtt channel against Debian's mosquitto: what a subscriber receives, and each way it can fail. */
class MqttChannelTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final String[] USER = {"automations", "mqtt-n0tice-pw"};
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Notification NOTICE = ChannelRequestTest.NOTICE;

  @TempDir
  Path dir;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeEach
  void needsMosquitto() {
    Mosquitto.assumeInstalled();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private Mosquitto broker(Optional<String[]> user) throws Exception {
    Mosquitto broker = Mosquitto.start(dir, user);
    closing.add(broker);
    return broker;
  }

  private TopicRecorder recorder(Mosquitto broker, Optional<String[]> user) throws Exception {
    TopicRecorder recorder = new TopicRecorder(broker.url(), user);
    closing.add(0, recorder);
    return recorder;
  }

  private static MqttSettings settings(String url, Optional<String[]> user) {
    return new MqttSettings(Optional.of(URI.create(url)), user.map(u -> u[0]), user.map(u -> Secret.of(u[1])),
        Optional.empty(), "powerwatch-test", "powerwatch", "homeassistant", true, Duration.ofSeconds(10), 1, 1000,
        Duration.ofSeconds(1), Duration.ofMinutes(2));
  }

  private static Channel channel(MqttSettings mqtt, String hocon) {
    String config = "notify { retry-min = 50ms, retry-max = 200ms, give-up-after = 1h, request-timeout = 5s,"
        + " channels = [{ type = mqtt, name = automations, " + hocon + " }] }";
    return new ChannelLoader().load(ConfigFactory.parseString(config),
        new ChannelFactory.Context(null, mqtt, Json.mapper())).channels().get(0);
  }

  private static Outcome send(Channel channel, Duration timeout) throws Exception {
    Outcome outcome = ChannelSender.send(testKit.system(), channel, NOTICE, timeout, Clock.systemUTC())
        .toCompletableFuture().get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    Fixtures.awaitTrue(testKit, "the channel's Paho threads ended", () -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.isAlive() && t.getName().contains("powerwatch-test-notify-")));
    return outcome;
  }

  @Test
  void aNoticeIsPublishedAsAJsonObjectByDefault() throws Exception {
    Mosquitto broker = broker(Optional.empty());
    TopicRecorder recorder = recorder(broker, Optional.empty());
    Channel channel = channel(settings(broker.url(), Optional.empty()), "topic = \"powerwatch/notices\"");

    Outcome outcome = send(channel, TIMEOUT);

    assertEquals(new Outcome.Delivered("acknowledged by the broker on powerwatch/notices"), outcome);
    Fixtures.awaitTrue(testKit, "the notice arrived", () -> !recorder.payloads("powerwatch/notices").isEmpty());
    TopicRecorder.Message message = recorder.messages().get(0);
    assertFalse(message.retained(), "not retained by default");
    JsonNode json = Json.mapper().readTree(message.payload());
    assertEquals(NOTICE.id(), json.get("id").asText());
    assertEquals("firing", json.get("kind").asText());
    assertEquals("critical", json.get("severity").asText());
    assertEquals("Hytta", json.get("home").asText());
    assertEquals("home-1", json.get("homeId").asText());
    assertEquals("high-power", json.get("rule").asText());
    assertEquals("High power at Hytta", json.get("title").asText());
    assertEquals("Hytta draws 9 100 W", json.get("message").asText());
    assertEquals("2026-11-22T12:00:00Z", json.get("at").asText());
    assertEquals("9100", json.get("values").get("value").asText());
  }

  @Test
  void aTemplatePayloadGoesToATopicWithTheHomeAndRule() throws Exception {
    Mosquitto broker = broker(Optional.empty());
    TopicRecorder recorder = recorder(broker, Optional.empty());
    Channel channel = channel(settings(broker.url(), Optional.empty()),
        "topic = \"powerwatch/{homeId}/{rule}\", payload = \"{kind}: {title} ({value} W)\", qos = 2, retain = true");

    assertInstanceOf(Outcome.Delivered.class, send(channel, TIMEOUT));

    String topic = "powerwatch/home-1/high-power";
    Fixtures.awaitTrue(testKit, "the notice arrived", () -> !recorder.payloads(topic).isEmpty());
    assertEquals(List.of("firing: High power at Hytta (9100 W)"), recorder.payloads(topic));
    TopicRecorder later = recorder(broker, Optional.empty());
    Fixtures.awaitTrue(testKit, "the retained notice reached a later subscriber", () -> later.messages().stream()
        .anyMatch(m -> m.topic().equals(topic) && m.retained()));
  }

  @Test
  void withTheRightPasswordTheNoticeIsDelivered() throws Exception {
    Mosquitto broker = broker(Optional.of(USER));
    TopicRecorder recorder = recorder(broker, Optional.of(USER));
    Channel channel = channel(settings(broker.url(), Optional.of(USER)), "topic = notices");

    assertInstanceOf(Outcome.Delivered.class, send(channel, TIMEOUT));
    Fixtures.awaitTrue(testKit, "the notice arrived", () -> !recorder.payloads("notices").isEmpty());
  }

  @Test
  void aRefusedLoginIsRetriedAndSaysSoWithoutThePassword() throws Exception {
    Mosquitto broker = broker(Optional.of(USER));
    String[] wrong = {USER[0], "wr0ng-n0tice-pw"};
    Channel channel = channel(settings(broker.url(), Optional.of(wrong)), "topic = notices");

    Outcome[] outcome = new Outcome[1];
    List<ILoggingEvent> logs = LogCapture.during(() -> outcome[0] = send(channel, TIMEOUT));

    Outcome.Retry retry = assertInstanceOf(Outcome.Retry.class, outcome[0]);
    assertTrue(retry.detail().contains("refused the login"), retry.detail());
    assertFalse(retry.detail().contains(wrong[1]), retry.detail());
    logs.forEach(e -> assertFalse(e.getFormattedMessage().contains(wrong[1]), e.getFormattedMessage()));
  }

  @Test
  void aBrokerThatIsDownIsRetried() throws Exception {
    Channel channel = channel(settings("tcp://127.0.0.1:" + LoopbackHttp.freePort(), Optional.empty()),
        "topic = notices");

    Outcome.Retry retry = assertInstanceOf(Outcome.Retry.class, send(channel, TIMEOUT));
    assertTrue(retry.detail().startsWith("cannot connect to tcp://127.0.0.1:"), retry.detail());
  }

  @Test
  void aBrokerThatNeverAnswersIsRetriedAfterTheTimeout() throws Exception {
    // the kernel completes the TCP handshake; nobody ever answers MQTT's CONNECT
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Channel channel = channel(settings("tcp://127.0.0.1:" + silent.getLocalPort(), Optional.empty()),
          "topic = notices");

      long start = System.nanoTime();
      Outcome.Retry retry = assertInstanceOf(Outcome.Retry.class, send(channel, Duration.ofMillis(300)));

      assertEquals("cannot connect to tcp://127.0.0.1:" + silent.getLocalPort() + ": no answer within 300 ms",
          retry.detail());
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3), "within about the timeout");
    }
  }

  @Test
  void theNotifierDeliversANoticeOnceTheBrokerIsBack(@TempDir Path stateDir) throws Exception {
    Mosquitto broker = broker(Optional.empty());
    Channel channel = channel(settings(broker.url(), Optional.empty()), "topic = notices, retain = true");
    broker.stop();
    NotifySettings settings = new NotifySettings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofHours(1),
        TIMEOUT, List.of(channel));
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try {
      ActorRef<Notifier.Command> notifier = testKit.spawn(Notifier.create(settings,
          new Outbox(stateDir, Json.mapper()), Clock.systemUTC(), new Random(1), Duration.ofMillis(50),
          Metrics.withoutJvm()));
      Notification now = new Notification(NOTICE.id(), NOTICE.homeId(), NOTICE.rule(), NOTICE.kind(),
          NOTICE.severity(), NOTICE.title(), NOTICE.message(), NOTICE.screenToOpen(), NOTICE.values(), Instant.now(),
          List.of());
      notifier.tell(new Notifier.Submit(now, testKit.system().ignoreRef()));
      Fixtures.awaitTrue(testKit, "a failed attempt, to be retried", () -> warnings(logs).stream()
          .anyMatch(l -> l.startsWith("Channel automations failed") && l.contains("cannot connect")));
      broker.startAgain();
      TopicRecorder recorder = recorder(broker, Optional.empty());
      Fixtures.awaitTrue(testKit, "the notice arrived", () -> recorder.latest("notices") != null);
      testKit.stop(notifier);
    } finally {
      root.detachAppender(logs);
    }
  }

  private static List<String> warnings(ListAppender<ILoggingEvent> logs) {
    synchronized (logs) {
      return LogCapture.at(List.copyOf(logs.list), "WARN");
    }
  }
}
