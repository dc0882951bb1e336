package dev.powerwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import dev.powerwatch.notify.HoldingHook;
import dev.powerwatch.notify.Notification;
import dev.powerwatch.notify.Outbox;
import dev.powerwatch.notify.OutboxEntry;
import dev.powerwatch.notify.OutboxFiles;
import dev.powerwatch.notify.Severity;
import dev.powerwatch.simulator.TibberSimulator;
import dev.powerwatch.support.Json;
import dev.powerwatch.systemd.NotifySocket;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon as a real process, the way systemd runs and stops it. */
class DaemonProcessTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static TibberSimulator simulator;

  @TempDir
  Path dir;
  private DaemonProcess started;
  private Process daemon;

  @BeforeAll
  static void startSimulator() {
    simulator = Fixtures.simulator(testKit);
  }

  @AfterAll
  static void shutdown() {
    simulator.close();
    testKit.shutdownTestKit();
  }

  @AfterEach
  void killLeftovers() {
    if (started != null) {
      started.close();
    }
  }

  private int startDaemon() throws IOException {
    return startDaemon(Map.of());
  }

  private int startDaemon(Map<String, String> environment) throws IOException {
    return startDaemon(environment, "");
  }

  private int startDaemon(Map<String, String> environment, String moreSettings) throws IOException {
    int port = LoopbackHttp.freePort();
    Path config = Files.writeString(dir.resolve("powerwatch.conf"), "powerwatch { state-dir = \"" + dir.resolve("state")
        + "\", tibber { token = \"" + Fixtures.TOKEN + "\", api-url = \"" + simulator.apiUrl() + "\" },"
        + " http.port = " + port + moreSettings + " }\n");
    started = DaemonProcess.start(config, environment);
    daemon = started.process;
    return port;
  }

  @Test
  void sigtermEndsSubscriptionsClosesSocketsAndExitsZero() throws Exception {
    int completesBefore = simulator.completesReceived();
    int port = startDaemon();
    URI ready = URI.create("http://127.0.0.1:" + port + "/ready");
    Fixtures.awaitTrue(testKit, "the daemon is ready",
        () -> daemon.isAlive() && readyStatus(ready) == 200);
    CompletableFuture<Integer> liveClientClosed = new CompletableFuture<>();
    HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/live"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            liveClientClosed.complete(statusCode);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);

    long start = System.nanoTime();
    daemon.toHandle().destroy();
    assertTrue(daemon.waitFor(10, TimeUnit.SECONDS), "stopped within 10 s:\n" + started.output());
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(0, daemon.exitValue(), started.output());
    assertEquals(1000, liveClientClosed.get(5, TimeUnit.SECONDS), "the live client got a close frame");
    Fixtures.awaitTrue(testKit, "the simulator saw the close; it saw " + simulator.clientCloseCodes()
        + " and the daemon wrote:\n" + started.output(), () -> simulator.clientCloseCodes().contains(1000));
    assertEquals(2, simulator.completesReceived() - completesBefore, "a complete for each home's subscription");
    List<String> lines = started.output().lines().toList();
    assertTrue(lines.stream().anyMatch(l -> l.contains("Stopping (SIGTERM)")), started.output());
    assertTrue(lines.get(lines.size() - 1).contains("Stopped"), started.output());
    System.out.println("SIGTERM to exit: " + millis + " ms");
  }

  private static int readyStatus(URI uri) {
    try {
      return LoopbackHttp.get(uri).statusCode();
    } catch (RuntimeException e) {
      return -1;
    }
  }

  @Test
  void systemdHearsReadyAWatchdogHeartbeatAndStopping() throws Exception {
    try (NotifySocket systemd = NotifySocket.bind(dir.resolve("notify").toString(), dir)) {
      int port = startDaemon(Map.of("NOTIFY_SOCKET", dir.resolve("notify").toString(), "WATCHDOG_USEC", "1000000"));
      assertEquals(List.of("READY=1", "WATCHDOG=1", "WATCHDOG=1"), systemd.received(3), started.output());
      assertEquals(200, LoopbackHttp.get(URI.create("http://127.0.0.1:" + port + "/health")).statusCode(),
          "ready means serving");
      daemon.toHandle().destroy();
      List<String> after = new java.util.ArrayList<>();
      while (!after.contains("STOPPING=1")) {
        after.addAll(systemd.received(1));
      }
      assertTrue(daemon.waitFor(10, TimeUnit.SECONDS), started.output());
      assertEquals(0, daemon.exitValue(), started.output());
    }
  }

  /** What the service took before the stop is not pushed again by the next start. */
  @Test
  void sigtermWaitsForTheAnswerToAPushUnderWayAndLeavesItOutOfTheOutbox() throws Exception {
    Path state = dir.resolve("state");
    Notification left = new Notification(UUID.randomUUID().toString(), Fixtures.HOME_A, "high", Notification.Kind.FIRING,
        Severity.WARNING, "left by a crash", "message", "HOME", Map.of(), Instant.now(), List.of());
    new Outbox(state, Json.mapper()).save(new OutboxEntry(left, List.of("hook")));
    try (HoldingHook hook = new HoldingHook()) {
      startDaemon(Map.of(), ", notify.channels = [{ type = webhook, name = hook, url = \"" + hook.url() + "\" }]");
      assertEquals(left.id(), hook.take(), started.output());
      daemon.toHandle().destroy();
      Fixtures.awaitTrue(testKit, "the stop waits for the push's answer; the daemon wrote:\n" + started.output(),
          () -> started.output().contains("Waiting for the answer to 1 push(es) under way"));
      hook.answer();
      assertTrue(daemon.waitFor(10, TimeUnit.SECONDS), "stopped within 10 s:\n" + started.output());
      assertEquals(0, daemon.exitValue(), started.output());
      assertTrue(started.output().contains("Sent 'left by a crash' via hook"), started.output());
      assertEquals(0, OutboxFiles.count(state), "nothing for the next start to push again:\n" + started.output());
    }
  }
}
