package dev.powerwatch.mqtt;

import dev.powerwatch.broker.MqttSettings;
import static dev.powerwatch.Fixtures.HOME_A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorSystem;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.Fixtures;
import dev.powerwatch.LoopbackHttp;
import dev.powerwatch.PowerWatch;
import dev.powerwatch.http.HttpSettings;
import dev.powerwatch.rules.Rule;
import dev.powerwatch.rules.RuleLoader;
import dev.powerwatch.settings.Settings;
import dev.powerwatch.simulator.SimulatedClock;
import dev.powerwatch.simulator.TibberSimulator;
import dev.powerwatch.support.Json;
import dev.powerwatch.support.Secret;
import dev.powerwatch.support.SettingsException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The daemon against Debian's mosquitto, as Home Assistant sees it: a client on {@code #} reads the
 * discovery, the states and the alerts, and presses the mute buttons. The simulator moves a shared
 * clock two seconds per reading.
 */
class MqttIntegrationTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final String RULE = """
      { name = high-power, type = threshold, field = power, above = 8000, clear = 7000, cooldown = 60s,
        resolved = true, title = "High power at {home}", resolved-title = "Power normal at {home}" }""";
  private static final String[] USER = {"powerwatch", "mqtt-s3cret-pw"};

  @TempDir
  Path dir;
  private final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-22T02:00:00Z"));
  private TibberSimulator simulator;
  private Mosquitto broker;
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final List<ActorSystem<PowerWatch.Command>> daemons = new ArrayList<>();

  @BeforeEach
  void start() {
    Mosquitto.assumeInstalled();
    simulator = TibberSimulator.start(testKit.system(), Fixtures.simulatorConfig().withInterval(Duration.ofMillis(20)),
        Json.mapper(), clock);
    simulator.advancePerReading(clock, Duration.ofSeconds(2));
  }

  @AfterEach
  void stop() throws Exception {
    daemons.forEach(ActorSystem::terminate);
    daemons.forEach(d -> d.getWhenTerminated().toCompletableFuture().join());
    for (AutoCloseable c : closing) {
      c.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private Mosquitto broker(Optional<String[]> user) throws Exception {
    broker = Mosquitto.start(dir, user);
    closing.add(broker);
    return broker;
  }

  private TopicRecorder recorder(Optional<String[]> user) throws Exception {
    TopicRecorder recorder = new TopicRecorder(broker.url(), user);
    closing.add(0, recorder);
    return recorder;
  }

  private ActorSystem<PowerWatch.Command> startDaemon(Optional<String> password) {
    return startDaemon(password, RULE, HttpSettings.disabled());
  }

  private ActorSystem<PowerWatch.Command> startDaemon(Optional<String> password, String ruleList, HttpSettings http) {
    return startDaemon(password, ruleList, http, 1000);
  }

  private ActorSystem<PowerWatch.Command> startDaemon(Optional<String> password, String ruleList, HttpSettings http,
      int buffer) {
    List<Rule> rules = new RuleLoader().load(ConfigFactory.parseString("rules = [" + ruleList + "]"));
    Settings base = Fixtures.settings(Fixtures.tibberSettings(simulator, List.of(HOME_A)), dir.resolve("state"), rules,
        http);
    MqttSettings mqtt = new MqttSettings(Optional.of(URI.create(broker.url())),
        password.map(p -> USER[0]), password.map(Secret::of), Optional.empty(), "powerwatch-test", "powerwatch",
        "homeassistant", true, Duration.ofMillis(100), 1, buffer, Duration.ofMillis(100), Duration.ofMillis(400));
    Settings settings = new Settings(base.tibber(), base.feed(), base.stateDir(), base.rules(), base.notifications(),
        base.alertTick(), base.http(), mqtt);
    ActorSystem<PowerWatch.Command> daemon = ActorSystem.create(PowerWatch.create(settings,
        Fixtures.dependencies(testKit, simulator, clock), List.of(), new CompletableFuture<SettingsException>()),
        "daemon-" + daemons.size(), ConfigFactory.load());
    daemons.add(daemon);
    return daemon;
  }

  private static String topic(String... levels) {
    return "powerwatch/" + HOME_A + "/" + String.join("/", levels);
  }

  private void awaitPayload(TopicRecorder recorder, String topic, String payload) {
    Fixtures.awaitTrue(testKit, topic + " = " + payload, () -> payload.equals(recorder.latest(topic)));
  }

  private Map<String, JsonNode> configs(TopicRecorder recorder) {
    Map<String, JsonNode> configs = new java.util.TreeMap<>();
    recorder.latest().forEach((topic, payload) -> {
      if (topic.startsWith("homeassistant/") && topic.endsWith("/config") && !payload.isEmpty()) {
        try {
          configs.put(topic, Json.mapper().readTree(payload));
        } catch (java.io.IOException e) {
          throw new AssertionError(topic + " is not JSON: " + payload, e);
        }
      }
    });
    return configs;
  }

  @Test
  void homeAssistantFindsTheHomeAndItsAlertAndTheMuteButtonHoldsTheNextSpike() throws Exception {
    broker(Optional.empty());
    TopicRecorder ha = recorder(Optional.empty());
    startDaemon(Optional.empty());
    awaitPayload(ha, "powerwatch/status", "online");
    Set<String> objects = Set.of("power", "power_average", "energy_today", "cost_today", "feed", "muted", "mute",
        "unmute", "high-power_alert");
    Fixtures.awaitTrue(testKit, "a config for each of " + objects, () -> configs(ha).size() == objects.size());
    Map<String, JsonNode> configs = configs(ha);
    Set<String> uniqueIds = new HashSet<>();
    for (JsonNode config : configs.values()) {
      for (String key : List.of("name", "unique_id", "availability_topic")) {
        assertTrue(config.hasNonNull(key), key + " in " + config);
      }
      assertTrue(config.hasNonNull("state_topic") || config.hasNonNull("command_topic"), config.toString());
      assertEquals("powerwatch/status", config.get("availability_topic").asText());
      JsonNode device = config.get("device");
      assertEquals("powerwatch_" + HOME_A, device.get("identifiers").get(0).asText());
      assertEquals("House", device.get("name").asText());
      assertTrue(device.hasNonNull("sw_version"), config.toString());
      assertTrue(uniqueIds.add(config.get("unique_id").asText()), "unique ids are unique: " + config);
    }
    JsonNode energy = configs.get("homeassistant/sensor/powerwatch_" + HOME_A + "/energy_today/config");
    assertEquals("energy", energy.get("device_class").asText());
    assertEquals("total_increasing", energy.get("state_class").asText());
    assertEquals("kWh", energy.get("unit_of_measurement").asText());
    configs.values().stream().filter(c -> c.has("state_topic")).map(c -> c.get("state_topic").asText())
        .forEach(state -> Fixtures.awaitTrue(testKit, state + " published", () -> ha.latest(state) != null));

    simulator.playProfile(HOME_A, Fixtures.watts(3, 500, 10, 9000, 10, 500));
    Fixtures.awaitTrue(testKit, "the alert ON then OFF", () -> ha.payloads(topic("high-power", "alert"))
        .stream().dropWhile("OFF"::equals).toList().containsAll(List.of("ON", "OFF")));
    Fixtures.awaitTrue(testKit, "the spike's two pushes", () -> simulator.pushes().size() == 2);

    ha.publish(topic("mute", "set"), "PRESS");
    awaitPayload(ha, topic("muted"), "ON");
    simulator.playProfile(HOME_A, Fixtures.watts(60, 9000, 10, 500));
    awaitPayload(ha, topic("high-power", "alert"), "ON");
    assertEquals(2, simulator.pushes().size(), "the muted spike sent nothing yet");
    ha.publish(topic("unmute", "set"), "PRESS");
    awaitPayload(ha, topic("muted"), "OFF");
    Fixtures.awaitTrue(testKit, "the held notice, once", () -> simulator.pushes().size() >= 3);
    assertEquals("High power at House", simulator.pushes().get(2).title());

    ha.clear();
    ha.publish("homeassistant/status", "online");
    Fixtures.awaitTrue(testKit, "the configs again after Home Assistant's online",
        () -> configs(ha).keySet().equals(configs.keySet()));
    awaitPayload(ha, topic("feed"), "ON");

    restart(() -> {
      awaitPayload(ha, "powerwatch/status", "offline");
      ha.clear();
      startDaemon(Optional.empty());
    });
    awaitPayload(ha, "powerwatch/status", "online");
    Fixtures.awaitTrue(testKit, "the same entities after a restart", () -> configs(ha).size() == objects.size());
    Set<String> again = new HashSet<>();
    configs(ha).values().forEach(c -> again.add(c.get("unique_id").asText()));
    assertEquals(uniqueIds, again);

    restart(() -> startDaemon(Optional.empty(), "", HttpSettings.disabled()));
    String alertConfig = "homeassistant/binary_sensor/powerwatch_" + HOME_A + "/high-power_alert/config";
    Fixtures.awaitTrue(testKit, "the removed rule's entity emptied", () -> "".equals(ha.latest(alertConfig)));
  }

  private void restart(Runnable start) {
    ActorSystem<PowerWatch.Command> running = daemons.remove(0);
    running.terminate();
    running.getWhenTerminated().toCompletableFuture().join();
    start.run();
  }

  @Test
  void aBrokerThatGoesAwayIsToldOnceAndGetsTheStatesAgainAndThePasswordIsNeverShown() throws Exception {
    broker(Optional.of(USER));
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger bridgeLog = (Logger) LoggerFactory.getLogger(MqttBridge.class);
    Level before = bridgeLog.getLevel();
    bridgeLog.setLevel(Level.DEBUG);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try {
      startDaemon(Optional.of("not-the-password"));
      Fixtures.awaitTrue(testKit, "the refused login told", () -> logs.list.stream().anyMatch(e -> e.getLevel()
          == Level.WARN && e.getFormattedMessage().contains("refused the login")));
      restart(() -> { });

      TopicRecorder ha = recorder(Optional.of(USER));
      URI api = URI.create("http://127.0.0.1:" + LoopbackHttp.freePort() + "/");
      startDaemon(Optional.of(USER[1]), RULE, new HttpSettings(true, "127.0.0.1", api.getPort()), 10);
      awaitPayload(ha, topic("feed"), "ON");
      int warnsBefore = warnings(logs);
      broker.stop();
      Fixtures.awaitTrue(testKit, "two tries while the broker is away", () -> logs.list.stream()
          .filter(e -> e.getFormattedMessage().contains("still unreachable")).count() >= 2);
      assertEquals(warnsBefore + 1, warnings(logs), "one WARN for the whole outage");
      JsonNode state = Json.mapper().readTree(LoopbackHttp.get(api.resolve("api/state")).body());
      assertFalse(state.get("mqtt").get("connected").asBoolean(), state.toString());
      assertTrue(state.get("mqtt").get("detail").asText().contains("next try in"), state.toString());
      // /ready's reasons are the feed's and the state directory's; while the feed settles it may say SUBSCRIBING
      Fixtures.awaitTrue(testKit, "/ready 200 with the broker away",
          () -> LoopbackHttp.get(api.resolve("ready")).statusCode() == 200);
      assertTrue(LoopbackHttp.get(api.resolve("metrics")).body()
          .contains("powerwatch_mqtt_connected 0.0"));
      Fixtures.awaitTrue(testKit, "the oldest of the 10 waiting messages dropped and counted", () -> dropped(api) > 0
          && LoopbackHttp.get(api.resolve("metrics")).body().lines()
              .anyMatch(l -> l.startsWith("powerwatch_mqtt_dropped_total ") && !l.endsWith(" 0.0")));
      broker.startAgain();
      TopicRecorder after = recorder(Optional.of(USER));
      awaitPayload(after, "powerwatch/status", "online");
      awaitPayload(after, topic("feed"), "ON");
      Fixtures.awaitTrue(testKit, "said it is back", () -> logs.list.stream()
          .anyMatch(e -> e.getFormattedMessage().contains("reachable again")));
      assertFalse(logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains(USER[1])
          || String.valueOf(e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())
              .contains(USER[1])), "the password is in no log line");
      assertFalse(after.messages().stream().anyMatch(m -> m.payload().contains(USER[1])));
    } finally {
      root.detachAppender(logs);
      bridgeLog.setLevel(before);
    }
  }

  private static long dropped(URI api) {
    try {
      return Json.mapper().readTree(LoopbackHttp.get(api.resolve("api/state")).body()).get("mqtt").get("dropped")
          .asLong();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int warnings(ListAppender<ILoggingEvent> logs) {
    return (int) logs.list.stream().filter(e -> e.getLevel() == Level.WARN
        && e.getLoggerName().endsWith("MqttBridge")).count();
  }
}
