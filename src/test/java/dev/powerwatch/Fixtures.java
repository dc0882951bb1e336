package dev.powerwatch;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import dev.powerwatch.feed.FeedSettings;
import dev.powerwatch.feed.FeedStatus;
import dev.powerwatch.feed.FeedSubscriber;
import dev.powerwatch.feed.LiveFeed;
import dev.powerwatch.http.HttpSettings;
import dev.powerwatch.metrics.Metrics;
import dev.powerwatch.notify.NotifySettings;
import dev.powerwatch.notify.TibberPushChannel;
import dev.powerwatch.rules.Rule;
import dev.powerwatch.settings.Settings;
import dev.powerwatch.simulator.SimulatedHome;
import dev.powerwatch.simulator.SimulatorConfig;
import dev.powerwatch.simulator.TibberSimulator;
import dev.powerwatch.support.Json;
import dev.powerwatch.support.Secret;
import dev.powerwatch.tibber.Measurement;
import dev.powerwatch.tibber.TibberApi;
import dev.powerwatch.tibber.TibberSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Shared set-up for tests that run against the simulator over loopback sockets. */
public final class Fixtures {
  public static final String TOKEN = "test-token-5f2c9a";
  public static final String HOME_A = "home-a-0001";
  public static final String HOME_B = "home-b-0002";
  public static final String HOME_NO_PULSE = "home-c-0003";
  public static final Duration AWAIT = Duration.ofSeconds(10);

  /** Short timings so tests see minutes of feed behaviour in seconds; long waits stay long. */
  public static final FeedSettings FAST_FEED = new FeedSettings(
      Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(200),
      Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofHours(1), Duration.ofMillis(50),
      Duration.ofMillis(150));

  private Fixtures() {}

  public static SimulatorConfig simulatorConfig() {
    ZoneId oslo = ZoneId.of("Europe/Oslo");
    return new SimulatorConfig("127.0.0.1", 0, 0, Set.of(TOKEN),
        List.of(new SimulatedHome(HOME_A, "House", oslo, true), new SimulatedHome(HOME_B, "Cabin", oslo, true),
            new SimulatedHome(HOME_NO_PULSE, "Flat", oslo, false)),
        Duration.ofMillis(50), Duration.ofSeconds(5), 2, 7);
  }

  public static TibberSimulator simulator(ActorTestKit testKit) {
    return TibberSimulator.start(testKit.system(), simulatorConfig(), Json.mapper(), Clock.systemUTC());
  }

  public static TibberSettings tibberSettings(TibberSimulator simulator, List<String> homes) {
    return new TibberSettings(simulator.apiUrl(), Secret.of(TOKEN), homes, Duration.ofSeconds(5),
        "powerwatch/test akka-http/10.5.3");
  }

  /** A feed subscriber that passes each measurement on to {@code ref} and is done at once: no backpressure. */
  public static FeedSubscriber subscriber(ActorRef<Measurement> ref) {
    return (batch, done) -> {
      batch.forEach(ref::tell);
      done.run();
    };
  }

  public static LiveFeed.Dependencies dependencies(ActorTestKit testKit, TibberSimulator simulator, Clock clock) {
    TibberSettings tibber = tibberSettings(simulator, List.of());
    return new LiveFeed.Dependencies(new TibberApi(testKit.system(), tibber, Json.mapper(), clock), tibber.token(),
        Json.mapper(), clock, new Random(11), Metrics.withoutJvm());
  }

  /** Settings with the fast feed, no rules and the Tibber push channel. */
  public static Settings settings(TibberSettings tibber, Path stateDir) {
    return settings(tibber, stateDir, List.of());
  }

  public static Settings settings(TibberSettings tibber, Path stateDir, List<Rule> rules) {
    return settings(tibber, stateDir, rules, HttpSettings.disabled());
  }

  public static Settings settings(TibberSettings tibber, Path stateDir, List<Rule> rules, HttpSettings http) {
    NotifySettings notify = new NotifySettings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofHours(24),
        Duration.ofSeconds(5), List.of(new TibberPushChannel("tibber", tibber, Json.mapper())));
    return new Settings(tibber, FAST_FEED, stateDir, rules, notify, Duration.ofMillis(20), http);
  }

  /** A power profile as runs of readings: {@code watts(5, 500, 10, 9000)} is 5 at 500 W, then 10 at 9 kW. */
  public static List<Double> watts(Object... runs) {
    List<Double> profile = new java.util.ArrayList<>();
    for (int i = 0; i < runs.length; i += 2) {
      profile.addAll(java.util.Collections.nCopies((Integer) runs[i], ((Integer) runs[i + 1]).doubleValue()));
    }
    return profile;
  }

  /** Asks the feed for its status until {@code condition} holds. */
  public static FeedStatus awaitStatus(ActorTestKit testKit, ActorRef<LiveFeed.Command> feed,
      Predicate<FeedStatus> condition) {
    TestProbe<FeedStatus> probe = testKit.createTestProbe();
    return probe.awaitAssert(AWAIT, Duration.ofMillis(20), () -> {
      feed.tell(new LiveFeed.GetStatus(probe.ref()));
      FeedStatus status = probe.receiveMessage();
      if (!condition.test(status)) {
        throw new AssertionError("status not reached yet: " + status);
      }
      return status;
    });
  }

  public static void awaitTrue(ActorTestKit testKit, String what, Supplier<Boolean> condition) {
    awaitTrue(testKit, what, AWAIT, condition);
  }

  /** For what takes long by design (a scripted hour played reading by reading). */
  public static void awaitTrue(ActorTestKit testKit, String what, Duration atMost, Supplier<Boolean> condition) {
    TestProbe<Void> probe = testKit.createTestProbe();
    probe.awaitAssert(atMost, Duration.ofMillis(20), () -> {
      if (!condition.get()) {
        throw new AssertionError("still waiting for: " + what);
      }
      return null;
    });
  }

  /** Receives measurements until one satisfies {@code condition}. */
  public static Measurement awaitMeasurement(TestProbe<Measurement> probe, Predicate<Measurement> condition) {
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Measurement m = probe.receiveMessage(AWAIT);
      if (condition.test(m)) {
        return m;
      }
    }
    throw new AssertionError("no matching measurement within " + AWAIT);
  }
}
