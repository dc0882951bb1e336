package dev.powerwatch;

import static dev.powerwatch.Fixtures.HOME_A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import dev.powerwatch.feed.LiveFeed;
import dev.powerwatch.http.HttpSettings;
import dev.powerwatch.metrics.Metrics;
import dev.powerwatch.settings.Settings;
import dev.powerwatch.simulator.TibberSimulator;
import dev.powerwatch.support.Json;
import dev.powerwatch.tibber.TibberApi;
import dev.powerwatch.tibber.TibberSettings;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /api/live during a flood: a client that never reads costs the feed and the other clients nothing. */
class LiveSocketTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final long FLOOD = 20_000;

  @TempDir
  Path stateDir;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aClientThatStopsReadingDropsItsOldestAndSlowsNothing() throws Exception {
    try (TibberSimulator simulator = Fixtures.simulator(testKit)) {
      int port = LoopbackHttp.freePort();
      ActorRef<PowerWatch.Command> daemon = startDaemon(simulator, port);
      URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
      Fixtures.awaitTrue(testKit, "measurements flow", () -> counter(metrics, "powerwatch_measurements_total",
          HOME_A) > 0);

      AtomicLong received = new AtomicLong();
      AtomicReference<String> last = new AtomicReference<>("");
      HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/live?home=" + HOME_A), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean lastPart) {
              received.incrementAndGet();
              last.set(data.toString());
              socket.request(1);
              return null;
            }
          }).get(10, TimeUnit.SECONDS);
      try (Socket stalled = stalledClient(port)) {
        double before = counter(metrics, "powerwatch_measurements_total", HOME_A);
        simulator.flood(HOME_A, FLOOD);
        Fixtures.awaitTrue(testKit, "the whole flood reached the daemon",
            () -> counter(metrics, "powerwatch_measurements_total", HOME_A) >= before + FLOOD);
        Fixtures.awaitTrue(testKit, "the stalled client's oldest were dropped",
            () -> counter(metrics, "powerwatch_live_dropped_total", null) > 0);
        simulator.playProfile(HOME_A, java.util.Collections.nCopies(40, 4242.0));
        Fixtures.awaitTrue(testKit, "the reading client is not held up: it sees the reading after the flood",
            () -> last.get().contains("\"power\":4242.0"));
        assertTrue(received.get() > 1_000, "it read along during the flood: " + received.get());
        assertEquals(2, counter(metrics, "powerwatch_live_clients", null));
      }
      testKit.stop(daemon);
    }
  }

  /** Upgrades to a WebSocket, then never reads a byte. */
  private static Socket stalledClient(int port) throws Exception {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setReceiveBufferSize(4096);
    OutputStream out = socket.getOutputStream();
    out.write(("GET /api/live HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  private ActorRef<PowerWatch.Command> startDaemon(TibberSimulator simulator, int port) {
    TibberSettings tibber = Fixtures.tibberSettings(simulator, List.of(HOME_A));
    Settings settings = Fixtures.settings(tibber, stateDir, List.of(), new HttpSettings(true, "127.0.0.1", port));
    LiveFeed.Dependencies deps = new LiveFeed.Dependencies(
        new TibberApi(testKit.system(), tibber, Json.mapper(), Clock.systemUTC()), tibber.token(), Json.mapper(),
        Clock.systemUTC(), new Random(3), Metrics.withoutJvm());
    return testKit.spawn(PowerWatch.create(settings, deps, List.of(), new java.util.concurrent.CompletableFuture<>()));
  }

  /** One sample of a metric from /metrics, 0 when absent. */
  private static double counter(URI metrics, String name, String home) {
    String body = LoopbackHttp.get(metrics).body();
    String labels = home == null ? "" : "\\{home=\"" + Pattern.quote(home) + "\"}";
    Matcher m = Pattern.compile("(?m)^" + name + labels + " ([0-9.eE+-]+)$").matcher(body);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

}
