package dev.powerwatch.tibber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RawHeader;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.powerwatch.LogCapture;
import dev.powerwatch.support.Json;
import dev.powerwatch.support.Secret;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TibberApi against a local HTTP server that records each request and answers as told. */
class TibberApiTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final String TOKEN = "api-test-token-77";
  private static final ObjectMapper mapper = Json.mapper();
  private static final AtomicReference<HttpResponse> answer = new AtomicReference<>();
  private static final AtomicReference<HttpRequest> lastRequest = new AtomicReference<>();
  private static final AtomicReference<String> lastBody = new AtomicReference<>();
  private static ServerBinding binding;

  @BeforeAll
  static void startServer() throws Exception {
    akka.japi.function.Function<HttpRequest, CompletionStage<HttpResponse>> handler = request ->
        request.entity().toStrict(5_000, testKit.system()).thenApply(entity -> {
          lastRequest.set(request);
          lastBody.set(entity.getData().utf8String());
          return answer.get();
        });
    binding = Http.get(testKit.system()).newServerAt("127.0.0.1", 0).bind(handler)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void shutdown() {
    binding.unbind();
    testKit.shutdownTestKit();
  }

  private static TibberApi api(URI url) {
    TibberSettings settings = new TibberSettings(url, Secret.of(TOKEN), List.of(), Duration.ofSeconds(3),
        "powerwatch/9.9.9 akka-http/10.5.3");
    return new TibberApi(testKit.system(), settings, mapper, Clock.systemUTC());
  }

  private static TibberApi api() {
    return api(URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + "/v1-beta/gql"));
  }

  private static void answer(int status, String json) {
    answer.set(HttpResponse.create().withStatus(StatusCodes.get(status))
        .withEntity(ContentTypes.APPLICATION_JSON, json));
  }

  private static TibberApiException failure(CompletionStage<?> call) {
    CompletionException e = assertThrows(CompletionException.class, () -> call.toCompletableFuture().join());
    TibberApiException api = assertInstanceOf(TibberApiException.class, e.getCause());
    assertFalse(api.getMessage().contains(TOKEN), api.getMessage());
    return api;
  }

  @Test
  void aTokenThatCannotBeSentInAHeaderIsNeverSentNorLogged() throws Exception {
    TibberSettings settings = new TibberSettings(URI.create("http://127.0.0.1:" + binding.localAddress().getPort()
        + "/v1-beta/gql"), Secret.of("line-one\n" + TOKEN), List.of(), Duration.ofSeconds(3), "powerwatch/9.9.9");
    lastRequest.set(null);
    answer(200, "{\"data\":{}}");
    List<ILoggingEvent> logs = LogCapture.during(() -> {
      TibberApiException e = failure(new TibberApi(testKit.system(), settings, mapper, Clock.systemUTC()).feedEndpoint());
      assertEquals(TibberApiException.Kind.UNAUTHENTICATED, e.kind());
      assertEquals("the token cannot be sent in a header: it holds 2 lines; it must be one line", e.getMessage());
    });
    assertEquals(null, lastRequest.get(), "nothing reached the server");
    logs.forEach(l -> assertFalse(l.getFormattedMessage().contains(TOKEN), l.getFormattedMessage()));
  }

  @Test
  void measuredHoursAreAskedWithVariablesAndReadOldestFirst() throws Exception {
    answer(200, "{\"data\":{\"viewer\":{\"home\":{\"consumption\":{\"nodes\":["
        + "{\"from\":\"2026-11-22T01:00:00.000+01:00\",\"to\":\"2026-11-22T02:00:00.000+01:00\",\"consumption\":1.25},"
        + "{\"from\":\"2026-11-22T02:00:00.000+01:00\",\"to\":\"2026-11-22T03:00:00.000+01:00\",\"consumption\":null}"
        + "]}}}}}");
    List<HourlyConsumption> hours = api().hourlyConsumption("home-7", 745).toCompletableFuture().join();
    assertEquals(List.of(
        new HourlyConsumption(java.time.Instant.parse("2026-11-22T00:00:00Z"), java.time.Instant.parse("2026-11-22T01:00:00Z"), 1.25),
        new HourlyConsumption(java.time.Instant.parse("2026-11-22T01:00:00Z"), java.time.Instant.parse("2026-11-22T02:00:00Z"), null)),
        hours);
    JsonNode body = mapper.readTree(lastBody.get());
    assertEquals("home-7", body.path("variables").path("id").asText());
    assertEquals(745, body.path("variables").path("last").asInt());
    assertFalse(body.path("query").asText().contains("home-7"), "values as variables");
    assertTrue(body.path("query").asText().contains("consumption(resolution: HOURLY, last: $last)"));

    answer(200, "{\"data\":{\"viewer\":{\"home\":{\"consumption\":{\"nodes\":[{\"from\":\"yesterday\"}]}}}}}");
    assertEquals(TibberApiException.Kind.INVALID_RESPONSE, failure(api().hourlyConsumption("home-7", 3)).kind());
  }

  @Test
  void sendsBearerTokenUserAgentAndVariables() throws Exception {
    answer(200, "{\"data\":{\"sendPushNotification\":{\"successful\":true}}}");
    JsonNode data = api().execute("mutation($input: PushNotificationInput!) { sendPushNotification(input: $input) { successful } }",
        mapper.createObjectNode().set("input", mapper.createObjectNode().put("message", "hi"))).toCompletableFuture().join();
    assertTrue(data.path("sendPushNotification").path("successful").asBoolean());
    HttpRequest request = lastRequest.get();
    assertEquals("POST", request.method().value());
    assertEquals("/v1-beta/gql", request.getUri().path());
    assertEquals("Bearer " + TOKEN, request.getHeader("Authorization").orElseThrow().value());
    assertEquals("powerwatch/9.9.9 akka-http/10.5.3", request.getHeader("User-Agent").orElseThrow().value());
    assertEquals(ContentTypes.APPLICATION_JSON, request.entity().getContentType());
    JsonNode body = mapper.readTree(lastBody.get());
    assertEquals("hi", body.path("variables").path("input").path("message").asText());
    assertFalse(body.path("query").asText().contains("hi"));
  }

  @Test
  void readsTheFeedEndpointAndHomes() throws Exception {
    answer(200, """
        {"data":{"viewer":{"websocketSubscriptionUrl":"wss://ws.example/v1-beta/gql/subscriptions",
         "homes":[{"id":"h1","appNickname":"House","timeZone":"Europe/Oslo","features":{"realTimeConsumptionEnabled":true}},
                  {"id":"h2","appNickname":null,"timeZone":"Europe/Oslo","address":{"address1":"Storgata 1"},
                   "features":{"realTimeConsumptionEnabled":false}},
                  {"id":"h3","appNickname":"","timeZone":"Europe/Oslo","address":null,"features":{}}]}}}""");
    FeedEndpoint endpoint = api().feedEndpoint().toCompletableFuture().join();
    assertEquals(URI.create("wss://ws.example/v1-beta/gql/subscriptions"), endpoint.websocketUrl());
    assertEquals(List.of(new Home("h1", "House", "Europe/Oslo", true),
        new Home("h2", null, "Europe/Oslo", false, "Storgata 1"), new Home("h3", "", "Europe/Oslo", false)),
        endpoint.homes());
    assertEquals(List.of("House", "Storgata 1", "h3"), endpoint.homes().stream().map(Home::displayName).toList(),
        "the nickname, else the address, else the id");
    assertTrue(mapper.readTree(lastBody.get()).path("query").asText().contains("websocketSubscriptionUrl"));
  }

  @Test
  void unauthenticatedInA200IsFinal() {
    answer(200, "{\"errors\":[{\"message\":\"invalid token\",\"extensions\":{\"code\":\"UNAUTHENTICATED\"}}]}");
    assertEquals(TibberApiException.Kind.UNAUTHENTICATED, failure(api().feedEndpoint()).kind());
  }

  @Test
  void unauthenticatedInAn400IsFinalToo() {
    answer(400, "{\"errors\":[{\"message\":\"bad\",\"extensions\":{\"code\":\"UNAUTHENTICATED\"}}]}");
    assertEquals(TibberApiException.Kind.UNAUTHENTICATED, failure(api().feedEndpoint()).kind());
  }

  @Test
  void http429CarriesRetryAfter() {
    answer.set(HttpResponse.create().withStatus(StatusCodes.TOO_MANY_REQUESTS)
        .addHeader(RawHeader.create("Retry-After", "900")));
    TibberApiException e = failure(api().feedEndpoint());
    assertEquals(TibberApiException.Kind.RATE_LIMITED, e.kind());
    assertEquals(Duration.ofSeconds(900), e.retryAfter().orElseThrow());
  }

  @Test
  void serverErrorsAreTransient() {
    answer(503, "oops");
    assertEquals(TibberApiException.Kind.TRANSIENT, failure(api().feedEndpoint()).kind());
  }

  @Test
  void graphqlErrorsAreReportedWithTheirMessage() {
    answer(200, "{\"errors\":[{\"message\":\"Cannot query field 'x'\"}]}");
    TibberApiException e = failure(api().feedEndpoint());
    assertEquals(TibberApiException.Kind.INVALID_RESPONSE, e.kind());
    assertTrue(e.getMessage().contains("Cannot query field 'x'"), e.getMessage());
  }

  @Test
  void anAnswerThatIsNotJsonIsNamed() {
    answer.set(HttpResponse.create().withEntity("<html>proxy error</html>"));
    TibberApiException e = failure(api().feedEndpoint());
    assertEquals(TibberApiException.Kind.INVALID_RESPONSE, e.kind());
    assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
  }

  @Test
  void aSocketUrlThatIsNotWebSocketIsRejected() {
    answer(200, "{\"data\":{\"viewer\":{\"websocketSubscriptionUrl\":\"https://x\",\"homes\":[]}}}");
    TibberApiException e = failure(api().feedEndpoint());
    assertTrue(e.getMessage().contains("is not a ws(s) URL"), e.getMessage());
  }

  @Test
  void anUnreachableServerIsTransient() throws Exception {
    int freePort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      freePort = s.getLocalPort();
    }
    TibberApiException e = failure(api(URI.create("http://127.0.0.1:" + freePort + "/gql")).feedEndpoint());
    assertEquals(TibberApiException.Kind.TRANSIENT, e.kind());
    assertTrue(e.getMessage().contains("cannot reach 127.0.0.1:" + freePort), e.getMessage());
  }
}
