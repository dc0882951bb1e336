package dev.powerwatch.bench;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.Fixtures;
import dev.powerwatch.Json;
import dev.powerwatch.PowerWatch;
import dev.powerwatch.feed.LiveFeed;
import dev.powerwatch.http.HttpSettings;
import dev.powerwatch.rules.RuleLoader;
import dev.powerwatch.settings.FeedSettings;
import dev.powerwatch.settings.Settings;
import dev.powerwatch.settings.SettingsException;
import dev.powerwatch.settings.TibberSettings;
import dev.powerwatch.simulator.TibberSimulator;
import dev.powerwatch.tibber.Measurement;
import dev.powerwatch.tibber.TibberApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Floods the real daemon with live measurements over a loopback socket and reports how many per
 * second pass LiveFeed, and how long the whole flood takes to reach the phone when its last
 * measurement crosses a threshold (LiveFeed → HomeMonitor → Debouncer → Notifier → push).
 * Run with bench/run; not part of the test suite.
 */
public final class FeedFloodBenchmark {
  private FeedFloodBenchmark() {}

  public static void main(String[] args) throws Exception {
    long count = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    ActorSystem<Void> simulatorSystem = ActorSystem.create(Behaviors.empty(), "simulator");
    TibberSimulator simulator = TibberSimulator.start(simulatorSystem,
        Fixtures.simulatorConfig().withInterval(Duration.ofHours(1)), Json.mapper(), Clock.systemUTC());
    AtomicLong received = new AtomicLong();
    ActorSystem<PowerWatch.Command> daemon = startDaemon(simulator, received);
    waitFor(() -> simulator.subscribeCount(Fixtures.HOME_A) == 1);

    System.out.printf(Locale.ROOT, "flood of %,d measurements, %d rounds after a warm-up, %d cores, max heap %d MiB%n",
        count, rounds, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    round(simulator, received, count / 4, "warm-up");
    for (int i = 1; i <= rounds; i++) {
      round(simulator, received, count, "round " + i);
    }
    daemon.terminate();
    simulator.close();
    simulatorSystem.terminate();
  }

  private static void round(TibberSimulator simulator, AtomicLong received, long count, String label)
      throws InterruptedException {
    int pushesBefore = simulator.pushes().size();
    long start = received.get();
    long t0 = System.nanoTime();
    simulator.flood(Fixtures.HOME_A, count);
    waitFor(() -> received.get() - start >= count);
    long fed = System.nanoTime();
    simulator.playProfile(Fixtures.HOME_A, List.of(9_500.0, 500.0));
    simulator.flood(Fixtures.HOME_A, 2);
    waitFor(() -> simulator.pushes().size() > pushesBefore);
    long pushed = System.nanoTime();
    double feedSeconds = (fed - t0) / 1e9;
    System.out.printf(Locale.ROOT, "%-8s LiveFeed %,10.0f measurements/s   whole flood to push %.2f s   heap used %d MiB%n",
        label, count / feedSeconds, (pushed - t0) / 1e9,
        (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
    waitFor(() -> simulator.pushes().size() > pushesBefore + 1);
  }

  private static ActorSystem<PowerWatch.Command> startDaemon(TibberSimulator simulator, AtomicLong received)
      throws Exception {
    TibberSettings tibber = Fixtures.tibberSettings(simulator, List.of(Fixtures.HOME_A));
    Path stateDir = Files.createTempDirectory("powerwatch-bench");
    FeedSettings feed = new FeedSettings(Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofSeconds(1),
        Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofMinutes(30), Duration.ofMinutes(10),
        Duration.ofSeconds(1), Duration.ofSeconds(60));
    Settings base = Fixtures.settings(tibber, stateDir, new RuleLoader().load(ConfigFactory.parseString(
        "rules = [{ name = high, type = threshold, above = 8000, clear = 7000, cooldown = 1ms }]")));
    Settings settings = new Settings(tibber, feed, stateDir, base.rules(), base.notifications(), Duration.ofMillis(100),
        HttpSettings.disabled());
    PowerWatch.SubscriberFactory counter = homes -> Behaviors.<Measurement>receiveMessage(m -> {
      received.incrementAndGet();
      return Behaviors.same();
    });
    return ActorSystem.create(Behaviors.setup(context -> {
      LiveFeed.Dependencies deps = new LiveFeed.Dependencies(
          new TibberApi(context.getSystem(), tibber, Json.mapper(), Clock.systemUTC()), tibber.token(), Json.mapper(),
          Clock.systemUTC(), new Random());
      return PowerWatch.create(settings, deps, List.of(counter), new CompletableFuture<SettingsException>());
    }), "powerwatch", ConfigFactory.load());
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("benchmark stalled");
      }
      Thread.sleep(1);
    }
  }
}
