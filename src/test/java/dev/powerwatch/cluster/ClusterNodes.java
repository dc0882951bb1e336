package dev.powerwatch.cluster;

import static dev.powerwatch.Fixtures.HOME_A;
import static dev.powerwatch.Fixtures.HOME_B;

import akka.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.Fixtures;
import dev.powerwatch.PowerWatch;
import dev.powerwatch.broker.MqttSettings;
import dev.powerwatch.cli.Daemon;
import dev.powerwatch.feed.LiveFeed;
import dev.powerwatch.http.HttpSettings;
import dev.powerwatch.metrics.Metrics;
import dev.powerwatch.notify.NotifySettings;
import dev.powerwatch.notify.TibberPushChannel;
import dev.powerwatch.rules.Rule;
import dev.powerwatch.rules.RuleLoader;
import dev.powerwatch.settings.Settings;
import dev.powerwatch.simulator.TibberSimulator;
import dev.powerwatch.support.FreePorts;
import dev.powerwatch.support.Json;
import dev.powerwatch.support.Secret;
import dev.powerwatch.support.SettingsException;
import dev.powerwatch.tibber.TibberApi;
import dev.powerwatch.simulator.SimulatedHome;
import dev.powerwatch.tibber.TibberAccount;
import dev.powerwatch.tibber.TibberSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * Nodes of a cluster in this JVM, each the real daemon's guardian, on one H2 journal and the
 * simulator: two Tibber accounts, three homes each.
 */
final class ClusterNodes {
  static final String NORTH_TOKEN = "north-token-7d41e0";
  static final String HOME_D = "home-d-0004";
  static final String MILL = "home-n-0001";
  static final List<String> MAIN_HOMES = List.of(HOME_A, HOME_B, HOME_D);
  static final List<String> NORTH_HOMES = List.of(MILL, "home-n-0002", "home-n-0003");
  static final String RULE = """
      rules = [{ name = high-power, type = threshold, field = power, above = 8000, clear = 7000, cooldown = 1h,
        resolved = false, homes = ["%s", "%s"], title = "High power at {home}", message = "{home} draws {value} W" }]
      """.formatted(HOME_A, MILL);
  /** The second account as the configuration file names it. */
  static final String NORTH_ACCOUNT = "accounts = [{ name = north, token = \"" + NORTH_TOKEN + "\" }]";
  /** Failure detection and downing in about five seconds instead of about twenty-five (a loaded test JVM needs the 3 s pause). */
  static final Config FAST_FAILOVER = ConfigFactory.parseString("""
      akka.cluster.failure-detector.heartbeat-interval = 200ms
      akka.cluster.failure-detector.acceptable-heartbeat-pause = 3s
      akka.cluster.unreachable-nodes-reaper-interval = 200ms
      akka.cluster.gossip-interval = 200ms
      akka.cluster.sharding.retry-interval = 200ms
      akka.cluster.sharding.coordinator-state.write-majority-plus = 0
      akka.cluster.split-brain-resolver.down-all-when-unstable = off
      akka.cluster.jmx.multi-mbeans-in-same-jvm = on
      akka.coordinated-shutdown.run-by-actor-system-terminate = off
      """);

  private ClusterNodes() {}

  /** The two accounts' simulator: the main token sees {@link #MAIN_HOMES}, the north one {@link #NORTH_HOMES}. */
  static TibberSimulator simulator(ActorSystem<?> system, Duration interval) {
    ZoneId oslo = ZoneId.of("Europe/Oslo");
    List<SimulatedHome> homes = List.of(new SimulatedHome(HOME_A, "House", oslo, true),
        new SimulatedHome(HOME_B, "Cabin", oslo, true), new SimulatedHome(HOME_D, "Barn", oslo, true),
        new SimulatedHome(MILL, "Mill", oslo, true), new SimulatedHome(NORTH_HOMES.get(1), "Bakery", oslo, true),
        new SimulatedHome(NORTH_HOMES.get(2), "School", oslo, true));
    TibberSimulator simulator = TibberSimulator.start(system, Fixtures.simulatorConfig()
        .withTokens(Set.of(Fixtures.TOKEN, NORTH_TOKEN)).withHomes(homes).withInterval(interval), Json.mapper(),
        Clock.systemUTC());
    simulator.assignHomes(Fixtures.TOKEN, Set.copyOf(MAIN_HOMES));
    simulator.assignHomes(NORTH_TOKEN, Set.copyOf(NORTH_HOMES));
    return simulator;
  }

  static ActorSystem<PowerWatch.Command> start(ActorSystem<?> bootstrap, TibberSimulator simulator, Path stateDir,
      String database, int port, List<String> seeds) {
    return start(bootstrap, simulator, stateDir, database, port, seeds, ConfigFactory.empty(), Clock.systemUTC());
  }

  /**
   * @param extra Akka settings over the tests' fast failover (TLS, say)
   * @param clock the nodes' time for cooldowns, one clock for all nodes of a test
   */
  static ActorSystem<PowerWatch.Command> start(ActorSystem<?> bootstrap, TibberSimulator simulator, Path stateDir,
      String database, int port, List<String> seeds, Config extra, Clock clock) {
    return start(bootstrap, simulator, stateDir, database, port, seeds, extra, clock, MqttSettings.disabled());
  }

  /** @param mqtt the broker every node offers to bridge to (one node at a time does) */
  static ActorSystem<PowerWatch.Command> start(ActorSystem<?> bootstrap, TibberSimulator simulator, Path stateDir,
      String database, int port, List<String> seeds, Config extra, Clock clock, MqttSettings mqtt) {
    List<Rule> rules = new RuleLoader().load(ConfigFactory.parseString(RULE));
    TibberSettings tibber = new TibberSettings(simulator.apiUrl(), Secret.of(Fixtures.TOKEN), MAIN_HOMES,
        Duration.ofSeconds(5), "powerwatch/test akka-http/10.5.3", List.of(new TibberAccount("north",
            "powerwatch.tibber.accounts[0]", Secret.of(NORTH_TOKEN), List.of())));
    NotifySettings notify = new NotifySettings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofDays(1),
        Duration.ofSeconds(5), List.of(new TibberPushChannel("tibber", tibber, Json.mapper())));
    ClusterSettings cluster = new ClusterSettings(true, "127.0.0.1", port, seeds, Duration.ofSeconds(1), Duration.ofSeconds(3), true,
        database, "sa", Secret.of(""));
    Settings settings = new Settings(tibber, Fixtures.FAST_FEED, stateDir.resolve("node-" + port), rules, notify,
        Duration.ofMillis(50), HttpSettings.disabled(), mqtt).withCluster(cluster);
    Config config = extra.withFallback(FAST_FAILOVER).withFallback(ConfigFactory.load());
    LiveFeed.Dependencies deps = new LiveFeed.Dependencies(new TibberApi(bootstrap, tibber, Json.mapper(),
        clock), tibber.token(), Json.mapper(), clock, new Random(port), Metrics.withoutJvm());
    return ActorSystem.create(PowerWatch.create(settings, deps, List.of(), new CompletableFuture<SettingsException>()),
        ClusterConfig.SYSTEM_NAME, Daemon.daemonConfig(config, settings));
  }

  static List<Integer> freePorts(int count) {
    return FreePorts.take(count);
  }
}
