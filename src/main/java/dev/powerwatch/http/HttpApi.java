package dev.powerwatch.http;

import dev.powerwatch.status.DaemonParts;
import dev.powerwatch.status.StatusQuery;
import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.extractRequest;
import static akka.http.javadsl.server.Directives.formField;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.getFromResource;
import static akka.http.javadsl.server.Directives.getFromResourceDirectory;
import static akka.http.javadsl.server.Directives.handleWebSocketMessages;
import static akka.http.javadsl.server.Directives.onSuccess;
import static akka.http.javadsl.server.Directives.optionalCookie;
import static akka.http.javadsl.server.Directives.parameterOptional;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.pathPrefix;
import static akka.http.javadsl.server.Directives.pathSingleSlash;
import static akka.http.javadsl.server.Directives.post;
import static akka.http.javadsl.server.Directives.redirect;
import static akka.http.javadsl.server.Directives.setCookie;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.Uri;
import akka.http.javadsl.model.headers.HttpCookie;
import akka.http.javadsl.model.headers.SameSite;
import akka.http.javadsl.server.Route;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.powerwatch.metrics.Metrics;
import dev.powerwatch.support.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The daemon's one HTTP server: {@code /health} (liveness), {@code /ready}, {@code /api/state}
 * (and {@code /state}), {@code /metrics}, the {@code /api/live} WebSocket and the dashboard.
 * Every request must name this server in its Host header (DNS rebinding), a WebSocket from
 * another origin is refused, no CORS is offered, and with {@code http.token} every route but
 * /health wants the token: as a bearer header, or as the cookie the login form sets.
 */
public final class HttpApi {
  static final String COOKIE = "powerwatch_token";
  private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private final ActorSystem<?> system;
  private final HttpSettings settings;
  private final StatusQuery status;
  private final StatusJson json;
  private final SilenceRoutes silences;
  private final LiveHub hub;
  private final Metrics metrics;
  private volatile int boundPort;

  private HttpApi(ActorSystem<?> system, HttpSettings settings, Supplier<CompletionStage<DaemonParts>> parts,
      ObjectMapper mapper, LiveHub hub, Metrics metrics) {
    this.system = system;
    this.settings = settings;
    this.status = new StatusQuery(system, parts, hub::latest);
    this.json = new StatusJson(mapper);
    this.silences = new SilenceRoutes(system, parts, mapper, json);
    this.hub = hub;
    this.metrics = metrics;
    this.boundPort = settings.port();
  }

  /** Binds the server; the port in the binding is the one actually bound (with port 0, the system's choice). */
  public static CompletionStage<ServerBinding> bind(ActorSystem<?> system, HttpSettings settings,
      Supplier<CompletionStage<DaemonParts>> parts, ObjectMapper mapper, LiveHub hub, Metrics metrics) {
    HttpApi api = new HttpApi(system, settings, parts, mapper, hub, metrics);
    return Http.get(system).newServerAt(settings.host(), settings.port()).bind(api.routes())
        .thenApply(binding -> {
          api.boundPort = binding.localAddress().getPort();
          return binding;
        });
  }

  Route routes() {
    return extractRequest(request -> {
      if (!hostAllowed(request)) {
        return complete(HttpResponse.create().withStatus(StatusCodes.MISDIRECTED_REQUEST)
            .withEntity("This server answers only to its own names (see http.allowed-hosts).\n"));
      }
      return concat(
          path("health", () -> get(this::health)),
          path("login", this::login),
          authenticated(request, () -> concat(
              path("ready", () -> get(this::ready)),
              path(segment("api").slash("state"), () -> get(this::state)),
              path("state", () -> get(this::state)),
              path("metrics", () -> get(this::metrics)),
              silences.routes(this::sameOrigin),
              path(segment("api").slash("live"), () -> get(() -> live(request))),
              pathSingleSlash(() -> get(() -> getFromResource("web/index.html"))),
              pathPrefix("web", () -> get(() -> getFromResourceDirectory("web"))))));
    });
  }

