package dev.powerwatch.http;

import dev.powerwatch.status.DaemonParts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.http.javadsl.ServerBinding;
import dev.powerwatch.debounce.Silence;
import dev.powerwatch.metrics.Metrics;
import dev.powerwatch.support.Json;
import dev.powerwatch.debounce.Silence;
import dev.powerwatch.debounce.SilenceDesk;
import dev.powerwatch.debounce.Silences;
import dev.powerwatch.tibber.Home;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** /api/silences refuses what a browser elsewhere or a wrong body would do, naming the problem. */
class SilenceRoutesTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final DaemonParts NOTHING_YET = new DaemonParts(List.of(), Map.of(), Optional.of("asking Tibber"),
      Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
  private static ServerBinding binding;
  private static int port;
  private final SilenceRoutes routes = new SilenceRoutes(testKit.system(),
      () -> CompletableFuture.completedFuture(NOTHING_YET), Json.mapper(), new StatusJson(Json.mapper()));

  @BeforeAll
  static void serve() throws Exception {
    Metrics metrics = Metrics.withoutJvm();
    binding = HttpApi.bind(testKit.system(), new HttpSettings(true, "127.0.0.1", 0),
        () -> CompletableFuture.completedFuture(NOTHING_YET), Json.mapper(), new LiveHub(Json.mapper(), metrics),
        metrics).toCompletableFuture().get(10, TimeUnit.SECONDS);
    port = binding.localAddress().getPort();
  }

  @AfterAll
  static void shutdown() throws Exception {
    binding.unbind().toCompletableFuture().get(5, TimeUnit.SECONDS);
    testKit.shutdownTestKit();
  }

  private static String request(String method, String path, String contentType, String body, String... headers) {
    return method + " " + path + " HTTP/1.1\nHost: 127.0.0.1:" + port + "\n" + String.join("", List.of(headers)
        .stream().map(h -> h + "\n").toList()) + (contentType == null ? "" : "Content-Type: " + contentType + "\n")
        + "Content-Length: " + body.length() + "\nConnection: close\n\n" + body;
  }

  private static String exchange(String request) throws Exception {
    return HttpApiTest.exchange(port, request);
  }

  @Test
  void aChangeFromAnotherOriginIsRefused() throws Exception {
    String post = exchange(request("POST", "/api/silences", "application/json", "{\"for\":\"1h\"}",
        "Origin: http://evil.example"));
    assertTrue(post.startsWith("HTTP/1.1 403"), post);
    assertTrue(post.contains("another origin"), post);
    String delete = exchange(request("DELETE", "/api/silences/abc", null, "", "Origin: http://evil.example"));
    assertTrue(delete.startsWith("HTTP/1.1 403"), delete);
  }

  @Test
  void aBodyThatIsNotJsonIsRefusedByItsType() throws Exception {
    String answer = exchange(request("POST", "/api/silences", "application/x-www-form-urlencoded", "for=1h"));
    assertTrue(answer.startsWith("HTTP/1.1 415"), answer);
    assertTrue(answer.contains("Content-Type: application/json"), answer);
  }

  @Test
  void beforeTheHomesAreKnownTheAnswerSaysSo() throws Exception {
    String own = exchange(request("POST", "/api/silences", "application/json", "{\"for\":\"1h\"}",
        "Origin: http://127.0.0.1:" + port));
    assertTrue(own.startsWith("HTTP/1.1 503"), own);
    assertTrue(own.contains("still finding its homes"), own);
  }

  @Test
  void aClusterNodeWhoseHomesDoNotAllAnswerSaysSo() throws Exception {
    SilenceDesk unanswered = new SilenceDesk() {
      @Override
      public CompletionStage<List<Silence>> list() {
        return CompletableFuture.failedFuture(new TimeoutException("home-b-0002 did not answer"));
      }

      @Override
      public CompletionStage<Silences.Outcome> add(Silence.Request request) {
        return list().thenApply(none -> null);
      }

      @Override
      public CompletionStage<Optional<Silence>> end(String id) {
        return list().thenApply(none -> Optional.empty());
      }
    };
    DaemonParts node = new DaemonParts(List.of(new Home("home-b-0002", "Cabin", "Europe/Oslo", true)), Map.of(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), Optional.empty(),
        Optional.of(new dev.powerwatch.status.ClusterParts(
            () -> new dev.powerwatch.status.ClusterStatus("akka://powerwatch@127.0.0.1:1", "Up", List.of(), List.of()),
            () -> CompletableFuture.completedFuture(Map.of()), unanswered)));
    Metrics metrics = Metrics.withoutJvm();
    ServerBinding clusterNode = HttpApi.bind(testKit.system(), new HttpSettings(true, "127.0.0.1", 0),
        () -> CompletableFuture.completedFuture(node), Json.mapper(), new LiveHub(Json.mapper(), metrics), metrics)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    try {
      int nodePort = clusterNode.localAddress().getPort();
      String answer = HttpApiTest.exchange(nodePort, "GET /api/silences HTTP/1.1\nHost: 127.0.0.1:" + nodePort
          + "\nConnection: close\n\n");
      assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
      assertTrue(answer.contains("not every home answered in time"), answer);
    } finally {
      clusterNode.unbind().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "not JSON              | {for: 1h                          | the body is not JSON",
      "not an object         | [\"1h\"]                          | the body must be a JSON object with the keys comment",
      "an unknown key        | {\"hom\": \"x\", \"for\": \"1h\"} | unknown key 'hom' — did you mean home?",
      "a number              | {\"for\": 3600}                   | 'for' must be a string",
      "both ends             | {\"for\": \"1h\", \"endsAt\": \"2026-12-02T18:00:00Z\"} | give either 'for' or 'endsAt', not both",
      "not a duration        | {\"for\": \"an hour\"}            | 'for' is not a duration such as 1h or 30m: an hour",
      "no length             | {\"for\": \"0s\"}                 | 'for' must be longer than nothing, such as 1h",
      "not a time            | {\"endsAt\": \"tonight\"}         | 'endsAt' is not a time such as 2026-12-02T18:00:00Z: tonight"})
  void aBadBodyIsNamed(String name, String body, String reason) {
    SilenceRoutes.BadRequest refused = assertThrows(SilenceRoutes.BadRequest.class, () -> routes.request(body));
    assertTrue(refused.getMessage().startsWith(reason), refused.getMessage());
  }

  @Test
  void aGoodBodyBecomesARequest() throws Exception {
    Silence.Request request = routes.request("""
        {"home": "h1", "rule": "high", "for": "90m", "startsAt": "2026-12-02T18:00:00Z", "comment": "sauna"}""");
    assertEquals(new Silence.Request("h1", "high", Instant.parse("2026-12-02T18:00:00Z"), null,
        Duration.ofMinutes(90), "api", "sauna"), request);
  }
}
