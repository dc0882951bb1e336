package dev.powerwatch.http;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpMethods;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.powerwatch.debounce.AlertRecord;
import dev.powerwatch.feed.FeedStatus;
import dev.powerwatch.rules.AlertKey;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * What the daemon is doing, for people, scripts and monitoring: {@code /health} answers 200 while
 * the feed is live and 503 otherwise (token rejected, rate limited, reconnecting, starting);
 * {@code /state} adds the alerts. Listens on loopback by default.
 */
public final class StatusServer {
  /** Where the answers come from; empty while the daemon is still starting. */
  public interface Sources {
    Optional<CompletionStage<FeedStatus>> feed();

    Optional<CompletionStage<Map<AlertKey, AlertRecord>>> alerts();
  }

  private final ActorSystem<?> system;
  private final Sources sources;
  private final ObjectMapper mapper;

  private StatusServer(ActorSystem<?> system, Sources sources, ObjectMapper mapper) {
    this.system = system;
    this.sources = sources;
    this.mapper = mapper;
  }

  public static CompletionStage<ServerBinding> bind(ActorSystem<?> system, HttpSettings settings, Sources sources,
      ObjectMapper mapper) {
    StatusServer server = new StatusServer(system, sources, mapper);
    akka.japi.function.Function<HttpRequest, CompletionStage<HttpResponse>> handler = server::handle;
    return Http.get(system).newServerAt(settings.host(), settings.port()).bind(handler);
  }

  private CompletionStage<HttpResponse> handle(HttpRequest request) {
    request.discardEntityBytes(system);
    if (request.method() != HttpMethods.GET) {
      return done(json(405, error("use GET")));
    }
    return switch (request.getUri().path()) {
      case "/health" -> health();
      case "/state" -> state();
      default -> done(json(404, error("try /health or /state")));
    };
  }

  private CompletionStage<HttpResponse> health() {
    return feedJson().thenApply(feed -> {
      boolean live = "LIVE".equals(feed.path("state").asText());
      ObjectNode body = mapper.createObjectNode().put("status", live ? "ok" : "degraded");
      body.set("feed", feed);
      return json(live ? 200 : 503, body);
    });
  }

  private CompletionStage<HttpResponse> state() {
    CompletionStage<ArrayNode> alerts = sources.alerts()
        .map(stage -> stage.thenApply(this::alertsJson))
        .orElse(done(mapper.createArrayNode()));
    return feedJson().thenCombine(alerts, (feed, list) -> {
      ObjectNode body = mapper.createObjectNode();
      body.set("feed", feed);
      body.set("alerts", list);
      return json(200, body);
    });
  }

  private CompletionStage<ObjectNode> feedJson() {
    return sources.feed()
        .map(stage -> stage.thenApply(status -> (ObjectNode) mapper.valueToTree(status)))
        .orElse(done(mapper.createObjectNode().put("state", "STARTING").put("detail", "finding the homes")))
        .exceptionally(failure -> mapper.createObjectNode().put("state", "UNKNOWN")
            .put("detail", "the feed did not answer"));
  }

  private ArrayNode alertsJson(Map<AlertKey, AlertRecord> alerts) {
    ArrayNode list = mapper.createArrayNode();
    alerts.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(AlertKey::toString)))
        .forEach(e -> {
          ObjectNode alert = list.addObject()
              .put("home", e.getKey().homeId())
              .put("rule", e.getKey().rule())
              .put("firing", e.getValue().firing());
          alert.put("since", String.valueOf(e.getValue().since()));
          alert.put("lastSentAt", String.valueOf(e.getValue().lastSentAt()));
        });
    return list;
  }

  private ObjectNode error(String message) {
    return mapper.createObjectNode().put("error", message);
  }

  private static HttpResponse json(int status, Object body) {
    return HttpResponse.create().withStatus(StatusCodes.get(status))
        .withEntity(ContentTypes.APPLICATION_JSON, body.toString());
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
