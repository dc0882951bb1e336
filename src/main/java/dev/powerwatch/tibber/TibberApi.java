package dev.powerwatch.tibber;

import static dev.powerwatch.tibber.TibberApiException.Kind.INVALID_RESPONSE;
import static dev.powerwatch.tibber.TibberApiException.Kind.RATE_LIMITED;
import static dev.powerwatch.tibber.TibberApiException.Kind.TRANSIENT;
import static dev.powerwatch.tibber.TibberApiException.Kind.UNAUTHENTICATED;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.Http;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.headers.Authorization;
import akka.http.javadsl.model.headers.HttpCredentials;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.powerwatch.support.Failures;
import dev.powerwatch.support.SecretText;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Tibber's GraphQL over HTTP: bearer token, a User-Agent naming powerwatch, values as variables. */
public final class TibberApi {
  static final String FEED_ENDPOINT_QUERY =
      "query { viewer { websocketSubscriptionUrl homes { id appNickname timeZone address { address1 }"
          + " features { realTimeConsumptionEnabled } } } }";

  static final String HOURLY_CONSUMPTION_QUERY = "query($id: ID!, $last: Int!) { viewer { home(id: $id) {"
      + " consumption(resolution: HOURLY, last: $last) { nodes { from to consumption } } } } }";

  private final ActorSystem<?> system;
  private final TibberSettings settings;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final HttpHeader userAgent;
  private final Authorization authorization;
  /** Why the token cannot go into a header, if it cannot: then nothing is sent (Akka HTTP would log it in full). */
  private final Optional<String> unsendableToken;

  public TibberApi(ActorSystem<?> system, TibberSettings settings, ObjectMapper mapper, Clock clock) {
    this.system = system;
    this.settings = settings;
    this.mapper = mapper;
    this.clock = clock;
    this.userAgent = HttpHeader.parse("User-Agent", settings.userAgent());
    this.authorization = Authorization.create(HttpCredentials.createOAuth2BearerToken(settings.token().reveal()));
    this.unsendableToken = SecretText.problem(settings.token().reveal(), SecretText.Use.TOKEN);
  }

  public HttpHeader userAgent() {
    return userAgent;
  }

  /** The socket URL to use now and the account's homes, in one request. */
  public CompletionStage<FeedEndpoint> feedEndpoint() {
    return execute(FEED_ENDPOINT_QUERY, null).thenApply(this::toFeedEndpoint);
  }

  /** The home's last {@code last} measured hours, oldest first. */
  public CompletionStage<List<HourlyConsumption>> hourlyConsumption(String homeId, int last) {
    ObjectNode variables = mapper.createObjectNode().put("id", homeId).put("last", last);
    return execute(HOURLY_CONSUMPTION_QUERY, variables).thenApply(TibberApi::hours);
  }

  private static List<HourlyConsumption> hours(JsonNode data) {
    JsonNode nodes = data.path("viewer").path("home").path("consumption").path("nodes");
    if (!nodes.isArray()) {
      throw new TibberApiException(INVALID_RESPONSE, "home.consumption.nodes is not a list");
    }
    List<HourlyConsumption> hours = new ArrayList<>();
    for (JsonNode node : nodes) {
      try {
        JsonNode kWh = node.get("consumption");
        hours.add(new HourlyConsumption(OffsetDateTime.parse(node.path("from").asText()).toInstant(),
            OffsetDateTime.parse(node.path("to").asText()).toInstant(),
            kWh == null || kWh.isNull() ? null : kWh.asDouble()));
      } catch (DateTimeParseException e) {
        throw new TibberApiException(INVALID_RESPONSE, "a consumption node has no valid from/to");
      }
    }
    return hours;
  }

  /** Runs a query or mutation; completes with {@code data}, or fails with {@link TibberApiException}. */
  public CompletionStage<JsonNode> execute(String query, JsonNode variables) {
    if (unsendableToken.isPresent()) {
      return CompletableFuture.failedFuture(new TibberApiException(UNAUTHENTICATED,
          "the token cannot be sent in a header: it " + unsendableToken.get()));
    }
    ObjectNode body = mapper.createObjectNode().put("query", query);
    if (variables != null) {
      body.set("variables", variables);
    }
    HttpRequest request = HttpRequest.POST(settings.apiUrl().toString())
        .withEntity(ContentTypes.APPLICATION_JSON, body.toString())
        .addHeader(userAgent)
        .addHeader(authorization);
    long timeoutMillis = settings.requestTimeout().toMillis();
    return Http.get(system).singleRequest(request)
        .thenCompose(response -> response.entity().toStrict(timeoutMillis, system)
            .thenApply(entity -> interpret(response, entity.getData().utf8String())))
        .toCompletableFuture()
        .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .exceptionally(this::classifyFailure);
  }

