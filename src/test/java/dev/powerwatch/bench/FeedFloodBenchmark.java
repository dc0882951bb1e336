package dev.powerwatch.bench;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.PowerWatch;
import dev.powerwatch.feed.FeedSettings;
import dev.powerwatch.feed.LiveFeed;
import dev.powerwatch.http.HttpSettings;
import dev.powerwatch.metrics.Metrics;
import dev.powerwatch.notify.NotifySettings;
import dev.powerwatch.notify.TibberPushChannel;
import dev.powerwatch.rules.RuleLoader;
import dev.powerwatch.settings.Settings;
import dev.powerwatch.simulator.SimulatorConfig;
import dev.powerwatch.simulator.TibberSimulator;
import dev.powerwatch.support.Json;
import dev.powerwatch.support.Secret;
import dev.powerwatch.support.SettingsException;
import dev.powerwatch.tibber.TibberApi;
import dev.powerwatch.tibber.TibberSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Floods the real daemon (this process) from a `powerwatch simulate` in another process over a
 * loopback socket. Reports measurements per second through LiveFeed, and how long the whole flood
 * takes to reach the phone when its last measurement crosses a threshold (LiveFeed → HomeMonitor
 * → Debouncer → Notifier → push). Run with bench/run; not part of the test suite.
 *
 * <p>Arguments: simulator base URL (http://127.0.0.1:PORT), measurements per round, rounds.
 */
public final class FeedFloodBenchmark {
  private static final HttpClient http = HttpClient.newHttpClient();
  private static final String HOME = SimulatorConfig.DEMO_HOME_ID;

  private FeedFloodBenchmark() {}

  public static void main(String[] args) throws Exception {
    URI simulator = URI.create(args[0]);
    long count = Long.parseLong(args[1]);
    int rounds = Integer.parseInt(args[2]);
    AtomicLong received = new AtomicLong();
    ActorSystem<PowerWatch.Command> daemon = startDaemon(simulator.resolve(TibberSimulator.API_PATH), received);
    waitFor(() -> {
      post(simulator, "/simulator/flood?home=" + HOME + "&count=1", "");
      Thread.sleep(50);
      return received.get() > 0;
    });
    System.out.printf(Locale.ROOT, "flood of %,d measurements per round, %d cores, max heap %d MiB%n",
        count, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    round(simulator, received, count / 4, "warm-up");
    for (int i = 1; i <= rounds; i++) {
      round(simulator, received, count, "round " + i);
    }
    latency(simulator, 50, "warm-up");
    latency(simulator, 200, "latency");
    daemon.terminate();
  }

  private static void round(URI simulator, AtomicLong received, long count, String label) throws Exception {
    int pushesBefore = pushes(simulator);
    long start = received.get();
    long t0 = System.nanoTime();
    post(simulator, "/simulator/flood?home=" + HOME + "&count=" + count, "");
    waitFor(() -> received.get() - start >= count);
    long fed = System.nanoTime();
    post(simulator, "/simulator/profile?home=" + HOME, "[9500, 500]");
    post(simulator, "/simulator/flood?home=" + HOME + "&count=2", "");
    waitFor(() -> pushes(simulator) > pushesBefore);
    long pushed = System.nanoTime();
    System.out.printf(Locale.ROOT,
        "%-8s LiveFeed %,8.0f measurements/s   flood to push %,8.0f measurements/s (%.2f s)   heap used %d MiB%n",
        label, count / ((fed - t0) / 1e9), count / ((pushed - t0) / 1e9), (pushed - t0) / 1e9,
        (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
    waitFor(() -> pushes(simulator) > pushesBefore + 1);
  }

  /**
   * Alert latency, as an upper bound: from asking the simulator for one reading across the
   * threshold (and then one back below) until the push has arrived there. Includes the control
   * request, the socket, the daemon, the push request and 1 ms polling.
   */
  private static void latency(URI simulator, int samples, String label) throws Exception {
    long[] micros = new long[samples];
    for (int i = 0; i < samples; i++) {
      int before = pushes(simulator);
      post(simulator, "/simulator/profile?home=" + HOME, i % 2 == 0 ? "[9500]" : "[500]");
      long t0 = System.nanoTime();
      post(simulator, "/simulator/flood?home=" + HOME + "&count=1", "");
      waitFor(() -> pushes(simulator) > before);
      micros[i] = (System.nanoTime() - t0) / 1_000;
    }
    java.util.Arrays.sort(micros);
    System.out.printf(Locale.ROOT, "%-8s alert latency over %d pushes: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        label, samples, micros[samples / 2] / 1e3, micros[(int) Math.ceil(samples * 0.99) - 1] / 1e3,
        micros[samples - 1] / 1e3);
  }

  private static ActorSystem<PowerWatch.Command> startDaemon(URI apiUrl, AtomicLong received) throws IOException {
    TibberSettings tibber = new TibberSettings(apiUrl, Secret.of(SimulatorConfig.DEMO_TOKEN), List.of(HOME),
        Duration.ofSeconds(10), "powerwatch/bench akka-http/10.5.3");
    Path stateDir = Files.createTempDirectory("powerwatch-bench");
    FeedSettings feed = new FeedSettings(Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofSeconds(1),
        Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofMinutes(30), Duration.ofMinutes(10),
        Duration.ofSeconds(1), Duration.ofSeconds(60));
    NotifySettings notify = new NotifySettings(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofHours(1),
        Duration.ofSeconds(10), List.of(new TibberPushChannel("tibber", tibber, Json.mapper())));
    Settings settings = new Settings(tibber, feed, stateDir, new RuleLoader().load(ConfigFactory.parseString(
        "rules = [{ name = high, type = threshold, above = 8000, clear = 7000, cooldown = 1ms }]")), notify,
        Duration.ofHours(1), HttpSettings.disabled());
    PowerWatch.SubscriberFactory counter = homes -> m -> received.incrementAndGet();
    return ActorSystem.create(Behaviors.setup(context -> {
      LiveFeed.Dependencies deps = new LiveFeed.Dependencies(
          new TibberApi(context.getSystem(), tibber, Json.mapper(), Clock.systemUTC()), tibber.token(), Json.mapper(),
          Clock.systemUTC(), new Random(), Metrics.withoutJvm());
      return PowerWatch.create(settings, deps, List.of(counter), new CompletableFuture<SettingsException>());
    }), "powerwatch", ConfigFactory.load());
  }

  private static int pushes(URI simulator) {
    return get(simulator, "/simulator/status").path("pushes").asInt();
  }

  private static JsonNode get(URI simulator, String path) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(simulator.resolve(path)).build(),
          HttpResponse.BodyHandlers.ofString());
      return Json.mapper().readTree(response.body());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("the simulator did not answer " + path, e);
    }
  }

  private static void post(URI simulator, String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(simulator.resolve(path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void waitFor(Check condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("benchmark stalled");
      }
      Thread.sleep(0, 200_000);
    }
  }
}
