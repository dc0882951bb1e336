package dev.powerwatch.cluster;

import static dev.powerwatch.Fixtures.HOME_A;
import static dev.powerwatch.Fixtures.HOME_B;

import akka.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.Fixtures;
import dev.powerwatch.PowerWatch;
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
import dev.powerwatch.tibber.TibberSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/** Nodes of a cluster in this JVM, each the real daemon's guardian, on one H2 journal and the simulator. */
final class ClusterNodes {
  static final String RULE = """
      rules = [{ name = high-power, type = threshold, field = power, above = 8000, clear = 7000, cooldown = 1h,
        resolved = false, homes = ["%s"], title = "High power at {home}", message = "{home} draws {value} W" }]
      """.formatted(HOME_A);
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

  static ActorSystem<PowerWatch.Command> start(ActorSystem<?> bootstrap, TibberSimulator simulator, Path stateDir,
      String database, int port, List<String> seeds) {
    return start(bootstrap, simulator, stateDir, database, port, seeds, ConfigFactory.empty());
  }

  /** @param extra Akka settings over the tests' fast failover (TLS, say) */
  static ActorSystem<PowerWatch.Command> start(ActorSystem<?> bootstrap, TibberSimulator simulator, Path stateDir,
      String database, int port, List<String> seeds, Config extra) {
    List<Rule> rules = new RuleLoader().load(ConfigFactory.parseString(RULE));
    TibberSettings tibber = Fixtures.tibberSettings(simulator, List.of(HOME_A, HOME_B));
    NotifySettings notify = new NotifySettings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofDays(1),
        Duration.ofSeconds(5), List.of(new TibberPushChannel("tibber", tibber, Json.mapper())));
    ClusterSettings cluster = new ClusterSettings(true, "127.0.0.1", port, seeds, Duration.ofSeconds(1), true,
        database, "sa", Secret.of(""));
    Settings settings = new Settings(tibber, Fixtures.FAST_FEED, stateDir.resolve("node-" + port), rules, notify,
        Duration.ofMillis(50), HttpSettings.disabled()).withCluster(cluster);
    Config config = extra.withFallback(FAST_FAILOVER).withFallback(ConfigFactory.load());
    LiveFeed.Dependencies deps = new LiveFeed.Dependencies(new TibberApi(bootstrap, tibber, Json.mapper(),
        Clock.systemUTC()), tibber.token(), Json.mapper(), Clock.systemUTC(), new Random(port), Metrics.withoutJvm());
    return ActorSystem.create(PowerWatch.create(settings, deps, List.of(), new CompletableFuture<SettingsException>()),
        ClusterConfig.SYSTEM_NAME, Daemon.daemonConfig(config, settings));
  }

  static List<Integer> freePorts(int count) {
    return FreePorts.take(count);
  }
}
