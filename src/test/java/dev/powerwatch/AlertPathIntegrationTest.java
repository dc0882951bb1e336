package dev.powerwatch;

import static dev.powerwatch.Fixtures.HOME_A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorSystem;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.feed.FeedSettings;
import dev.powerwatch.feed.LiveFeed;
import dev.powerwatch.http.HttpSettings;
import dev.powerwatch.metrics.Metrics;
import dev.powerwatch.notify.NotifySettings;
import dev.powerwatch.notify.OutboxFiles;
import dev.powerwatch.notify.TibberPushChannel;
import dev.powerwatch.rules.Rule;
import dev.powerwatch.rules.RuleLoader;
import dev.powerwatch.settings.Settings;
import dev.powerwatch.simulator.RecordedPush;
import dev.powerwatch.simulator.SimulatedClock;
import dev.powerwatch.simulator.TibberSimulator;
import dev.powerwatch.support.Json;
import dev.powerwatch.support.SettingsException;
import dev.powerwatch.tibber.TibberApi;
import dev.powerwatch.tibber.TibberSettings;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The whole path, measurement to phone, against the simulator over loopback: the simulator moves
 * a shared clock two seconds per reading, so minutes of alert time pass in a second or two.
 */
class AlertPathIntegrationTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Duration STEP = Duration.ofSeconds(2);
  private static final String FIRING_TITLE = "High power at House";
  private static final String RESOLVED_TITLE = "Power normal at House";

  @TempDir
  Path stateDir;
  private final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-22T02:00:00Z"));
  private TibberSimulator simulator;
  private final List<ActorSystem<PowerWatch.Command>> daemons = new ArrayList<>();

  @BeforeEach
  void start() {
    simulator = TibberSimulator.start(testKit.system(), Fixtures.simulatorConfig().withInterval(Duration.ofMillis(20)),
        Json.mapper(), clock);
    simulator.advancePerReading(clock, STEP);
  }

  @AfterEach
  void stop() {
    daemons.forEach(ActorSystem::terminate);
    daemons.forEach(d -> d.getWhenTerminated().toCompletableFuture().join());
    simulator.close();
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private ActorSystem<PowerWatch.Command> startDaemon(boolean sendResolved) {
    return startDaemon(sendResolved, HttpSettings.disabled());
  }

  private ActorSystem<PowerWatch.Command> startDaemon(boolean sendResolved, HttpSettings http) {
    return startDaemon("""
        { name = high-power, type = threshold, field = power, above = 8000, clear = 7000,
          cooldown = 60s, resolved = %s, homes = ["%s"],
          title = "High power at {home}", message = "{home} draws {value} W",
          resolved-title = "Power normal at {home}", resolved-message = "{home} is back to {value} W" }
        """.formatted(sendResolved, HOME_A), http);
  }

  private ActorSystem<PowerWatch.Command> startDaemon(String rule, HttpSettings http) {
    List<Rule> rules = new RuleLoader().load(ConfigFactory.parseString("rules = [" + rule + "]"));
    TibberSettings tibber = Fixtures.tibberSettings(simulator, List.of(HOME_A));
    FeedSettings feed = new FeedSettings(Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofMillis(50),
        Duration.ofMillis(200), Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofHours(1),
        Duration.ofMillis(50), Duration.ofMillis(100));
    NotifySettings notify = new NotifySettings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofDays(1),
        Duration.ofSeconds(5), List.of(new TibberPushChannel("tibber", tibber, Json.mapper())));
    Settings settings = new Settings(tibber, feed, stateDir, rules, notify, Duration.ofMillis(20), http);
    LiveFeed.Dependencies deps = new LiveFeed.Dependencies(new TibberApi(testKit.system(), tibber, Json.mapper(), clock),
        tibber.token(), Json.mapper(), clock, new Random(9), Metrics.withoutJvm());
    CompletableFuture<SettingsException> fatal = new CompletableFuture<>();
    ActorSystem<PowerWatch.Command> daemon = ActorSystem.create(PowerWatch.create(settings, deps, List.of(), fatal),
        "daemon-" + daemons.size(), ConfigFactory.load());
    daemons.add(daemon);
    return daemon;
  }

  private boolean stateSaysNotified() {
    try {
      return Files.readString(stateDir.resolve("alerts.json")).contains("\"firingNotified\" : true");
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** A profile plays a reading every 20 ms; the longest here take about 8 s. */
  private void awaitProfilePlayed() {
    Fixtures.awaitTrue(testKit, "the profile played", Duration.ofSeconds(40),
        () -> simulator.profileRemaining(HOME_A) == 0);
  }

  private void awaitPushes(int count) {
    Fixtures.awaitTrue(testKit, count + " push(es)", () -> simulator.pushes().size() >= count);
  }

  @Test
  void aSpikeNotifiesOnceRepeatsAfterTheCooldownAndResolvesOnce() {
    // 10 s low, 70 s at 9 kW (the first 20 s are the spike), 10 s at 7.5 kW (inside the hysteresis), then low.
    simulator.playProfile(HOME_A, Fixtures.watts(5, 500, 35, 9000, 5, 7500, 30, 500));
    startDaemon(true);
    awaitProfilePlayed();
    awaitPushes(3);
    List<RecordedPush> pushes = simulator.pushes();
    assertEquals(List.of(FIRING_TITLE, FIRING_TITLE, RESOLVED_TITLE), pushes.stream().map(RecordedPush::title).toList());
    assertEquals("House draws 9000 W", pushes.get(0).message());
    assertEquals("House is back to 500 W", pushes.get(2).message());
    assertEquals("CONSUMPTION", pushes.get(0).screenToOpen());
    // Arrival times at the simulator; each may trail its decision by a reading (STEP) in flight.
    Duration repeatAfter = Duration.between(pushes.get(0).receivedAt(), pushes.get(1).receivedAt());
    assertTrue(repeatAfter.compareTo(Duration.ofSeconds(60).minus(STEP.multipliedBy(2))) >= 0
        && repeatAfter.compareTo(Duration.ofSeconds(70)) < 0, "repeat after " + repeatAfter);

    simulator.playProfile(HOME_A, Fixtures.watts(60, 500));
    awaitProfilePlayed();
    assertEquals(3, simulator.pushes().size(), "two more minutes below the threshold add nothing");
  }

  @Test
  void aSilenceHoldsTheSpikeUntilItEndsThenTheAlertIsNotifiedOnce() throws Exception {
    URI api = URI.create("http://127.0.0.1:" + LoopbackHttp.freePort() + "/");
    startDaemon(true, new HttpSettings(true, "127.0.0.1", api.getPort()));
    String silence = silence(api, "{\"home\": \"" + HOME_A + "\", \"for\": \"30s\", \"comment\": \"sauna\"}");
    String silenceId = Json.mapper().readTree(silence).get("id").asText();
    Instant silenceEnds = Instant.parse(Json.mapper().readTree(silence).get("endsAt").asText());
    // 10 s low, 60 s at 9 kW (the silence ends 30 s after it was made; the cooldown is 60 s), then low.
    simulator.playProfile(HOME_A, Fixtures.watts(5, 500, 30, 9000, 10, 500));
    Fixtures.awaitTrue(testKit, "the held notice in the state", () -> LoopbackHttp.get(api.resolve("api/state")).body()
        .contains("\"silencedBy\":\"" + silenceId + "\""));
    awaitProfilePlayed();
    awaitPushes(2);
    List<RecordedPush> pushes = simulator.pushes();
    assertEquals(List.of(FIRING_TITLE, RESOLVED_TITLE), pushes.stream().map(RecordedPush::title).toList());
    assertTrue(!pushes.get(0).receivedAt().isBefore(silenceEnds), "notified at " + pushes.get(0).receivedAt()
        + ", the silence ended at " + silenceEnds);
    String metrics = LoopbackHttp.get(api.resolve("metrics")).body();
    assertTrue(metrics.contains("powerwatch_notices_silenced_total{home=\"" + HOME_A + "\",rule=\"high-power\"} 1.0"),
        metrics);
  }

  @Test
  void anAlertThatResolvesDuringASilenceIsNeverNotified() throws Exception {
    URI api = URI.create("http://127.0.0.1:" + LoopbackHttp.freePort() + "/");
    startDaemon(true, new HttpSettings(true, "127.0.0.1", api.getPort()));
    String id = Json.mapper().readTree(silence(api, "{\"for\": \"1h\", \"createdBy\": \"test\"}")).get("id")
        .asText();
    simulator.playProfile(HOME_A, Fixtures.watts(5, 500, 10, 9000, 10, 500));
    awaitProfilePlayed();
    HttpResponse<String> ended = LoopbackHttp.delete(api.resolve("api/silences/" + id));
    assertEquals(200, ended.statusCode(), ended.body());
    assertEquals(404, LoopbackHttp.delete(api.resolve("api/silences/" + id)).statusCode(), "ended once");
    simulator.playProfile(HOME_A, Fixtures.watts(30, 500));
    awaitProfilePlayed();
    assertEquals(List.of(), simulator.pushes());
  }

  @Test
  void theCommandLineMakesListsAndEndsSilencesOfTheRunningDaemon() throws Exception {
    int port = LoopbackHttp.freePort();
    startDaemon(true, new HttpSettings(true, "127.0.0.1", port));
    Path config = stateDir.resolve("cli.conf");
    Files.writeString(config, "powerwatch.http.port = " + port + "\n");
    Fixtures.awaitTrue(testKit, "the API takes silences", () -> LoopbackHttp.get(
        URI.create("http://127.0.0.1:" + port + "/api/silences")).statusCode() == 200);

    CommandRun added = CommandRun.besideDaemon("silence", "add", "--config", config.toString(), "--home", HOME_A, "--rule",
        "high-power", "--for", "2h", "--comment", "sauna");
    assertEquals(0, added.exitCode(), added.err());
    String id = added.out().split(" ")[1];
    assertTrue(added.out().contains("mutes rule high-power of home " + HOME_A + " until"), added.out());
    CommandRun listed = CommandRun.besideDaemon("silence", "list", "--config", config.toString());
    assertTrue(listed.out().startsWith(id + "  rule high-power of home " + HOME_A) && listed.out().contains("\"sauna\""),
        listed.out());
    assertEquals(0, CommandRun.besideDaemon("silence", "end", "--config", config.toString(), id).exitCode());
    assertEquals("No silences.", CommandRun.besideDaemon("silence", "list", "--config", config.toString()).out().strip());

    CommandRun typo = CommandRun.besideDaemon("silence", "add", "--config", config.toString(), "--rule", "high-powr");
    assertEquals(64, typo.exitCode());
    assertTrue(typo.err().contains("no rule 'high-powr' here (the rules are high-power)"), typo.err());
    CommandRun gone = CommandRun.besideDaemon("silence", "list", "--url", "http://127.0.0.1:" + LoopbackHttp.freePort() + "/");
    assertEquals(69, gone.exitCode());
    assertTrue(gone.err().contains("cannot reach the daemon"), gone.err());
  }

  /** Makes a silence through the API once the daemon has found its homes; answers its JSON. */
  private String silence(URI api, String body) {
    URI silences = api.resolve("api/silences");
    Fixtures.awaitTrue(testKit, "the API takes silences", () -> LoopbackHttp.get(silences).statusCode() == 200);
    HttpResponse<String> made = LoopbackHttp.postJson(silences, body);
    assertEquals(201, made.statusCode(), made.body());
    return made.body();
  }

  @Test
  void aShortSpikeGivesExactlyOnePushAndLogsItUnderTheActorsNames() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try {
      simulator.playProfile(HOME_A, Fixtures.watts(5, 500, 10, 9000, 60, 500));
      startDaemon(false);
      awaitProfilePlayed();
      awaitPushes(1);
      simulator.playProfile(HOME_A, Fixtures.watts(60, 500));
      awaitProfilePlayed();
    } finally {
      root.detachAppender(logs);
    }
    assertEquals(List.of(FIRING_TITLE), simulator.pushes().stream().map(RecordedPush::title).toList());
    List<String> lines = logs.list.stream().map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
    assertTrue(lines.stream().anyMatch(l -> l.matches("dev\\.powerwatch\\.debounce\\.Debouncer: Notify firing high-power@\\S+ \\(notice \\S+\\): .+")),
        String.join("\n", lines));
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("dev.powerwatch.notify.Notifier: Sent '" + FIRING_TITLE)),
        String.join("\n", lines));
    assertTrue(lines.stream().noneMatch(l -> l.startsWith("akka.actor.ActorCell")), String.join("\n", lines));
  }

  @Test
  void aPushPendingWhenTheDaemonDiesIsDeliveredOnceAfterTheRestart() throws Exception {
    stopDuringASpikeWithThePushWaiting();
    assertEquals(0, simulator.pushes().size());
    assertTrue(simulator.profileRemaining(HOME_A) > 60, "killed during the spike");

    startAgainAndPlayTheSpikeOut();
    assertEquals(List.of(FIRING_TITLE), simulator.pushes().stream().map(RecordedPush::title).toList());
  }

  @Test
  void aNoticeInTheOutboxThatTheAlertStateMissedGoesOutOnceAfterTheRestart() throws Exception {
    stopDuringASpikeWithThePushWaiting();
    // As if the process died after the outbox had the notice and before the alert state was written.
    Files.delete(stateDir.resolve("alerts.json"));

    startAgainAndPlayTheSpikeOut();
    assertEquals(List.of(FIRING_TITLE), simulator.pushes().stream().map(RecordedPush::title).toList(),
        "the outbox's notice, and no second one made for the same firing");
  }

  /**
   * One 40 s spike, shorter than the cooldown, while the push service is down; the daemon stops
   * during it with the notice in its outbox and its alert state written (time stands still while
   * nobody is subscribed, so the rest of the spike reaches the next daemon).
   */
  private void stopDuringASpikeWithThePushWaiting() throws Exception {
    simulator.pushAvailable(false);
    simulator.playProfile(HOME_A, Fixtures.watts(5, 500, 20, 9000, 60, 500));
    ActorSystem<PowerWatch.Command> first = startDaemon(false);
    Fixtures.awaitTrue(testKit, "the push waits in the outbox", () -> OutboxFiles.count(stateDir) == 1);
    Fixtures.awaitTrue(testKit, "the alert state says it was notified", this::stateSaysNotified);
    first.terminate();
    first.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void startAgainAndPlayTheSpikeOut() {
    simulator.pushAvailable(true);
    startDaemon(false);
    awaitPushes(1);
    awaitProfilePlayed();
    Fixtures.awaitTrue(testKit, "the outbox is empty", () -> OutboxFiles.count(stateDir) == 0);
  }

  @Test
  void anUnusableOutboxFolderNeitherStopsNorRepeatsAlertsAndReadinessSaysSo() throws Exception {
    Path outbox = Files.writeString(stateDir.resolve("outbox"), "a file where the outbox folder should be");
    int port = LoopbackHttp.freePort();
    URI ready = URI.create("http://127.0.0.1:" + port + "/ready");
    simulator.playProfile(HOME_A, Fixtures.watts(5, 500, 35, 9000, 5, 7500, 30, 500));
    startDaemon(true, new HttpSettings(true, "127.0.0.1", port));
    awaitProfilePlayed();
    awaitPushes(3);
    assertEquals(List.of(FIRING_TITLE, FIRING_TITLE, RESOLVED_TITLE),
        simulator.pushes().stream().map(RecordedPush::title).toList(), "the cooldown held, from memory");
    String metrics = LoopbackHttp.get(URI.create("http://127.0.0.1:" + port + "/metrics")).body();
    for (String sample : List.of("powerwatch_alert_firing{home=\"" + HOME_A + "\",rule=\"high-power\"} 0",
        "powerwatch_notifications_total{channel=\"tibber\",outcome=\"delivered\"} 3",
        "powerwatch_measurements_total{home=\"" + HOME_A + "\"}", "powerwatch_state_dir_writable 0",
        "powerwatch_feed_up 1")) {
      assertTrue(metrics.contains(sample), sample + " in\n" + metrics);
    }
    assertTrue(!metrics.contains(Fixtures.TOKEN), "no secret in a label");
    HttpResponse<String> degraded = LoopbackHttp.get(ready);
    assertEquals(503, degraded.statusCode(), degraded.body());
    assertTrue(degraded.body().contains("STATE_DIR_UNWRITABLE: cannot write " + outbox), degraded.body());

    Files.delete(outbox);
    Fixtures.awaitTrue(testKit, "ready once the folder can be written", () -> LoopbackHttp.get(ready).statusCode() == 200);
    Fixtures.awaitTrue(testKit, "the alert state is on disk", () -> Files.exists(stateDir.resolve("alerts.json")));
    Promtool.assertClean(metrics);
  }


  @Test
  void anHourHeadingOverItsLimitWarnsOnceWhileThereIsTimeToAct() {
    // The meter's clock runs 10 s per reading from 03:00 in Oslo (02:00Z): 20 minutes at 3 kW, then
    // 9 kW to the end of the hour, then the next hour low. Hand-computed with readings every 10 s:
    // the estimate first passes 5 kWh at about minute 22.5 (E = 1.375 kWh, the last 5 minutes average
    // 6 kW, 1.375 + 6 x 37.5/60 = 5.1), asking to cut 9 - (5 - 1.375)/(37.5/60) = 3.2 kW.
    Instant hourStart = clock.instant();
    simulator.advancePerReading(clock, Duration.ofSeconds(10));
    simulator.playProfile(HOME_A, Fixtures.watts(120, 3000, 240, 9000, 30, 500));
    startDaemon("{ name = hour, type = hour-estimate, limit = 5 }", HttpSettings.disabled());
    awaitProfilePlayed();
    awaitPushes(1);
    List<RecordedPush> pushes = simulator.pushes();
    assertEquals(1, pushes.size(), "exactly one warning in the hour: " + pushes);
    RecordedPush warning = pushes.get(0);
    Duration into = Duration.between(hourStart, warning.receivedAt());
    assertTrue(into.compareTo(Duration.ofMinutes(20)) >= 0 && into.compareTo(Duration.ofMinutes(27)) <= 0,
        "warned " + into + " into the hour");
    java.util.regex.Matcher cut = java.util.regex.Pattern.compile("switch off ([0-9.]+) kW for the next (\\d+) min")
        .matcher(warning.message());
    assertTrue(cut.find(), warning.message());
    double reduce = Double.parseDouble(cut.group(1));
    assertTrue(reduce >= 2.8 && reduce <= 3.6, "asks to cut about 3 kW: " + warning.message());
    assertTrue(warning.title().startsWith("This hour heads for 5."), warning.title());
    assertTrue(warning.message().endsWith("to stay under 5 kWh."), warning.message());
  }

  private static final String HOUR_RULE = "{ name = hour, type = hour-estimate, limit = 5 }";

  /**
   * As above, but 9 kW goes on 25 minutes into the next hour: the first warning comes at about
   * minute 22.5, the second hour heads for 9 kWh from its start. Returns the first hour's start.
   */
  private Instant playTwoHighHours() {
    Instant hourStart = clock.instant();
    simulator.advancePerReading(clock, Duration.ofSeconds(10));
    simulator.playProfile(HOME_A, Fixtures.watts(120, 3000, 240 + 150, 9000, 30, 500));
    return hourStart;
  }

  /** One warning in each hour, the second at the second hour's minute 10 (not-before). */
  private void assertWarnedOnceInEachHour(Instant hourStart) {
    awaitProfilePlayed();
    awaitPushes(2);
    List<RecordedPush> pushes = simulator.pushes();
    assertEquals(2, pushes.size(), "one warning in each hour: " + pushes);
    Duration into = Duration.between(hourStart.plus(Duration.ofHours(1)), pushes.get(1).receivedAt());
    assertTrue(into.compareTo(Duration.ofMinutes(10)) >= 0 && into.compareTo(Duration.ofMinutes(12)) <= 0,
        "warned " + into + " into the second hour");
    assertTrue(pushes.get(1).title().startsWith("This hour heads for 9."), pushes.get(1).title());
  }

  @Test
  void theNextHourHeadingOverItsLimitTooIsWarnedAtOnceNotAnHourAfterTheLastWarning() {
    // 47.5 minutes after the first warning: the last hour's warning holds back no other hour's.
    Instant hourStart = playTwoHighHours();
    startDaemon(HOUR_RULE, HttpSettings.disabled());
    assertWarnedOnceInEachHour(hourStart);
  }

  @Test
  void aDaemonRestartedInAWarnedHourWarnsNoSecondTimeThatHourAndTheNextHourAtOnce() throws Exception {
    // Stopped after the first warning and started again on its state directory (the meter's time
    // stands still while nobody is subscribed).
    Instant hourStart = playTwoHighHours();
    ActorSystem<PowerWatch.Command> first = startDaemon(HOUR_RULE, HttpSettings.disabled());
    awaitPushes(1);
    Fixtures.awaitTrue(testKit, "the alert state says it was notified", this::stateSaysNotified);
    first.terminate();
    first.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertTrue(clock.instant().isBefore(hourStart.plus(Duration.ofMinutes(50))), "stopped in the first hour");
    startDaemon(HOUR_RULE, HttpSettings.disabled());
    assertWarnedOnceInEachHour(hourStart);
  }

  @Test
  void aCapacityMonthThatCannotBeWrittenIsInReadyAndTheMonthKeepsCounting() throws Exception {
    Files.writeString(stateDir.resolve("capacity"), "a file where the folder should be");
    simulator.setHourlyHistory(HOME_A, Map.of(Instant.parse("2026-11-22T01:00:00Z"), 2.0));
    URI ready = URI.create("http://127.0.0.1:" + LoopbackHttp.freePort() + "/ready");
    simulator.playProfile(HOME_A, Fixtures.watts(30, 3000));
    startDaemon("""
        { name = effekt, type = capacity-step, currency = NOK, steps = [{ up-to = 2, price = 150 }, { price = 250 }] }""",
        new HttpSettings(true, "127.0.0.1", ready.getPort()));
    Fixtures.awaitTrue(testKit, "/ready names the capacity state it cannot write", () -> {
      HttpResponse<String> answer = LoopbackHttp.get(ready);
      return answer.statusCode() == 503 && answer.body().contains("STATE_DIR_UNWRITABLE")
          && answer.body().contains("capacity");
    });
    Fixtures.awaitTrue(testKit, "the month in /api/state all the same", () -> LoopbackHttp.get(
        ready.resolve("/api/state")).body().contains("\"capacity\":{\"monthKw\""));
  }

  @Test
  void aMonthWithThreePeaksWarnsOnceInTheHourThatLiftsItToTheNextStep() throws Exception {
    // Tibber's measured hours of November so far: tops of 5.0, 4.0 and 4.4 kWh on the 2nd, 3rd and
    // 4th, 1 kWh every other hour: (5.0 + 4.0 + 4.4) / 3 = 4.47 kW, Elvia's step 2-5. A new day's
    // top above 15 - 5.0 - 4.4 = 5.6 kWh lifts it to 5-10. Today (the 22nd, from 03:00 in Oslo, 20 s
    // per reading): 20 minutes at 3 kW then 9 kW, which passes 5.6 at about minute 23.5 (see
    // CapacityStepRuleTest), then a second hour at 9 kW the same day, which changes no step.
    Map<Instant, Double> november = new java.util.TreeMap<>();
    for (Instant h = Instant.parse("2026-10-31T23:00:00Z"); h.isBefore(clock.instant()); h = h.plusSeconds(3600)) {
      november.put(h, 1.0);
    }
    november.putAll(Map.of(Instant.parse("2026-11-02T17:00:00Z"), 5.0, Instant.parse("2026-11-03T17:00:00Z"), 4.0,
        Instant.parse("2026-11-04T17:00:00Z"), 4.4));
    simulator.setHourlyHistory(HOME_A, november);
    Instant hourStart = clock.instant();
    int port = LoopbackHttp.freePort();
    simulator.advancePerReading(clock, Duration.ofSeconds(20));
    simulator.playProfile(HOME_A, Fixtures.watts(60, 3000, 120 + 180, 9000, 15, 500));
    startDaemon("""
        { name = effekt, type = capacity-step, currency = NOK, steps = [{ up-to = 2, price = 150 },
          { up-to = 5, price = 250 }, { up-to = 10, price = 420 }, { up-to = 15, price = 585 },
          { up-to = 20, price = 755 }, { price = 925 }] }""", new HttpSettings(true, "127.0.0.1", port));
    awaitProfilePlayed();
    awaitPushes(1);
    // The second hour (9 kWh) is the 22nd's top: (9.0 + 5.0 + 4.4) / 3 = 6.13 kW, step 5-10, as
    // /api/state shows; the 4.0 of the 3rd no longer counts.
    String state = LoopbackHttp.get(URI.create("http://127.0.0.1:" + port + "/api/state")).body();
    assertTrue(state.contains("\"capacity\":{\"monthKw\":6.133,\"step\":\"5-10 kW\",\"fee\":420.0,"
        + "\"currency\":\"NOK\""), state);
    assertTrue(state.contains("{\"day\":\"2026-11-22\",\"start\":\"2026-11-22T03:00:00Z\",\"kw\":9.0}"), state);
    List<RecordedPush> pushes = simulator.pushes();
    assertEquals(1, pushes.size(), "exactly one warning in the two high hours: " + pushes);
    Duration into = Duration.between(hourStart, pushes.get(0).receivedAt());
    assertTrue(into.compareTo(Duration.ofMinutes(20)) >= 0 && into.compareTo(Duration.ofMinutes(27)) <= 0,
        "warned " + into + " into the first hour");
    String message = pushes.get(0).message();
    assertTrue(message.contains("the month's average goes from 4.47 to 5."), message);
    assertTrue(message.contains("(2-5 kW -> 5-10 kW), 170 NOK more this month."), message);
  }
}
