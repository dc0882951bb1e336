package dev.powerwatch.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.powerwatch.support.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The webhook the daemon pushes to in a soak: a local HTTP server that keeps every notice it
 * accepts and when it last failed each other one, and misbehaves as a push service does when told to.
 */
final class PushReceiver implements AutoCloseable {
  /**
   * How the service answers: accepts, fails (500, 429 with Retry-After), answers 200 with an HTML
   * page (a proxy's or a captive portal's: the notice went nowhere), hangs.
   */
  enum Mode { OK, ERROR_500, TOO_MANY_429, HTML_200, HANG }

  /**
   * A notice the service accepted, of {@code rule}: {@code at} is when the daemon made it, {@code arrivedAt} when it
   * came, both on the run's clock; {@code realArrival} when it came on the machine's. A notice still
   * in the daemon's outbox at the end has neither, nor has one the daemon gave up on ({@code givenUp}).
   * {@code since} is its alert's start as the notice tells it (local HH:mm on the meter's clock), null
   * where it does not. {@code stamped} is when it was made on the daemon's own clock, as the notice
   * says: {@code at} until the harness dates it on the run's clock (the two differ while the daemon's
   * wall clock is stepped).
   */
  record Notice(String id, String homeId, String rule, SoakOracle.Kind kind, Instant at, Instant arrivedAt,
      Instant realArrival, String since, boolean givenUp, Instant stamped) {
    Notice(String id, String homeId, String rule, SoakOracle.Kind kind, Instant at, Instant arrivedAt,
        Instant realArrival, String since) {
      this(id, homeId, rule, kind, at, arrivedAt, realArrival, since, false, at);
    }

    boolean delivered() {
      return arrivedAt != null;
    }

    boolean held() {
      return arrivedAt == null && !givenUp;
    }

    Notice givenUpOn() {
      return new Notice(id, homeId, rule, kind, at, null, null, since, true, stamped);
    }
  }

  /** The last time the service failed a notice ({@code at}, on the run's clock), that notice as it was sent. */
  record Refusal(Notice notice, Instant at) {}

  private final Clock clock;
  private final int port;
  private final String path = "/hook/" + UUID.randomUUID();
  private final List<Notice> notices = new ArrayList<>();
  private final List<String> malformed = new ArrayList<>();
  private final java.util.Map<String, Refusal> refusals = new java.util.LinkedHashMap<>();
  private volatile Mode mode = Mode.OK;
  private volatile CountDownLatch hung = new CountDownLatch(0);
  private HttpServer server;

  PushReceiver(Clock clock) throws IOException {
    this.clock = clock;
    this.server = listen(0);
    this.port = server.getAddress().getPort();
  }

  private HttpServer listen(int onPort) throws IOException {
    HttpServer listening = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 16);
    listening.createContext(path, this::receive);
    listening.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    listening.start();
    return listening;
  }

  /** The webhook's address; its path is a key, which must never show in the daemon's output. */
  String url() {
    return "http://127.0.0.1:" + port + path;
  }

  void answer(Mode next) {
    if (next == Mode.HANG) {
      hung = new CountDownLatch(1);
    } else {
      hung.countDown();
    }
    mode = next;
  }

  /** Stops listening: connections are refused until {@link #listenAgain}. */
  synchronized void refuse() {
    server.stop(0);
  }

  synchronized void listenAgain() throws IOException {
    server = listen(port);
  }

  String key() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  synchronized List<Notice> notices() {
    return List.copyOf(notices);
  }

  /** The notices the service failed, each with the last time it did. */
  synchronized List<Refusal> refusals() {
    return List.copyOf(refusals.values());
  }

  synchronized List<String> malformed() {
    return List.copyOf(malformed);
  }

  private void receive(HttpExchange exchange) throws IOException {
    try (InputStream body = exchange.getRequestBody()) {
      byte[] bytes = body.readAllBytes();
      Mode now = mode;
      keep(bytes, now == Mode.OK);
      switch (now) {
        case OK -> {
          exchange.sendResponseHeaders(200, -1);
        }
        case HTML_200 -> {
          byte[] page = "<html><body>Accepted</body></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/html");
          exchange.sendResponseHeaders(200, page.length);
          exchange.getResponseBody().write(page);
        }
        case ERROR_500 -> exchange.sendResponseHeaders(500, -1);
        case TOO_MANY_429 -> {
          exchange.getResponseHeaders().add("Retry-After", "1");
          exchange.sendResponseHeaders(429, -1);
        }
        case HANG -> awaitRelease();
      }
    } finally {
      exchange.close();
    }
  }

  /** A hung request gets no answer until the service recovers (or the soak ends); then its connection closes. */
  private void awaitRelease() {
    try {
      hung.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The notice among those accepted, or as failed now; a body that is no notice among the malformed. */
  private synchronized void keep(byte[] bytes, boolean accepted) {
    try {
      if (accepted) {
        notices.add(parse(bytes, clock.instant(), RealTime.now()));
      } else {
        Notice notice = parse(bytes, null, null);
        refusals.put(notice.id(), new Refusal(notice, clock.instant()));
      }
    } catch (IOException | RuntimeException e) {
      malformed.add(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static Notice parse(byte[] bytes, Instant arrivedAt, Instant realArrival) throws IOException {
    JsonNode json = Json.mapper().readTree(bytes);
    return new Notice(json.path("id").asText(), json.path("homeId").asText(), json.path("rule").asText(),
        SoakOracle.Kind.valueOf(json.path("kind").asText().toUpperCase(java.util.Locale.ROOT)),
        Instant.parse(json.path("at").asText()), arrivedAt, realArrival, json.path("values").path("since").asText(null));
  }

  @Override
  public synchronized void close() {
    hung.countDown();
    server.stop(0);
  }
}