  private JsonNode interpret(HttpResponse response, String text) {
    int status = response.status().intValue();
    if (status == 429 || status == 428) {
      Duration wait = response.getHeader("Retry-After")
          .map(h -> RetryAfter.parse(h.value(), clock)).orElse(null);
      throw new TibberApiException(RATE_LIMITED, "Tibber answered HTTP " + status + " (rate limited)", wait);
    }
    JsonNode json = parse(status, text);
    if (json != null && hasUnauthenticatedError(json)) {
      throw new TibberApiException(UNAUTHENTICATED, "Tibber rejected the token (UNAUTHENTICATED)");
    }
    if (status == 401 || status == 403) {
      throw new TibberApiException(UNAUTHENTICATED, "Tibber rejected the token (HTTP " + status + ")");
    }
    if (status >= 500) {
      throw new TibberApiException(TRANSIENT, "Tibber answered HTTP " + status);
    }
    if (status != 200 || json == null) {
      throw new TibberApiException(INVALID_RESPONSE, "Tibber answered HTTP " + status + errorSuffix(json));
    }
    JsonNode errors = json.get("errors");
    if (errors != null && errors.isArray() && !errors.isEmpty()) {
      throw new TibberApiException(INVALID_RESPONSE, "Tibber answered with errors" + errorSuffix(json));
    }
    JsonNode data = json.get("data");
    if (data == null || !data.isObject()) {
      throw new TibberApiException(INVALID_RESPONSE, "Tibber's answer has no 'data'");
    }
    return data;
  }

  private JsonNode parse(int status, String text) {
    try {
      JsonNode json = mapper.readTree(text);
      return json != null && json.isObject() ? json : null;
    } catch (IOException e) {
      if (status == 200) {
        throw new TibberApiException(INVALID_RESPONSE, "Tibber's answer is not JSON");
      }
      return null;
    }
  }

  private static boolean hasUnauthenticatedError(JsonNode json) {
    for (JsonNode error : json.path("errors")) {
      if ("UNAUTHENTICATED".equals(error.path("extensions").path("code").asText())) {
        return true;
      }
    }
    return false;
  }

  private String errorSuffix(JsonNode json) {
    if (json == null) {
      return "";
    }
    List<String> messages = new ArrayList<>();
    json.path("errors").forEach(e -> messages.add(e.path("message").asText("?")));
    return messages.isEmpty() ? "" : ": " + settings.token().redact(String.join("; ", messages));
  }

  private JsonNode classifyFailure(Throwable failure) {
    Throwable cause = Failures.unwrap(failure);
    if (cause instanceof TibberApiException api) {
      throw api;
    }
    String what = cause instanceof TimeoutException
        ? "no answer within " + settings.requestTimeout().toSeconds() + " s"
        : settings.token().redact(Failures.rootCause(cause));
    throw new TibberApiException(TRANSIENT, "cannot reach " + hostOf(settings.apiUrl()) + " (" + what + ")");
  }

  private FeedEndpoint toFeedEndpoint(JsonNode data) {
    JsonNode viewer = data.path("viewer");
    String url = viewer.path("websocketSubscriptionUrl").asText("");
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new TibberApiException(INVALID_RESPONSE, "websocketSubscriptionUrl '" + url + "' is not a URL");
    }
    if (!"wss".equals(uri.getScheme()) && !"ws".equals(uri.getScheme())) {
      throw new TibberApiException(INVALID_RESPONSE, "websocketSubscriptionUrl '" + url + "' is not a ws(s) URL");
    }
    return new FeedEndpoint(uri, homes(viewer.path("homes")));
  }

  private static List<Home> homes(JsonNode list) {
    if (!list.isArray()) {
      throw new TibberApiException(INVALID_RESPONSE, "viewer.homes is not a list");
    }
    List<Home> homes = new ArrayList<>();
    for (JsonNode h : list) {
      String id = h.path("id").asText("");
      if (id.isEmpty()) {
        throw new TibberApiException(INVALID_RESPONSE, "a home in viewer.homes has no id");
      }
      homes.add(new Home(id, textOrNull(h, "appNickname"), textOrNull(h, "timeZone"),
          h.path("features").path("realTimeConsumptionEnabled").asBoolean(false),
          textOrNull(h.path("address"), "address1")));
    }
    return homes;
  }

  private static String textOrNull(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static String hostOf(URI uri) {
    return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
  }
}
