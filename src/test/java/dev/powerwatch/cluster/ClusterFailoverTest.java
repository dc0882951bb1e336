package dev.powerwatch.cluster;

import static dev.powerwatch.Fixtures.HOME_A;
import static dev.powerwatch.Fixtures.HOME_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.GetShardRegionState;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.typed.Cluster;
import akka.cluster.sharding.ShardRegion;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.Fixtures;
import akka.actor.typed.javadsl.AskPattern;
import dev.powerwatch.PowerWatch;
import dev.powerwatch.debounce.AlertRecord;
import dev.powerwatch.debounce.Silence;
import dev.powerwatch.debounce.SilenceDesk;
import dev.powerwatch.debounce.Silences;
import dev.powerwatch.feed.FeedStatus;
import dev.powerwatch.status.Snapshot;
import dev.powerwatch.status.StatusQuery;
import dev.powerwatch.simulator.TibberSimulator;
import dev.powerwatch.support.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import dev.powerwatch.simulator.RecordedPush;
import dev.powerwatch.simulator.SimulatedClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes in one JVM on one H2 journal, against the simulator with two accounts and six homes:
 * the node that hosts a home (and its account's feed, where they share one) is stopped without
 * leaving while that home's notice waits for the push service; the others down it, the feed
 * subscribes again from another node, Tibber never sees more than two sockets a token, the new
 * owner delivers the notice, and the cooldown started on the dead node holds.
 */
class ClusterFailoverTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final String TITLE = "High power at House";
  private static final List<String> ALL_HOMES = java.util.stream.Stream.concat(ClusterNodes.MAIN_HOMES.stream(),
      ClusterNodes.NORTH_HOMES.stream()).toList();

  @TempDir
  Path stateDir;
  private TibberSimulator simulator;
  /** The nodes' time for cooldowns: moved by hand past one. */
  private final SimulatedClock clock = new SimulatedClock(Instant.now());
  private final List<ActorSystem<PowerWatch.Command>> nodes = new ArrayList<>();
  private String database;

  @BeforeEach
  void start() {
    simulator = ClusterNodes.simulator(testKit.system(), Duration.ofMillis(50));
    database = "jdbc:h2:mem:cluster-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  }

  @AfterEach
  void stop() {
    nodes.forEach(ActorSystem::terminate);
    nodes.forEach(n -> n.getWhenTerminated().toCompletableFuture().join());
    simulator.close();
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /**
   * Drops a stopped node from the list by identity: the nodes share one system name, and an
   * ActorSystem is also its guardian's ActorRef, so any two of them are {@code equals}.
   */
  private void forget(ActorSystem<PowerWatch.Command> stopped) {
    nodes.removeIf(node -> node == stopped);
  }

  /** Three nodes up, each account's feed subscribed from one of them. */
  private void startThreeNodes() throws Exception {
    List<Integer> ports = ClusterNodes.freePorts(3);
    List<String> seeds = List.of("127.0.0.1:" + ports.get(0), "127.0.0.1:" + ports.get(1));
    for (int port : ports) {
      nodes.add(ClusterNodes.start(testKit.system(), simulator, stateDir, database, port, seeds,
          ConfigFactory.empty(), clock));
    }
    Fixtures.awaitTrue(testKit, "three members up", Duration.ofSeconds(30),
        () -> nodes.stream().allMatch(n -> java.util.stream.StreamSupport.stream(
            Cluster.get(n).state().getMembers().spliterator(), false)
            .filter(m -> m.status() == akka.cluster.MemberStatus.up()).count() == 3));
    Fixtures.awaitTrue(testKit, "both accounts' feeds subscribed all six homes", Duration.ofSeconds(30),
        () -> ALL_HOMES.stream().allMatch(home -> simulator.subscribeCount(home) >= 1));
    for (ActorSystem<PowerWatch.Command> node : nodes) {
      Fixtures.awaitTrue(testKit, "ready on " + node.address(), Duration.ofSeconds(10),
          () -> snapshot(node).notReady().isEmpty());
    }
    Fixtures.awaitTrue(testKit, "any node tells where each of the six homes lives",
        () -> snapshot(nodes.get(1)).cluster().orElseThrow().homeHosts().keySet().equals(Set.copyOf(ALL_HOMES)));
    Snapshot any = snapshot(nodes.get(2));
    assertEquals(3, any.cluster().orElseThrow().members().size());
    assertEquals(FeedStatus.State.LIVE, any.feed().orElseThrow().state(), "the feed's status from any node");
  }

  /** What /ready and /api/state say on this node. */
  private static Snapshot snapshot(ActorSystem<PowerWatch.Command> node) {
    StatusQuery query = new StatusQuery(node, () -> AskPattern.ask(node, PowerWatch.GetParts::new,
        Duration.ofSeconds(3), node.scheduler()), java.util.Map::of);
    return query.snapshot().toCompletableFuture().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
  }

  @Test
  void aNodeThatDiesTakesNoAlertWithIt() throws Exception {
    startThreeNodes();
    Victim victim = victim();
    System.out.println("killing the host of " + victim.home() + (victim.withFeed() ? " and its account's feed" : ""));
    simulator.pushAvailable(false);
    simulator.playProfile(victim.home(), Fixtures.watts(3, 9000, 3, 500));
    Fixtures.awaitTrue(testKit, "the notice queued, its push refused, the spike over", () -> {
      HomeEntity.Alerts seen = alerts(victim.home());
      return !seen.undelivered().isEmpty() && !seen.alerts().get("high-power").firing();
    });
    AlertRecord fired = alerts(victim.home()).alerts().get("high-power");
    Map<String, Integer> subscribesBefore = subscribeCounts();
    Set<String> movingFeeds = feedsOn(victim.host());

    victim.host().terminate();
    victim.host().getWhenTerminated().toCompletableFuture().join();
    forget(victim.host());
    for (String feedId : movingFeeds) {
      String home = ClusterNodes.MAIN_HOMES.contains(victim.home()) == feedId.equals(mainFeed())
          ? victim.home() : otherAccountsHome(victim.home());
      Fixtures.awaitTrue(testKit, "feed " + feedId + " back from another node", Duration.ofSeconds(30),
          () -> simulator.subscribeCount(home) > subscribesBefore.get(home));
    }
    for (String token : List.of(Fixtures.TOKEN, ClusterNodes.NORTH_TOKEN)) {
      assertTrue(simulator.peakSockets(token) <= 2, "at most two sockets a token: " + simulator.peakSockets(token));
    }

    simulator.pushAvailable(true);
    Fixtures.awaitTrue(testKit, "the queued notice delivered by the new owner", Duration.ofSeconds(20),
        () -> pushes(victim) == 1 && alerts(victim.home()).undelivered().isEmpty());
    assertEquals(victim.token(), pushesOf(victim).get(0).token(), "to the phones of the home's own account");

    simulator.playProfile(victim.home(), Fixtures.watts(3, 9500, 3, 500));
    Fixtures.awaitTrue(testKit, "the second spike seen by the new owner", Duration.ofSeconds(20),
        () -> !fired.since().equals(alerts(victim.home()).alerts().get("high-power").since()));
    assertEquals(1, pushes(victim), "the cooldown that started on the dead node held");

    clock.advance(Duration.ofMinutes(61));
    simulator.playProfile(victim.home(), Fixtures.watts(3, 9800, 3, 500));
    Fixtures.awaitTrue(testKit, "the spike after the cooldown notified and accepted", Duration.ofSeconds(20),
        () -> pushes(victim) >= 2 && alerts(victim.home()).undelivered().isEmpty());
    assertEquals(2, pushes(victim), "notified once");
  }

  /** The home whose spike the test plays, the node that hosts its entity, and whether its account's feed is there too. */
  private record Victim(String home, String token, ActorSystem<PowerWatch.Command> host, boolean withFeed) {
    String title() {
      return "High power at " + (home.equals(HOME_A) ? "House" : "Mill");
    }
  }

  /** A home of the rule hosted beside its account's feed if there is one, so that both move at once. */
  private Victim victim() {
    List<Victim> candidates = new ArrayList<>();
    for (String home : List.of(HOME_A, ClusterNodes.MILL)) {
      boolean main = home.equals(HOME_A);
      ActorSystem<PowerWatch.Command> host = hostOf(HomeEntity.TYPE.name(), home);
      ActorSystem<PowerWatch.Command> feedHost = hostOf(FeedEntity.TYPE.name(), main ? mainFeed() : northFeed());
      candidates.add(new Victim(home, main ? Fixtures.TOKEN : ClusterNodes.NORTH_TOKEN, host, host == feedHost));
    }
    return candidates.stream().filter(Victim::withFeed).findFirst().orElse(candidates.get(0));
  }

  private static String mainFeed() {
    return FeedEntity.idFor(Secret.of(Fixtures.TOKEN));
  }

  private static String northFeed() {
    return FeedEntity.idFor(Secret.of(ClusterNodes.NORTH_TOKEN));
  }

  private static String otherAccountsHome(String home) {
    return ClusterNodes.MAIN_HOMES.contains(home) ? ClusterNodes.MILL : HOME_A;
  }

  private Set<String> feedsOn(ActorSystem<PowerWatch.Command> node) {
    return java.util.stream.Stream.of(mainFeed(), northFeed())
        .filter(feedId -> hostOf(FeedEntity.TYPE.name(), feedId) == node).collect(Collectors.toSet());
  }

  private Map<String, Integer> subscribeCounts() {
    Map<String, Integer> counts = new java.util.HashMap<>();
    ALL_HOMES.forEach(home -> counts.put(home, simulator.subscribeCount(home)));
    return counts;
  }

  /** The home's alerts as its entity tells, wherever it lives. */
  private HomeEntity.Alerts alerts(String home) {
    return ClusterSharding.get(nodes.get(0)).entityRefFor(HomeEntity.TYPE, home)
        .<HomeEntity.Alerts>ask(HomeEntity.GetAlerts::new, Duration.ofSeconds(5)).toCompletableFuture().join();
  }

  private List<RecordedPush> pushesOf(Victim victim) {
    return simulator.pushes().stream().filter(p -> p.title().equals(victim.title())).toList();
  }

  private long pushes(Victim victim) {
    return pushesOf(victim).size();
  }

  @Test
  void aNodeThatLeavesHandsItsFeedOverWithAClose() throws Exception {
    startThreeNodes();
    simulator.playProfile(HOME_A, Fixtures.watts(200, 9000));
    Fixtures.awaitTrue(testKit, "the spike notified", () -> pushes() == 1);
    ActorSystem<PowerWatch.Command> host = hostOf(FeedEntity.TYPE.name(), FeedEntity.idFor(Secret.of(Fixtures.TOKEN)));
    int subscribesBefore = simulator.subscribeCount(HOME_A);

    long leaving = System.nanoTime();
    akka.actor.CoordinatedShutdown.get(host).runAll(akka.actor.CoordinatedShutdown.unknownReason())
        .toCompletableFuture().join();
    forget(host);
    Fixtures.awaitTrue(testKit, "the simulator saw the leaving node's close with 1000; it saw "
        + simulator.clientCloseCodes(), () -> simulator.clientCloseCodes().contains(1000));
    Fixtures.awaitTrue(testKit, "the feed back from another node", Duration.ofSeconds(20),
        () -> simulator.subscribeCount(HOME_A) > subscribesBefore);
    long gapMillis = (System.nanoTime() - leaving) / 1_000_000;
    assertTrue(gapMillis < 10_000, "subscribed again " + gapMillis + " ms after the leave began");
    Fixtures.awaitTrue(testKit, "the high readings played", Duration.ofSeconds(30),
        () -> simulator.profileRemaining(HOME_A) == 0);
    assertEquals(1, pushes(), "the alert still firing on the new host was not notified again");
    System.out.println("leave to subscribed again: " + gapMillis + " ms");
  }

  /**
   * Readings that reach a home's shard after its hand-over began (which waits for its notices
   * under way) wait in the region for a new host; a lone node has none to give them, and its stop
   * waited out the region's timeout. Readings every 5 ms make sure some come in that time.
   */
  @Test
  void aLoneNodeStopsOnceItsHomesHandedOverThoughItsFeedsStillRead() throws Exception {
    simulator.close();
    simulator = ClusterNodes.simulator(testKit.system(), Duration.ofMillis(5));
    stopWithoutWaitingOutTheRegion(loneNodeWithANoticeInFlight());
  }

  /** The same with the homes' state asked meanwhile, as the MQTT bridge asks it every publish-interval. */
  @Test
  void aLoneNodeStopsOnceItsHomesHandedOverThoughTheirStateIsAskedMeanwhile() throws Exception {
    ActorSystem<PowerWatch.Command> lone = loneNodeWithANoticeInFlight();
    java.util.concurrent.ScheduledExecutorService asking = java.util.concurrent.Executors
        .newSingleThreadScheduledExecutor();
    try {
      asking.scheduleWithFixedDelay(() -> ClusterNode.homeViews(lone, ALL_HOMES), 0, 100,
          java.util.concurrent.TimeUnit.MILLISECONDS);
      stopWithoutWaitingOutTheRegion(lone);
    } finally {
      asking.shutdownNow();
    }
  }

  /** One node, its own seed, whose stop may wait a minute for its shard region. */
  private ActorSystem<PowerWatch.Command> loneNodeWithANoticeInFlight() throws Exception {
    int port = ClusterNodes.freePorts(1).get(0);
    ActorSystem<PowerWatch.Command> lone = ClusterNodes.start(testKit.system(), simulator, stateDir, database, port,
        List.of("127.0.0.1:" + port), ConfigFactory.parseString(
            "akka.coordinated-shutdown.phases.cluster-sharding-shutdown-region.timeout = 60s"), clock);
    nodes.add(lone);
    Fixtures.awaitTrue(testKit, "both accounts' feeds subscribed all six homes", Duration.ofSeconds(30),
        () -> ALL_HOMES.stream().allMatch(home -> simulator.subscribeCount(home) >= 1));
    Fixtures.awaitTrue(testKit, "all six homes hosted", Duration.ofSeconds(20),
        () -> snapshot(lone).cluster().orElseThrow().homeHosts().keySet().equals(Set.copyOf(ALL_HOMES)));
    simulator.pushAvailable(false);
    simulator.playProfile(HOME_A, Fixtures.watts(3, 9000));
    Fixtures.awaitTrue(testKit, "a notice waiting for the push service, which the hand-over waits for",
        () -> !alerts(HOME_A).undelivered().isEmpty());
    return lone;
  }

  private void stopWithoutWaitingOutTheRegion(ActorSystem<PowerWatch.Command> lone) {
    akka.actor.CoordinatedShutdown.get(lone).runAll(akka.actor.CoordinatedShutdown.unknownReason())
        .toCompletableFuture().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
    forget(lone);
  }

  @Test
  void aSilenceHoldsOnWhicheverNodeHostsItsHome() throws Exception {
    startThreeNodes();
    Silences.Outcome made = desk(nodes.get(0)).add(new Silence.Request(HOME_A, null, null, null, Duration.ofHours(1),
        "test", "cleaning the heat pump")).toCompletableFuture().join();
    Silence silence = ((Silences.Outcome.Created) made).silence();
    assertEquals(List.of(silence), desk(nodes.get(1)).list().toCompletableFuture().join(), "listed on any node");
    ActorSystem<PowerWatch.Command> host = hostOf(HomeEntity.TYPE.name(), HOME_A);
    akka.actor.CoordinatedShutdown.get(host).runAll(akka.actor.CoordinatedShutdown.unknownReason())
        .toCompletableFuture().join();
    forget(host);

    simulator.playProfile(HOME_A, Fixtures.watts(3, 9000, 200, 9000));
    Fixtures.awaitTrue(testKit, "the spike held back by the silence on the home's new node", Duration.ofSeconds(20),
        () -> silence.id().equals(alerts(HOME_A).alerts().get("high-power").silencedBy()));
    assertEquals(0, pushes());
    assertEquals(silence.id(), desk(nodes.get(0)).end(silence.id()).toCompletableFuture().join().orElseThrow().id());
    Fixtures.awaitTrue(testKit, "what the silence held back notified once it ended", () -> pushes() == 1);
    assertEquals(List.of(), desk(nodes.get(1)).list().toCompletableFuture().join());
    assertTrue(desk(nodes.get(1)).end(silence.id()).toCompletableFuture().join().isEmpty(), "ended already");
  }

  private SilenceDesk desk(ActorSystem<PowerWatch.Command> node) {
    return new ClusterSilences(node, ALL_HOMES, Set.of("high-power"), clock);
  }

  /**
   * The push's acceptance written in the journal: a node killed before that sends it again from the
   * new host (at least once, by design), and this test is about the cooldown.
   */
  private void awaitAccepted() {
    ActorSystem<PowerWatch.Command> node = nodes.get(0);
    TestProbe<HomeEntity.Alerts> alerts = TestProbe.create(node);
    alerts.awaitAssert(Duration.ofSeconds(10), () -> {
      ClusterSharding.get(node).entityRefFor(HomeEntity.TYPE, HOME_A).tell(new HomeEntity.GetAlerts(alerts.ref()));
      assertTrue(alerts.receiveMessage().undelivered().isEmpty());
      return null;
    });
  }

  private long pushes() {
    return simulator.pushes().stream().filter(p -> p.title().equals(TITLE)).count();
  }

  /** The node whose shard region holds this entity now. */
  private ActorSystem<PowerWatch.Command> hostOf(String type, String entityId) {
    ActorSystem<PowerWatch.Command>[] found = new ActorSystem[1];
    Fixtures.awaitTrue(testKit, type + " " + entityId + " hosted", Duration.ofSeconds(20), () -> {
      for (ActorSystem<PowerWatch.Command> node : nodes) {
        TestProbe<ShardRegion.CurrentShardRegionState> probe = TestProbe.create(node);
        ClusterSharding.get(node).shardState().tell(new GetShardRegionState(
            type.equals(FeedEntity.TYPE.name()) ? FeedEntity.TYPE : HomeEntity.TYPE, probe.ref()));
        Set<String> ids = probe.receiveMessage(Duration.ofSeconds(5)).getShards().stream()
            .flatMap(shard -> shard.getEntityIds().stream()).collect(Collectors.toSet());
        if (ids.contains(entityId)) {
          found[0] = node;
          return true;
        }
      }
      return false;
    });
    return found[0];
  }
}
