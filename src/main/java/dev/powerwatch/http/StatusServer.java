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
import dev.powerwatch.support.StateHealth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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

    /** Each state-keeping actor's answer: can it write its state now? */
    List<CompletionStage<StateHealth>> state();
  }

  /** What /health says when state cannot be written: alerts still flow, from memory. */
  static final String STATE_DIR_UNWRITABLE = "STATE_DIR_UNWRITABLE";

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

  /** 200 while the feed is live and state can be written; 503 naming each problem otherwise. */
  private CompletionStage<HttpResponse> health() {
    return feedJson().thenCombine(stateProblems(), (feed, stateProblems) -> {
      ArrayNode problems = mapper.createArrayNode();
      String feedState = feed.path("state").asText();
      if (!"LIVE".equals(feedState)) {
        problems.add(feedState);
      }
      stateProblems.forEach(p -> problems.add(STATE_DIR_UNWRITABLE + ": " + p));
      ObjectNode body = mapper.createObjectNode().put("status", problems.isEmpty() ? "ok" : "degraded");
      body.set("problems", problems);
      body.set("feed", feed);
      return json(problems.isEmpty() ? 200 : 503, body);
    });
  }

  private CompletionStage<List<String>> stateProblems() {
    CompletionStage<List<String>> all = done(List.of());
    for (CompletionStage<StateHealth> answer : sources.state()) {
      CompletionStage<List<String>> one = answer
          .thenApply(health -> health.problem().map(List::of).orElse(List.<String>of()))
          .exceptionally(failure -> List.of("the state keeper did not answer"));
      all = all.thenCombine(one, (a, b) -> {
        List<String> merged = new ArrayList<>(a);
        merged.addAll(b);
        return merged;
      });
    }
    return all;
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
