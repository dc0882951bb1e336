package dev.powerwatch;

import static dev.powerwatch.Fixtures.HOME_A;
import static dev.powerwatch.Fixtures.HOME_B;
import static dev.powerwatch.Fixtures.awaitMeasurement;
import static dev.powerwatch.Fixtures.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import dev.powerwatch.broker.MqttSettings;
import dev.powerwatch.feed.FeedSettings;
import dev.powerwatch.feed.LiveFeed;
import dev.powerwatch.http.HttpSettings;
import dev.powerwatch.metrics.Metrics;
import dev.powerwatch.notify.Notification;
import dev.powerwatch.notify.NotifySettings;
import dev.powerwatch.notify.Outbox;
import dev.powerwatch.notify.OutboxEntry;
import dev.powerwatch.notify.OutboxFiles;
import dev.powerwatch.notify.RecordingServer;
import dev.powerwatch.notify.Severity;
import dev.powerwatch.notify.ChannelFactory;
import dev.powerwatch.notify.ChannelLoader;
import dev.powerwatch.settings.Settings;
import dev.powerwatch.simulator.TibberSimulator;
import dev.powerwatch.support.Json;
import dev.powerwatch.support.Secret;
import dev.powerwatch.support.SettingsException;
import dev.powerwatch.tibber.AcceptedTokens;
import dev.powerwatch.tibber.Measurement;
import dev.powerwatch.tibber.TibberApi;
import dev.powerwatch.tibber.TibberSettings;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guardian with its real children against the simulator. */
class PowerWatchIntegrationTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  private TibberSimulator simulator;
  private TestProbe<Measurement> measurements;
  private final CompletableFuture<SettingsException> fatal = new CompletableFuture<>();

  @TempDir
  Path stateDir;

  @BeforeEach
  void start() {
    simulator = Fixtures.simulator(testKit);
    measurements = testKit.createTestProbe();
  }

  private final List<ActorRef<PowerWatch.Command>> daemons = new java.util.ArrayList<>();
  private FeedSettings feed = Fixtures.FAST_FEED;

  @AfterEach
  void stop() {
    daemons.forEach(testKit::stop);
    simulator.close();
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private ActorRef<PowerWatch.Command> startDaemon(List<String> homes, String token, Clock clock) {
    return startDaemon(homes, token, clock, HttpSettings.disabled());
  }

  private ActorRef<PowerWatch.Command> startDaemon(List<String> homes, String token, Clock clock, HttpSettings http) {
    return startDaemon(simulator.apiUrl(), homes, token, clock, http);
  }

  private ActorRef<PowerWatch.Command> startDaemon(URI apiUrl, List<String> homes, String token, Clock clock,
      HttpSettings http) {
    return startDaemon(apiUrl, homes, token, clock, http, null);
  }

  /** @param notify the channels, or null for the fixtures' */
  private ActorRef<PowerWatch.Command> startDaemon(URI apiUrl, List<String> homes, String token, Clock clock,
      HttpSettings http, NotifySettings notify) {
    TibberSettings tibber = new TibberSettings(apiUrl, Secret.of(token), homes,
        java.time.Duration.ofSeconds(5), "powerwatch/test akka-http/10.5.3");
    Settings fixed = Fixtures.settings(tibber, stateDir, List.of(), http);
    Settings settings = new Settings(tibber, feed, stateDir, fixed.rules(),
        notify == null ? fixed.notifications() : notify, fixed.alertTick(), http);
    LiveFeed.Dependencies deps = new LiveFeed.Dependencies(
        new TibberApi(testKit.system(), tibber, Json.mapper(), clock), tibber.token(), Json.mapper(), clock,
        new Random(3), Metrics.withoutJvm());
    ActorRef<Measurement> forward = measurements.ref();
    PowerWatch.SubscriberFactory tap = found -> forward::tell;
    ActorRef<PowerWatch.Command> daemon = testKit.spawn(PowerWatch.create(settings, deps, List.of(tap), fatal));
    daemons.add(daemon);
    return daemon;
  }

  @Test
  void withoutConfiguredHomesEveryHomeWithAPulseIsWatched() {
    startDaemon(List.of(), Fixtures.TOKEN, Clock.systemUTC());
    Set<String> seen = new HashSet<>();
    awaitMeasurement(measurements, m -> seen.add(m.homeId()) && seen.size() == 2);
    assertEquals(Set.of(HOME_A, HOME_B), seen);
    assertEquals(1, simulator.openSockets());
  }

  @Test
  void anUnknownConfiguredHomeEndsTheDaemonNamingIt() throws Exception {
    startDaemon(List.of(HOME_A, "no-such-home"), Fixtures.TOKEN, Clock.systemUTC());
    SettingsException problem = fatal.get(10, TimeUnit.SECONDS);
    assertEquals("powerwatch.tibber.homes", problem.key());
    assertTrue(problem.getMessage().contains("'no-such-home' is not on this Tibber account"), problem.getMessage());
    assertEquals(0, simulator.connectionAttempts());
  }

  @Test
  void aRejectedTokenAtStartEndsTheDaemonNamingTheKey() throws Exception {
    startDaemon(List.of(), "wrong-token", Clock.systemUTC());
    SettingsException problem = fatal.get(10, TimeUnit.SECONDS);
    assertEquals("powerwatch.tibber.token", problem.key());
    assertTrue(!problem.getMessage().contains("wrong-token"), problem.getMessage());
  }

  @Test
  void aTokenTibberAcceptedBeforeAndRefusesAtARestartIsWaitedForNotTakenForAWrongOne() throws Exception {
    FeedSettings fast = Fixtures.FAST_FEED;
    feed = new FeedSettings(fast.timeout(), fast.ackTimeout(), fast.backoffMin(), fast.backoffMax(), fast.stableAfter(),
        java.time.Duration.ofMillis(100), fast.rateLimitedWait(), fast.goingAwayMin(), fast.goingAwayMax());
    ActorRef<PowerWatch.Command> first = startDaemon(List.of(HOME_A), Fixtures.TOKEN, Clock.systemUTC());
    measurements.receiveMessage(Fixtures.AWAIT);
    testKit.stop(first);
    String remembered = java.nio.file.Files.readString(stateDir.resolve(AcceptedTokens.FILE_NAME));
    assertTrue(!remembered.contains(Fixtures.TOKEN), "kept as a digest: " + remembered);
    simulator.acceptTokens(Set.of());
    int asked = simulator.graphqlRequests();

    startDaemon(List.of(HOME_A), Fixtures.TOKEN, Clock.systemUTC());
    awaitTrue(testKit, "the restarted daemon asking Tibber again", () -> simulator.graphqlRequests() >= asked + 2);
    assertTrue(!fatal.isDone(), "revoked for a while is Tibber's doing, not the configuration's");
    simulator.restoreTokens();
    Instant restored = Instant.now();
    awaitMeasurement(measurements, m -> m.timestamp().toInstant().isAfter(restored));
  }

  @Test
  void whatTheOutboxHeldGoesOutAtStartWhileTibberCannotListTheHomesYet() throws Exception {
    try (RecordingServer hook = new RecordingServer(testKit.system())) {
      hook.otherwise(RecordingServer.json(200, "{}"));
      Notification left = new Notification("5d1e8c2a-0000-4f4f-8a8a-000000000001", HOME_A, "high",
          Notification.Kind.FIRING, Severity.WARNING, "High power at House", "House draws 9000 W", "CONSUMPTION",
          java.util.Map.of(), Instant.now(), List.of(), java.time.ZoneId.of("Europe/Oslo"));
      assertTrue(new Outbox(stateDir, Json.mapper()).save(new OutboxEntry(left, List.of("hook"))));
      NotifySettings notify = new ChannelLoader().load(com.typesafe.config.ConfigFactory.parseString(
          "notify { retry-min = 50ms, retry-max = 200ms, give-up-after = 1h, request-timeout = 5s,"
              + " channels = [{ type = webhook, name = hook, url = \""
              + hook.url() + "/hook\" }] }"),
          new ChannelFactory.Context(null, MqttSettings.disabled(), Json.mapper()));
      URI nobodyListens = URI.create("http://127.0.0.1:" + LoopbackHttp.freePort() + "/v1-beta/gql");

      startDaemon(nobodyListens, List.of(HOME_A), Fixtures.TOKEN, Clock.systemUTC(), HttpSettings.disabled(), notify);
      RecordingServer.Recorded delivered = hook.take();
      assertTrue(delivered.body().contains("\"title\":\"High power at House\""), delivered.body());
      awaitTrue(testKit, "the outbox is empty", () -> OutboxFiles.count(stateDir) == 0);
      assertTrue(!fatal.isDone(), "the daemon waits for Tibber");
    }
  }

  @Test
  void aCrashInsideTheFeedRestartsItAndTheSubscriptionComesBack() {
    FaultyClock clock = FaultyClock.system();
    ActorRef<PowerWatch.Command> daemon = startDaemon(List.of(HOME_A), Fixtures.TOKEN, clock);
    measurements.receiveMessage(Fixtures.AWAIT);
    TestProbe<ActorRef<LiveFeed.Command>> feedProbe = testKit.createTestProbe();
    daemon.tell(new PowerWatch.GetFeed(feedProbe.ref()));
    feedProbe.receiveMessage();
    clock.failNextMillis();
    awaitTrue(testKit, "a second subscription after the restart", () -> simulator.subscribeCount(HOME_A) == 2);
    Instant restarted = Instant.now();
    awaitMeasurement(measurements, m -> m.timestamp().toInstant().isAfter(restarted));
    assertEquals(1, simulator.openSockets());
  }

  @Test
  void aDaemonStartedWhileTibberIsUnreachableConnectsOnceItIsBack() throws Exception {
    int port = LoopbackHttp.freePort();
    startDaemon(URI.create("http://127.0.0.1:" + port + TibberSimulator.API_PATH), List.of(HOME_A), Fixtures.TOKEN,
        Clock.systemUTC(), HttpSettings.disabled());
    testKit.createTestProbe().expectNoMessage(java.time.Duration.ofMillis(500));
    assertTrue(!fatal.isDone(), "an unreachable Tibber is not a configuration error");
    try (TibberSimulator late = TibberSimulator.start(testKit.system(),
        Fixtures.simulatorConfig().withPorts(port, 0), Json.mapper(), Clock.systemUTC())) {
      awaitMeasurement(measurements, m -> m.homeId().equals(HOME_A));
      assertEquals(1, late.connectionAttempts());
    }
  }

  @Test
  void readinessAndStateExposeTheFeedWhileLivenessStaysUp() throws Exception {
    int port = LoopbackHttp.freePort();
    startDaemon(List.of(HOME_A), Fixtures.TOKEN, Clock.systemUTC(), new HttpSettings(true, "127.0.0.1", port));
    URI ready = URI.create("http://127.0.0.1:" + port + "/ready");
    URI health = URI.create("http://127.0.0.1:" + port + "/health");
    awaitTrue(testKit, "a ready daemon", () -> LoopbackHttp.get(ready).statusCode() == 200);
    awaitTrue(testKit, "a first measurement", () -> LoopbackHttp.get(URI.create("http://127.0.0.1:" + port
        + "/api/state")).body().contains("\"lastMeasurement\""));
    for (String alias : List.of("/api/state", "/state")) {
      HttpResponse<String> state = LoopbackHttp.get(URI.create("http://127.0.0.1:" + port + alias));
      assertEquals(200, state.statusCode());
      assertTrue(state.body().contains("\"subscribedHomes\":[\"" + HOME_A + "\"]"), state.body());
      assertTrue(state.body().contains("\"lastMeasurement\":{\"homeId\":\"" + HOME_A), state.body());
      assertTrue(state.body().contains("\"channels\":["), state.body());
    }

    simulator.closeSockets(4403, "Forbidden");
    awaitTrue(testKit, "a daemon that is not ready", () -> LoopbackHttp.get(ready).statusCode() == 503);
    String body = LoopbackHttp.get(ready).body();
    assertTrue(body.contains("\"reasons\":[\"UNAUTHORIZED: "), body);
    assertTrue(!body.contains(Fixtures.TOKEN), body);
    assertEquals(200, LoopbackHttp.get(health).statusCode(), "alive all the same");
  }

}
