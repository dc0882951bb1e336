package dev.powerwatch.http;

import static dev.powerwatch.Fixtures.HOME_A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorSystem;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.Fixtures;
import dev.powerwatch.LoopbackHttp;
import dev.powerwatch.PowerWatch;
import dev.powerwatch.feed.FeedSettings;
import dev.powerwatch.feed.LiveFeed;
import dev.powerwatch.metrics.Metrics;
import dev.powerwatch.notify.NotifySettings;
import dev.powerwatch.notify.TibberPushChannel;
import dev.powerwatch.rules.Rule;
import dev.powerwatch.rules.RuleLoader;
import dev.powerwatch.settings.Settings;
import dev.powerwatch.simulator.SimulatedClock;
import dev.powerwatch.simulator.TibberSimulator;
import dev.powerwatch.support.Json;
import dev.powerwatch.tibber.TibberApi;
import dev.powerwatch.tibber.TibberSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in Debian's headless Chromium, against the real daemon and the simulator over
 * loopback; the simulator moves a shared clock three seconds per reading, so the page's ten
 * minutes of chart fill in a few seconds.
 */
class DashboardBrowserTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Duration STEP = Duration.ofSeconds(3);
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final int STEADY_WATTS = 4321;
  private static final Path TARGET = Path.of("target");
  private static final String PAGE_SUMMARY = """
      JSON.stringify({
        power: document.querySelector('.power[data-home="%1$s"]')?.textContent,
        live: document.getElementById('live-status')?.dataset.state,
        readiness: document.getElementById('readiness')?.textContent,
        points: Number(document.querySelector('.chart[data-home="%1$s"]')?.dataset.points || 0),
        notifications: document.querySelector('#notifications tbody')?.textContent,
        silences: [...document.querySelectorAll('#silences li[data-silence]')]
            .map(line => ({ id: line.dataset.silence, home: line.dataset.home, text: line.textContent })),
        silenceError: document.getElementById('silence-error')?.textContent
      })""".formatted(HOME_A);

  @TempDir
  Path stateDir;
  @TempDir
  Path browserProfile;
  private final SimulatedClock clock = new SimulatedClock(Instant.now());
  private TibberSimulator simulator;
  private ActorSystem<PowerWatch.Command> daemon;

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.terminate();
      daemon.getWhenTerminated().toCompletableFuture().join();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  @Timeout(60)
  void thePageShowsTheLivePowerItsLastTenMinutesAndTheNoticeThatWentOutThenMutesTheHome() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(HeadlessChromium.BINARY),
        "skipped: Debian's chromium is not installed (apt-get install chromium)");
    int port = LoopbackHttp.freePort();
    startSimulatorAndDaemon(port);
    Fixtures.awaitTrue(testKit, "a ready daemon", () -> LoopbackHttp.get(url(port, "/ready")).statusCode() == 200);
    Files.createDirectories(TARGET);
    try (HeadlessChromium browser = HeadlessChromium.start(browserProfile, TARGET.resolve("dashboard-chromium.log"),
        1280, 900)) {
      browser.navigate(url(port, "/"));
      awaitPage(browser, "the live socket open", page -> page.path("live").asText().equals("live"));
      simulator.playProfile(HOME_A, anEveningThenSteady());
      JsonNode page = awaitPage(browser, STEADY_WATTS + " W and the notice of the oven's spike",
          p -> p.path("power").asText().equals(String.valueOf(STEADY_WATTS))
              && p.path("notifications").asText().contains("High power at House"));
      Files.write(TARGET.resolve("dashboard.png"), browser.screenshot());
      Files.writeString(TARGET.resolve("dashboard.html"), browser.evaluate("document.documentElement.outerHTML")
          .asText());

      assertEquals("live", page.path("live").asText(), "the live socket stayed open: " + page);
      assertEquals("Ready", page.path("readiness").asText(), page.toString());
      assertTrue(page.path("points").asInt() >= 150, "the chart holds the evening's readings: " + page);
      assertTrue(page.path("notifications").asText().contains("delivered"), page.toString());

      muteTheHomeThenEndItsSilence(browser, port);
    }
  }

  /** The home's "Mute 1 h" makes a silence that the API and the page show; its "End" ends it. */
  private static void muteTheHomeThenEndItsSilence(HeadlessChromium browser, int port) throws Exception {
    browser.click("#mute-homes button[data-home='%s']".formatted(HOME_A));
    Fixtures.awaitTrue(testKit, "a silence in /api/silences", () -> !silences(port).isEmpty());
    List<JsonNode> made = silences(port);
    assertEquals(1, made.size(), made.toString());
    JsonNode silence = made.get(0);
    assertEquals(HOME_A, silence.path("home").asText(), silence.toString());
    assertTrue(silence.path("rule").isNull(), silence.toString());
    assertEquals("dashboard", silence.path("createdBy").asText(), silence.toString());
    assertEquals(Duration.ofHours(1), Duration.between(Instant.parse(silence.path("startsAt").asText()),
        Instant.parse(silence.path("endsAt").asText())), silence.toString());
    String id = silence.path("id").asText();

    JsonNode page = awaitPage(browser, "the silence", p -> p.path("silences").size() == 1);
    JsonNode line = page.path("silences").get(0);
    assertEquals(id, line.path("id").asText(), page.toString());
    assertEquals(HOME_A, line.path("home").asText(), page.toString());
    assertTrue(line.path("text").asText().startsWith("House, every rule "), page.toString());
    assertTrue(line.path("text").asText().contains("by dashboard"), page.toString());

    browser.click("#silences button[data-silence='%s']".formatted(id));
    Fixtures.awaitTrue(testKit, "no silence in /api/silences", () -> silences(port).isEmpty());
    page = awaitPage(browser, "no silence", p -> p.path("silences").isEmpty());
    assertEquals("", page.path("silenceError").asText(), page.toString());
  }

  private static List<JsonNode> silences(int port) {
    try {
      List<JsonNode> silences = new ArrayList<>();
      Json.mapper().readTree(LoopbackHttp.get(url(port, "/api/silences")).body()).forEach(silences::add);
      return silences;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asks the page for its summary until {@code shown} holds; fails with the last summary after PATIENCE. */
  private static JsonNode awaitPage(HeadlessChromium browser, String what, Predicate<JsonNode> shown)
      throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    JsonNode page = null;
    while (System.nanoTime() < deadline) {
      page = Json.mapper().readTree(browser.evaluate(PAGE_SUMMARY).asText());
      if (shown.test(page)) {
        return page;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the page did not show " + what + " within " + PATIENCE + "; it shows " + page);
  }

  /** Ten minutes of a household (a kettle, then an oven that trips the rule), then 4321 W past the test's end. */
  private static List<Double> anEveningThenSteady() {
    List<Double> watts = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      double appliances = i >= 80 && i < 95 ? 2000 : i >= 130 && i < 160 ? 4600 : 0;
      watts.add((double) Math.round(600 + 180 * Math.sin(i / 6.0) + appliances));
    }
    watts.addAll(Collections.nCopies(3000, (double) STEADY_WATTS));
    return watts;
  }

  private void startSimulatorAndDaemon(int port) {
    simulator = TibberSimulator.start(testKit.system(), Fixtures.simulatorConfig().withInterval(Duration.ofMillis(20)),
        Json.mapper(), clock);
    simulator.advancePerReading(clock, STEP);
    List<Rule> rules = new RuleLoader().load(ConfigFactory.parseString("""
        rules = [{ name = high-power, type = threshold, field = power, above = 4000, clear = 3500,
                   cooldown = 10m, homes = ["%s"], title = "High power at {home}", message = "{home} draws {value} W" }]
        """.formatted(HOME_A)));
    TibberSettings tibber = Fixtures.tibberSettings(simulator, List.of(HOME_A));
    FeedSettings feed = new FeedSettings(Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofMillis(50),
        Duration.ofMillis(200), Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofHours(1),
        Duration.ofMillis(50), Duration.ofMillis(100));
    NotifySettings notify = new NotifySettings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofDays(1),
        Duration.ofSeconds(5), List.of(new TibberPushChannel("tibber", tibber, Json.mapper())));
    Settings settings = new Settings(tibber, feed, stateDir, rules, notify, Duration.ofMillis(20),
        new HttpSettings(true, "127.0.0.1", port));
    LiveFeed.Dependencies deps = new LiveFeed.Dependencies(new TibberApi(testKit.system(), tibber, Json.mapper(),
        clock), tibber.token(), Json.mapper(), clock, new Random(5), Metrics.withoutJvm());
    daemon = ActorSystem.create(PowerWatch.create(settings, deps, List.of(), new CompletableFuture<>()),
        "dashboard-daemon", ConfigFactory.load());
  }

  private static URI url(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