  private Route health() {
    return complete(HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, "{\"status\":\"alive\"}"));
  }

  private Route ready() {
    return onSuccess(status.snapshot(), snapshot -> {
      boolean ready = snapshot.notReady().isEmpty();
      return complete(HttpResponse.create().withStatus(ready ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE)
          .withEntity(ContentTypes.APPLICATION_JSON, json.ready(snapshot)));
    });
  }

  private Route state() {
    return onSuccess(status.snapshot(), snapshot ->
        complete(HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, json.state(snapshot))));
  }

  private Route metrics() {
    return complete(HttpResponse.create()
        .withEntity(HttpEntities.create(ContentTypes.parse(metrics.contentType()), metrics.scrape())));
  }

  /** A WebSocket whose Origin, when the browser sends one, must be this server's own. */
  private Route live(HttpRequest request) {
    if (!sameOrigin(request)) {
      return complete(StatusCodes.FORBIDDEN, "A WebSocket from another origin is not accepted.\n");
    }
    return parameterOptional("home", home -> handleWebSocketMessages(hub.clientFlow(system, home)));
  }

  /** A browser names the page a request comes from (Origin): it must be one of this server's. */
  private boolean sameOrigin(HttpRequest request) {
    Optional<String> origin = request.getHeader("Origin").map(HttpHeader::value);
    Optional<String> host = request.getHeader("Host").map(HttpHeader::value);
    return origin.isEmpty() || host.map(h -> origin.get().equalsIgnoreCase("http://" + h)).orElse(false);
  }

  private Route login() {
    if (settings.token().isEmpty()) {
      return redirect(Uri.create("/"), StatusCodes.SEE_OTHER);
    }
    return concat(
        get(() -> complete(loginPage(false))),
        post(() -> formField("token", given -> tokenMatches(given)
            ? setCookie(HttpCookie.create(COOKIE, given).withHttpOnly(true).withSameSite(SameSite.Strict)
                .withPath("/"), () -> redirect(Uri.create("/"), StatusCodes.SEE_OTHER))
            : complete(loginPage(true)))));
  }

  /** With a token configured, the bearer header or the login cookie must carry it. */
  private Route authenticated(HttpRequest request, Supplier<Route> inner) {
    if (settings.token().isEmpty()) {
      return inner.get();
    }
    Optional<String> bearer = request.getHeader("Authorization").map(HttpHeader::value)
        .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7)).map(v -> v.substring(7).trim());
    return optionalCookie(COOKIE, cookie -> {
      boolean ok = bearer.map(this::tokenMatches).orElse(false)
          || cookie.map(c -> tokenMatches(c.value())).orElse(false);
      if (ok) {
        return inner.get();
      }
      boolean page = request.getUri().path().equals("/");
      return complete(page ? loginPage(false) : HttpResponse.create().withStatus(StatusCodes.UNAUTHORIZED)
          .withEntity(ContentTypes.APPLICATION_JSON, "{\"error\":\"this server wants its token (http.token)\"}"));
    });
  }

  private boolean tokenMatches(String given) {
    Secret token = settings.token().orElseThrow();
    return MessageDigest.isEqual(token.reveal().getBytes(StandardCharsets.UTF_8),
        given.getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse loginPage(boolean wrong) {
    String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>powerwatch</title></head><body>"
        + "<h1>powerwatch</h1>" + (wrong ? "<p>That is not the token.</p>" : "<p>This dashboard wants its token"
        + " (http.token in the configuration).</p>") + "<form method=\"post\" action=\"/login\">"
        + "<input type=\"password\" name=\"token\" autofocus> <button>Open</button></form></body></html>";
    return HttpResponse.create().withStatus(StatusCodes.UNAUTHORIZED)
        .withEntity(ContentTypes.TEXT_HTML_UTF8, html);
  }

  /** The Host header must name this server: a loopback name, its configured host or an allowed one, and its port. */
  boolean hostAllowed(HttpRequest request) {
    Optional<String> header = request.getHeader("Host").map(HttpHeader::value);
    if (header.isEmpty()) {
      return false;
    }
    String value = header.get().toLowerCase(Locale.ROOT);
    int colon = value.lastIndexOf(':');
    boolean hasPort = colon > value.lastIndexOf(']');
    String name = hasPort ? value.substring(0, colon) : value;
    int port = hasPort ? parsePort(value.substring(colon + 1)) : 80;
    boolean knownName = LOOPBACK_NAMES.contains(name) || name.equals(settings.host().toLowerCase(Locale.ROOT))
        || settings.allowedHosts().stream().anyMatch(h -> h.equalsIgnoreCase(name));
    return knownName && port == boundPort;
  }

  private static int parsePort(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
