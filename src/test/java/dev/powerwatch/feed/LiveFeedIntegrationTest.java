package dev.powerwatch.feed;

import static dev.powerwatch.Fixtures.FAST_FEED;
import static dev.powerwatch.Fixtures.HOME_A;
import static dev.powerwatch.Fixtures.HOME_B;
import static dev.powerwatch.Fixtures.HOME_NO_PULSE;
import static dev.powerwatch.Fixtures.TOKEN;
import static dev.powerwatch.Fixtures.awaitMeasurement;
import static dev.powerwatch.Fixtures.awaitStatus;
import static dev.powerwatch.Fixtures.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.Fixtures;
import dev.powerwatch.simulator.SimulatedHome;
import dev.powerwatch.simulator.SimulatorConfig;
import dev.powerwatch.simulator.TibberSimulator;
import dev.powerwatch.support.Json;
import dev.powerwatch.tibber.Measurement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** LiveFeed against the simulator over real loopback sockets. */
class LiveFeedIntegrationTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  private TibberSimulator simulator;
  private ActorRef<LiveFeed.Command> feed;
  private TestProbe<Measurement> measurements;

  @BeforeEach
  void startSimulator() {
    simulator = Fixtures.simulator(testKit);
    measurements = testKit.createTestProbe();
  }

  @AfterEach
  void stopFeedAndSimulator() {
    if (feed != null) {
      testKit.stop(feed);
    }
    simulator.close();
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private ActorRef<LiveFeed.Command> startFeed(List<String> homes) {
    return startFeed(homes, FAST_FEED);
  }

  private ActorRef<LiveFeed.Command> startFeed(List<String> homes, FeedSettings settings) {
    feed = testKit.spawn(LiveFeed.create(settings, Fixtures.dependencies(testKit, simulator, Clock.systemUTC()),
        homes, List.of(Fixtures.subscriber(measurements.ref()))));
    return feed;
  }

  private void awaitSubscribes(String home, int count) {
    awaitTrue(testKit, home + " subscribed " + count + " times", () -> simulator.subscribeCount(home) == count);
  }

  @Test
  void twoHomesShareOneSocketAndBothDeliver() {
    startFeed(List.of(HOME_A, HOME_B));
    Set<String> seen = new HashSet<>();
    awaitMeasurement(measurements, m -> seen.add(m.homeId()) && seen.size() == 2);
    assertEquals(1, simulator.openSockets());
    assertEquals(1, simulator.connectionAttempts());
    FeedStatus status = awaitStatus(testKit, feed, s -> s.state() == FeedStatus.State.LIVE);
    assertEquals(List.of(HOME_A, HOME_B), status.subscribedHomes());
  }

  @Test
  void aThousandHomesShareOneSocket() {
    List<SimulatedHome> many = SimulatorConfig.manyHomes(1_000);
    try (TibberSimulator big = TibberSimulator.start(testKit.system(),
        Fixtures.simulatorConfig().withHomes(many).withInterval(Duration.ofSeconds(1)), Json.mapper(),
        Clock.systemUTC())) {
      List<String> ids = many.stream().map(SimulatedHome::id).toList();
      feed = testKit.spawn(LiveFeed.create(FAST_FEED, Fixtures.dependencies(testKit, big, Clock.systemUTC()), ids,
          List.of(Fixtures.subscriber(measurements.ref()))));
      awaitTrue(testKit, "every home subscribed", () -> ids.stream().allMatch(id -> big.subscribeCount(id) == 1));
      Set<String> seen = new HashSet<>();
      awaitMeasurement(measurements, m -> seen.add(m.homeId()) && seen.size() == ids.size());
      assertEquals(1, big.connectionAttempts());
      assertEquals(1, big.openSockets());
    }
  }

  @Test
  void measurementsCarryConsistentFields() {
    startFeed(List.of(HOME_A));
    Measurement first = measurements.receiveMessage(Fixtures.AWAIT);
    Measurement second = measurements.receiveMessage(Fixtures.AWAIT);
    assertEquals(HOME_A, first.homeId());
    assertTrue(second.timestamp().isAfter(first.timestamp()));
    assertTrue(second.accumulatedConsumption() >= first.accumulatedConsumption());
    assertTrue(first.accumulatedConsumption() >= first.accumulatedConsumptionLastHour());
    assertTrue(first.minPower() <= first.power() && first.power() <= first.maxPower());
  }

  @Test
  void theUpgradeRequestNamesPowerwatch() {
    startFeed(List.of(HOME_A));
    measurements.receiveMessage(Fixtures.AWAIT);
    assertFalse(simulator.userAgents().isEmpty());
    simulator.userAgents().forEach(ua -> assertTrue(ua.startsWith("powerwatch/"), ua));
  }

  @Test
  void aDroppedSocketReconnectsAndResubscribes() {
    startFeed(List.of(HOME_A, HOME_B));
    awaitSubscribes(HOME_A, 1);
    simulator.dropSockets();
    awaitSubscribes(HOME_A, 2);
    awaitSubscribes(HOME_B, 2);
    assertEquals(2, simulator.connectionAttempts());
    Instant afterReconnect = Instant.now();
    awaitMeasurement(measurements, m -> m.timestamp().toInstant().isAfter(afterReconnect));
  }

  @Test
  void goingAwayReconnectsAfterARandomPause() {
    startFeed(List.of(HOME_A));
    awaitSubscribes(HOME_A, 1);
    simulator.closeSockets(1001, "going away");
    awaitSubscribes(HOME_A, 2);
    assertEquals(2, simulator.connectionAttempts());
  }

  @Test
  void aServerErrorCloseBacksOffAndReconnects() {
    startFeed(List.of(HOME_A));
    awaitSubscribes(HOME_A, 1);
    simulator.closeSockets(4500, "Internal server error");
    awaitSubscribes(HOME_A, 2);
    FeedStatus status = awaitStatus(testKit, feed, s -> s.state() == FeedStatus.State.LIVE);
    assertEquals(2, status.connectAttempts());
  }

  @Test
  void aStalledFeedTripsTheWatchdog() {
    startFeed(List.of(HOME_A));
    measurements.receiveMessage(Fixtures.AWAIT);
    simulator.stall(true);
    FeedStatus status = awaitStatus(testKit, feed, s -> s.detail().contains("no measurement for"));
    assertEquals(FeedStatus.State.BACKING_OFF, status.state());
    awaitTrue(testKit, "a second connect", () -> simulator.connectionAttempts() >= 2);
    simulator.stall(false);
    Instant resumed = Instant.now();
    awaitMeasurement(measurements, m -> m.timestamp().toInstant().isAfter(resumed));
  }

  @Test
  void aWallClockThatRunsAheadCutsNoHealthyFeedShort() {
    // An hour passes on this clock in each real second: without the monotonic clock the watchdog
    // found the feed silent for its whole second-long timeout within a millisecond of each reading.
    Clock racing = dev.powerwatch.support.CompressedClock.of(Instant.parse("2026-03-10T00:00:00Z"), Instant.now(), 3_600);
    feed = testKit.spawn(LiveFeed.create(FAST_FEED, Fixtures.dependencies(testKit, simulator, racing), List.of(HOME_A),
        List.of(Fixtures.subscriber(measurements.ref()))));
    measurements.receiveMessage(Fixtures.AWAIT);
    long started = System.nanoTime();
    while (System.nanoTime() - started < FAST_FEED.timeout().multipliedBy(3).toNanos()) {
      measurements.receiveMessage(Fixtures.AWAIT);
    }
    assertEquals(1, simulator.connectionAttempts(), "three watchdog timeouts passed on one socket");
  }

  @Test
  void aQuietFeedIsTheWatchdogsCallNotAkkasIdleTimeout() {
    ActorTestKit shortIdle = ActorTestKit.create(ConfigFactory.parseString("akka.http.client.idle-timeout = 300ms")
        .withFallback(ConfigFactory.load()));
    try {
      FeedSettings quietTolerant = new FeedSettings(Duration.ofSeconds(3), FAST_FEED.ackTimeout(),
          FAST_FEED.backoffMin(), FAST_FEED.backoffMax(), FAST_FEED.stableAfter(), FAST_FEED.unauthorizedRetry(),
          FAST_FEED.rateLimitedWait(), FAST_FEED.goingAwayMin(), FAST_FEED.goingAwayMax());
      TestProbe<Measurement> quiet = shortIdle.createTestProbe();
      shortIdle.spawn(LiveFeed.create(quietTolerant, Fixtures.dependencies(shortIdle, simulator, Clock.systemUTC()),
          List.of(HOME_A), List.of(Fixtures.subscriber(quiet.ref()))));
      quiet.receiveMessage(Fixtures.AWAIT);
      simulator.stall(true);
      testKit.createTestProbe().expectNoMessage(Duration.ofMillis(1500));
      simulator.stall(false);
      Instant resumed = Instant.now();
      awaitMeasurement(quiet, m -> m.timestamp().toInstant().isAfter(resumed));
      assertEquals(1, simulator.connectionAttempts(), "the quiet socket was kept");
    } finally {
      shortIdle.shutdownTestKit();
    }
  }

  @Test
  void aRejectedTokenIsNotRetriedInALoop() {
    startFeed(List.of(HOME_A));
    awaitSubscribes(HOME_A, 1);
    simulator.closeSockets(4403, "Forbidden");
    FeedStatus status = awaitStatus(testKit, feed, s -> s.state() == FeedStatus.State.UNAUTHORIZED);
    assertTrue(status.nextAttemptAt().isAfter(Instant.now().plus(Duration.ofMinutes(59))), status.toString());
    int attempts = simulator.connectionAttempts();
    int requests = simulator.graphqlRequests();
    testKit.createTestProbe().expectNoMessage(Duration.ofSeconds(1));
    assertEquals(attempts, simulator.connectionAttempts(), "socket attempts after 4403");
    assertEquals(requests, simulator.graphqlRequests(), "API requests after 4403");
  }

  @Test
  void tooManyConnectionsWaitsTheRateLimit() {
    startFeed(List.of(HOME_A));
    awaitSubscribes(HOME_A, 1);
    simulator.closeSockets(4429, "Too many open connections on this server; count 2");
    FeedStatus status = awaitStatus(testKit, feed, s -> s.state() == FeedStatus.State.RATE_LIMITED);
    assertTrue(status.nextAttemptAt().isAfter(Instant.now().plus(Duration.ofMinutes(59))), status.toString());
    int attempts = simulator.connectionAttempts();
    testKit.createTestProbe().expectNoMessage(Duration.ofMillis(500));
    assertEquals(attempts, simulator.connectionAttempts());
  }

  @Test
  void aThirdSocketForOneTokenIsRefusedAndWaits() {
    TestProbe<Measurement> other = testKit.createTestProbe();
    List<ActorRef<LiveFeed.Command>> feeds = List.of(
        testKit.spawn(LiveFeed.create(FAST_FEED, Fixtures.dependencies(testKit, simulator, Clock.systemUTC()),
            List.of(HOME_A), List.of(Fixtures.subscriber(other.ref())))),
        testKit.spawn(LiveFeed.create(FAST_FEED, Fixtures.dependencies(testKit, simulator, Clock.systemUTC()),
            List.of(HOME_A), List.of(Fixtures.subscriber(other.ref())))));
    feeds.forEach(f -> awaitStatus(testKit, f, s -> s.state() == FeedStatus.State.LIVE));
    startFeed(List.of(HOME_A));
    FeedStatus third = awaitStatus(testKit, feed, s -> s.state() == FeedStatus.State.RATE_LIMITED);
    assertTrue(third.detail().contains("4429"), third.detail());
    feeds.forEach(testKit::stop);
  }

  @Test
  void anHttp429HonoursRetryAfter() {
    startFeed(List.of(HOME_A));
    awaitSubscribes(HOME_A, 1);
    simulator.rateLimit(1, Duration.ofHours(2));
    simulator.dropSockets();
    FeedStatus status = awaitStatus(testKit, feed, s -> s.state() == FeedStatus.State.RATE_LIMITED);
    assertTrue(status.nextAttemptAt().isAfter(Instant.now().plus(Duration.ofMinutes(119))), status.toString());
  }

  @Test
  void aCompletedSubscriptionResubscribesOnlyThatHome() {
    startFeed(List.of(HOME_A, HOME_B));
    awaitSubscribes(HOME_A, 1);
    awaitSubscribes(HOME_B, 1);
    simulator.completeSubscriptions(HOME_A);
    awaitSubscribes(HOME_A, 2);
    assertEquals(1, simulator.subscribeCount(HOME_B));
    assertEquals(1, simulator.connectionAttempts());
    Instant after = Instant.now();
    awaitMeasurement(measurements, m -> m.homeId().equals(HOME_A) && m.timestamp().toInstant().isAfter(after));
  }

  @Test
  void aSubscriptionErrorResubscribesThatHomeWithBackoff() {
    startFeed(List.of(HOME_A, HOME_B));
    awaitSubscribes(HOME_B, 1);
    simulator.failSubscriptions(HOME_B, "unable to start stream for device");
    awaitSubscribes(HOME_B, 2);
    assertEquals(1, simulator.subscribeCount(HOME_A));
    assertEquals(1, simulator.connectionAttempts());
  }

  @Test
  void aHomeWhosePulseWentAwayIsSkippedAtConnect() {
    startFeed(List.of(HOME_A, HOME_NO_PULSE));
    awaitSubscribes(HOME_A, 1);
    FeedStatus status = awaitStatus(testKit, feed, s -> s.state() == FeedStatus.State.LIVE);
    assertEquals(List.of(HOME_A), status.subscribedHomes());
    assertEquals(0, simulator.subscribeCount(HOME_NO_PULSE));
  }

  @Test
  void realTimeIsCheckedAgainBeforeEachReconnect() {
    startFeed(List.of(HOME_A, HOME_B));
    awaitSubscribes(HOME_B, 1);
    simulator.setRealTime(HOME_B, false);
    simulator.dropSockets();
    awaitSubscribes(HOME_A, 2);
    FeedStatus status = awaitStatus(testKit, feed, s -> s.state() == FeedStatus.State.LIVE
        && s.subscribedHomes().equals(List.of(HOME_A)));
    assertEquals(2, status.connectAttempts());
    assertEquals(1, simulator.subscribeCount(HOME_B), "the unplugged home was not subscribed again");
  }

  @Test
  void aRevokedTokenIsNoticedAtTheNextConnect() {
    startFeed(List.of(HOME_A));
    awaitSubscribes(HOME_A, 1);
    simulator.acceptTokens(Set.of());
    simulator.dropSockets();
    FeedStatus status = awaitStatus(testKit, feed, s -> s.state() == FeedStatus.State.UNAUTHORIZED);
    assertTrue(status.detail().contains("UNAUTHENTICATED"), status.detail());
    assertEquals(1, simulator.connectionAttempts(), "no socket was opened with a rejected token");
  }

  @Test
  void malformedFramesAreSkippedAndTheFeedGoesOn() {
    startFeed(List.of(HOME_A));
    awaitSubscribes(HOME_A, 1);
    measurements.receiveMessage(Fixtures.AWAIT);
    simulator.sendRaw("this is not json");
    simulator.sendRaw("{\"type\":\"data\",\"id\":\"1\"}");
    simulator.sendRaw("{\"id\":\"1\",\"type\":\"next\",\"payload\":{\"data\":{\"liveMeasurement\":{\"power\":\"high\"}}}}");
    simulator.sendRaw("[]");
    Instant after = Instant.now();
    awaitMeasurement(measurements, m -> m.timestamp().toInstant().isAfter(after));
    assertEquals(1, simulator.connectionAttempts());
  }

  @Test
  void pingIsAnsweredWithPong() {
    startFeed(List.of(HOME_A));
    awaitSubscribes(HOME_A, 1);
    simulator.sendRaw("{\"type\":\"ping\"}");
    awaitTrue(testKit, "a pong", () -> simulator.pongsReceived() == 1);
  }

  @Test
  void noAcknowledgementMeansReconnect() {
    simulator.withholdAck(true);
    startFeed(List.of(HOME_A));
    awaitStatus(testKit, feed, s -> s.detail().contains("no connection_ack"));
    simulator.withholdAck(false);
    awaitSubscribes(HOME_A, 1);
    assertTrue(simulator.connectionAttempts() >= 2);
  }

  @Test
  void theTokenNeverReachesTheLogs() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger socketLibrary = (Logger) LoggerFactory.getLogger("org.java_websocket");
    Level configured = socketLibrary.getLevel();
    socketLibrary.setLevel(Level.TRACE); // as someone chasing a problem might set it: it prints frames
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    try {
      startFeed(List.of(HOME_A));
      awaitSubscribes(HOME_A, 1);
      simulator.sendRaw("{\"type\":\"echo-" + TOKEN + "\"}");
      simulator.closeSockets(4403, "Forbidden " + TOKEN);
      awaitStatus(testKit, feed, s -> s.state() == FeedStatus.State.UNAUTHORIZED);
    } finally {
      root.detachAppender(captured);
      socketLibrary.setLevel(configured);
    }
    assertFalse(captured.list.isEmpty());
    captured.list.forEach(e -> assertFalse(e.getFormattedMessage().contains(TOKEN), e.getFormattedMessage()));
    assertTrue(captured.list.stream().anyMatch(e -> e.getFormattedMessage().contains("echo-***")));
  }
}
