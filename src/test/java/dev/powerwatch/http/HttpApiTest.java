package dev.powerwatch.http;

import dev.powerwatch.status.DaemonParts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.http.javadsl.ServerBinding;
import dev.powerwatch.Promtool;
import dev.powerwatch.metrics.Metrics;
import dev.powerwatch.support.Json;
import dev.powerwatch.support.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP server's own rules, over real loopback sockets: Host names, origins, the token, HEAD, /metrics. */
class HttpApiTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final String TOKEN = "http-t0ken-9f";
  private ServerBinding binding;

  @AfterEach
  void unbind() throws Exception {
    if (binding != null) {
      binding.unbind().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private int serve(HttpSettings settings) throws Exception {
    Metrics metrics = Metrics.create();
    DaemonParts nothingYet = new DaemonParts(List.of(), Map.of(), Optional.of("asking Tibber"), Optional.empty(),
        Optional.empty(), Optional.empty(), Map.of());
    binding = HttpApi.bind(testKit.system(), settings, () -> CompletableFuture.completedFuture(nothingYet),
        Json.mapper(), new LiveHub(Json.mapper(), metrics), metrics).toCompletableFuture().get(10, TimeUnit.SECONDS);
    return binding.localAddress().getPort();
  }

  private int serve() throws Exception {
    return serve(new HttpSettings(true, "127.0.0.1", 0, List.of("pi.local"), Optional.empty()));
  }

  /** One raw HTTP/1.1 exchange, so the test controls every header, Host included. */
  static String exchange(int port, String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        answer.write(buffer, 0, n);
        if (answer.toString(StandardCharsets.UTF_8).contains("\r\n\r\n") && request.startsWith("GET /api/live")) {
          break;
        }
      }
      return answer.toString(StandardCharsets.UTF_8);
    }
  }

  private static String get(String path, String host, String... headers) {
    return "GET " + path + " HTTP/1.1\nHost: " + host + "\n" + String.join("", List.of(headers).stream()
        .map(h -> h + "\n").toList()) + "Connection: close\n\n";
  }

  private static int status(String response) {
    return Integer.parseInt(response.substring(9, 12));
  }

  @ParameterizedTest(name = "Host {0} -> {1}")
  @CsvSource({"localhost, 200", "127.0.0.1, 200", "[::1], 200", "pi.local, 200", "PI.LOCAL, 200",
      "evil.example, 421", "127.0.0.1.nip.io, 421"})
  void onlyRequestsNamingThisServerAreAnswered(String name, int expected) throws Exception {
    int port = serve();
    assertEquals(expected, status(exchange(port, get("/health", name + ":" + port))));
  }

  @Test
  void aHostWithAnotherPortOrNoneIsRefused() throws Exception {
    int port = serve();
    assertEquals(421, status(exchange(port, get("/health", "localhost:" + (port + 1)))));
    assertEquals(421, status(exchange(port, get("/health", "localhost"))));
    int noHost = status(exchange(port, "GET /health HTTP/1.0\n\n"));
    assertTrue(noHost == 421 || noHost == 400, "a request without Host is refused: " + noHost);
  }

  @Test
  void headWorksWhereGetDoes() throws Exception {
    int port = serve();
    for (String path : List.of("/health", "/ready", "/api/state", "/metrics", "/")) {
      String response = exchange(port, get(path, "localhost:" + port).replaceFirst("GET", "HEAD"));
      int expected = path.equals("/ready") ? 503 : 200;
      assertEquals(expected, status(response), path + ": " + response);
      assertTrue(response.endsWith("\r\n\r\n"), path + " has no body: " + response);
    }
  }

  @Test
  void readinessNamesWhyNot() throws Exception {
    int port = serve();
    String response = exchange(port, get("/ready", "localhost:" + port));
    assertEquals(503, status(response));
    assertTrue(response.contains("\"reasons\":[\"DISCOVERING: asking Tibber\"]"), response);
  }

  @ParameterizedTest(name = "Origin {0} -> {1}")
  @CsvSource({"http://evil.example, 403", "http://localhost:1, 403", "null, 403", "SAME, 101", "NONE, 101"})
  void aWebSocketFromAnotherOriginIsRefused(String origin, int expected) throws Exception {
    int port = serve();
    String host = "localhost:" + port;
    String originHeader = switch (origin) {
      case "SAME" -> "Origin: http://" + host + "\n";
      case "NONE" -> "";
      default -> "Origin: " + origin + "\n";
    };
    String upgrade = "GET /api/live HTTP/1.1\nHost: " + host + "\nUpgrade: websocket\nConnection: Upgrade\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\nSec-WebSocket-Version: 13\n" + originHeader + "\n";
    String response = exchange(port, upgrade);
    assertEquals(expected, status(response), response);
    assertFalse(response.toLowerCase().contains("access-control-allow"), "no CORS: " + response);
  }

  @Test
  void withATokenEveryRouteButHealthWantsIt() throws Exception {
    int port = serve(new HttpSettings(true, "127.0.0.1", 0, List.of(), Optional.of(Secret.of(TOKEN))));
    String host = "localhost:" + port;
    assertEquals(200, status(exchange(port, get("/health", host))));
    for (String path : List.of("/ready", "/api/state", "/state", "/metrics", "/api/live", "/")) {
      String refused = exchange(port, get(path, host));
      assertEquals(401, status(refused), path);
      assertFalse(refused.contains(TOKEN), refused);
      assertEquals(401, status(exchange(port, get(path, host, "Authorization: Bearer wrong"))), path);
    }
    assertEquals(200, status(exchange(port, get("/api/state", host, "Authorization: Bearer " + TOKEN))));
    assertTrue(exchange(port, get("/", host)).contains("<form method=\"post\" action=\"/login\">"),
        "the page asks for the token");

    String login = exchange(port, "POST /login HTTP/1.1\nHost: " + host
        + "\nContent-Type: application/x-www-form-urlencoded\nContent-Length: " + ("token=" + TOKEN).length()
        + "\nConnection: close\n\ntoken=" + TOKEN);
    assertEquals(303, status(login), login);
    String cookie = login.lines().filter(l -> l.startsWith("Set-Cookie: ")).findFirst().orElseThrow()
        .substring("Set-Cookie: ".length());
    assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
    String pair = cookie.substring(0, cookie.indexOf(';'));
    assertEquals(200, status(exchange(port, get("/api/state", host, "Cookie: " + pair))));
    assertEquals(401, status(exchange(port, "POST /login HTTP/1.1\nHost: " + host
        + "\nContent-Type: application/x-www-form-urlencoded\nContent-Length: 11\nConnection: close\n\ntoken=wrong")));
  }

  @Test
  void metricsAreWhatPrometheusAcceptsAndNameTheDaemonsFigures() throws Exception {
    int port = serve();
    String response = exchange(port, get("/metrics", "localhost:" + port));
    assertEquals(200, status(response));
    assertTrue(response.contains("Content-Type: text/plain; version=0.0.4"), response.substring(0, 300));
    String body = response.substring(response.indexOf("\r\n\r\n") + 4);
    for (String name : List.of("powerwatch_feed_up", "powerwatch_state_dir_writable", "powerwatch_live_clients",
        "jvm_memory_used_bytes")) {
      assertTrue(body.contains("\n" + name), name + " in\n" + body);
    }
    Promtool.assertClean(dechunk(response, body));
  }

  /** The body as sent, undoing chunked transfer encoding when the server used it. */
  private static String dechunk(String response, String body) {
    if (!response.toLowerCase().contains("transfer-encoding: chunked")) {
      return body;
    }
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (true) {
      int lineEnd = body.indexOf("\r\n", at);
      int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
      if (size == 0) {
        return out.toString();
      }
      out.append(body, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
  }

}
