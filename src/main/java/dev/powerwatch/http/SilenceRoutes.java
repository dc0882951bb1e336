package dev.powerwatch.http;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.delete;
import static akka.http.javadsl.server.Directives.entity;
import static akka.http.javadsl.server.Directives.extractRequest;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.onSuccess;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.pathEnd;
import static akka.http.javadsl.server.Directives.pathPrefix;
import static akka.http.javadsl.server.Directives.post;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.powerwatch.debounce.Silence;
import dev.powerwatch.debounce.SilenceDesk;
import dev.powerwatch.debounce.Silences;
import dev.powerwatch.status.ClusterParts;
import dev.powerwatch.status.DaemonParts;
import dev.powerwatch.support.Durations;
import dev.powerwatch.support.Suggestions;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code /api/silences}: GET lists them, POST makes one from a JSON body, DELETE
 * {@code /api/silences/ID} ends one. Changes want a JSON body or no body and refuse a browser's
 * request from another origin, so a web page elsewhere cannot mute the alerts.
 */
final class SilenceRoutes {
  static final Set<String> KEYS = Set.of("home", "rule", "for", "startsAt", "endsAt", "createdBy", "comment");
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final ActorSystem<?> system;
  private final Supplier<CompletionStage<DaemonParts>> parts;
  private final ObjectMapper mapper;
  private final StatusJson json;

  SilenceRoutes(ActorSystem<?> system, Supplier<CompletionStage<DaemonParts>> parts, ObjectMapper mapper,
      StatusJson json) {
    this.system = system;
    this.parts = parts;
    this.mapper = mapper;
    this.json = json;
  }

  /** @param sameOrigin whether a browser's request comes from this server's own pages */
  Route routes(Function<HttpRequest, Boolean> sameOrigin) {
    return pathPrefix(segment("api").slash("silences"), () -> concat(
        pathEnd(() -> concat(
            get(this::list),
            post(() -> extractRequest(request -> changing(request, sameOrigin, () -> create(request)))))),
        path(segment(), id -> delete(() -> extractRequest(request -> changing(request, sameOrigin,
            () -> end(id)))))));
  }

  private Route changing(HttpRequest request, Function<HttpRequest, Boolean> sameOrigin, Supplier<Route> inner) {
    if (!sameOrigin.apply(request)) {
      return error(StatusCodes.FORBIDDEN, "a change from another origin is not accepted");
    }
    return inner.get();
  }

  private Route list() {
    return withDesk(desk -> answered(desk.list(), silences -> json(StatusCodes.OK, json.silences(silences))));
  }

  private Route create(HttpRequest request) {
    if (!request.entity().getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
      return error(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "the body must be JSON (Content-Type: application/json)");
    }
    return entity(Unmarshaller.entityToString(), body -> {
      Silence.Request asked;
      try {
        asked = request(body);
      } catch (BadRequest e) {
        return error(StatusCodes.BAD_REQUEST, e.getMessage());
      }
      return withDesk(desk -> answered(desk.add(asked),
          outcome -> outcome instanceof Silences.Outcome.Created created
              ? json(StatusCodes.CREATED, json.silence(created.silence()))
              : error(StatusCodes.BAD_REQUEST, ((Silences.Outcome.Refused) outcome).reason())));
    });
  }

  private Route end(String id) {
    return withDesk(desk -> answered(desk.end(id), ended -> ended.map(s -> json(StatusCodes.OK, json.silence(s)))
        .orElseGet(() -> error(StatusCodes.NOT_FOUND, "no silence '" + id + "'"))));
  }

  /** The Debouncer's desk in a single process, the homes' on a cluster; none while the homes are not known. */
  private Route withDesk(Function<SilenceDesk, Route> inner) {
    CompletionStage<Optional<DaemonParts>> asked = parts.get().thenApply(Optional::of)
        .exceptionally(failure -> Optional.empty());
    return onSuccess(asked, daemon -> daemon.flatMap(this::desk).map(inner)
        .orElseGet(() -> error(StatusCodes.SERVICE_UNAVAILABLE, "the daemon is still finding its homes")));
  }

  private Optional<SilenceDesk> desk(DaemonParts daemon) {
    return daemon.debouncer().map(debouncer -> SilenceDesk.of(debouncer, system, TIMEOUT))
        .or(() -> daemon.cluster().filter(cluster -> !daemon.homes().isEmpty()).map(ClusterParts::silences));
  }

  /** The desk's answer; one that does not come (a home moving between nodes, say) is a 503 that says so. */
  private <T> Route answered(CompletionStage<T> answer, Function<T, Route> inner) {
    CompletionStage<Optional<T>> settled = answer.thenApply(Optional::of).exceptionally(failure -> Optional.empty());
    return onSuccess(settled, value -> value.map(inner).orElseGet(() -> error(StatusCodes.SERVICE_UNAVAILABLE,
        "not every home answered in time (one may be moving to another node); ask again")));
  }

  /** The body's request; a key it does not know, or a value of the wrong kind, is named. */
  Silence.Request request(String body) throws BadRequest {
    JsonNode json;
    try {
      json = mapper.readTree(body);
    } catch (IOException e) {
      throw new BadRequest("the body is not JSON");
    }
    if (json == null || !json.isObject()) {
      throw new BadRequest("the body must be a JSON object with the keys " + String.join(", ", KEYS.stream()
          .sorted().toList()));
    }
    for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) json::fields) {
      if (!KEYS.contains(field.getKey())) {
        throw new BadRequest("unknown key '" + field.getKey() + "'" + Suggestions.didYouMean(field.getKey(), KEYS));
      }
      if (!field.getValue().isTextual() && !field.getValue().isNull()) {
        throw new BadRequest("'" + field.getKey() + "' must be a string");
      }
    }
    if (json.hasNonNull("for") && json.hasNonNull("endsAt")) {
      throw new BadRequest("give either 'for' or 'endsAt', not both");
    }
    Duration length = json.hasNonNull("for") ? length(json.get("for").asText()) : null;
    return new Silence.Request(text(json, "home"), text(json, "rule"), instant(json, "startsAt"),
        instant(json, "endsAt"), length, Optional.ofNullable(text(json, "createdBy")).orElse("api"),
        text(json, "comment"));
  }

  private static Duration length(String text) throws BadRequest {
    Duration length = Durations.parse(text)
        .orElseThrow(() -> new BadRequest("'for' is not a duration such as 1h or 30m: " + text));
    if (length.isNegative() || length.isZero()) {
      throw new BadRequest("'for' must be longer than nothing, such as 1h");
    }
    return length;
  }

  private static Instant instant(JsonNode json, String key) throws BadRequest {
    String text = text(json, key);
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new BadRequest("'" + key + "' is not a time such as 2026-12-02T18:00:00Z: " + text);
    }
  }

  private static String text(JsonNode json, String key) {
    return json.hasNonNull(key) ? json.get(key).asText() : null;
  }

  private static Route json(StatusCode status, JsonNode body) {
    return complete(HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON,
        body.toString()));
  }

  private Route error(StatusCode status, String reason) {
    return json(status, mapper.createObjectNode().put("error", reason));
  }

  static final class BadRequest extends Exception {
    BadRequest(String message) {
      super(message);
    }
  }
}
