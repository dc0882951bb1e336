package dev.powerwatch.http;

import dev.powerwatch.status.DaemonParts;
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

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
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
import dev.powerwatch.debounce.Debouncer;
import dev.powerwatch.debounce.Silence;
import dev.powerwatch.debounce.Silences;
import dev.powerwatch.support.Durations;
import dev.powerwatch.support.Suggestions;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
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
    return withDebouncer(debouncer -> onSuccess(
        AskPattern.<Debouncer.Command, List<Silence>>ask(debouncer, Debouncer.GetSilences::new, TIMEOUT,
            system.scheduler()),
        silences -> json(StatusCodes.OK, json.silences(silences))));
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
      return withDebouncer(debouncer -> onSuccess(
          AskPattern.<Debouncer.Command, Silences.Outcome>ask(debouncer,
              replyTo -> new Debouncer.AddSilence(asked, replyTo), TIMEOUT, system.scheduler()),
          outcome -> outcome instanceof Silences.Outcome.Created created
              ? json(StatusCodes.CREATED, json.silence(created.silence()))
              : error(StatusCodes.BAD_REQUEST, ((Silences.Outcome.Refused) outcome).reason())));
    });
  }

  private Route end(String id) {
    return withDebouncer(debouncer -> onSuccess(
        AskPattern.<Debouncer.Command, Optional<Silence>>ask(debouncer, replyTo -> new Debouncer.EndSilence(id,
            replyTo), TIMEOUT, system.scheduler()),
        ended -> ended.map(s -> json(StatusCodes.OK, json.silence(s)))
            .orElseGet(() -> error(StatusCodes.NOT_FOUND, "no silence '" + id + "'"))));
  }

  private Route withDebouncer(Function<ActorRef<Debouncer.Command>, Route> inner) {
    CompletionStage<Optional<DaemonParts>> asked = parts.get().thenApply(Optional::of)
        .exceptionally(failure -> Optional.empty());
    return onSuccess(asked, daemon -> daemon.flatMap(DaemonParts::debouncer).map(inner).orElseGet(() ->
        daemon.flatMap(DaemonParts::cluster).isPresent()
            ? error(StatusCodes.NOT_IMPLEMENTED, "silences do not run on a cluster yet")
            : error(StatusCodes.SERVICE_UNAVAILABLE, "the daemon is still finding its homes")));
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
