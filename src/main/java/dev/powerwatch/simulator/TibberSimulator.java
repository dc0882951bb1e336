package dev.powerwatch.simulator;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpMethods;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RawHeader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.powerwatch.tibber.AppScreen;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Tibber-compatible server on loopback: GraphQL over HTTP (Akka HTTP), the live feed over
 * {@code graphql-transport-ws}, and switches to rehearse faults. It enforces what Tibber enforces:
 * a User-Agent, a valid token, values as variables, at most two sockets per token.
 */
public final class TibberSimulator implements AutoCloseable {
  public static final String API_PATH = "/v1-beta/gql";
  public static final String SOCKET_PATH = "/v1-beta/gql/subscriptions";
  private static final Logger log = LoggerFactory.getLogger(TibberSimulator.class);

  private final SimulatorConfig config;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final SimulatorState state;
  private final ScheduledExecutorService scheduler;
  private final FeedSocketServer sockets;
  private final Map<String, SimulatedMeter> meters = new ConcurrentHashMap<>();
  private volatile Runnable beforeEachReading = () -> { };
  private volatile DeliveryLog deliveries = DeliveryLog.NONE;
  private final AtomicLong flooded = new AtomicLong();
  private final AtomicLong lastFloodStartMicros = new AtomicLong();
  private final AtomicLong lastPushMicros = new AtomicLong();
  private final ServerBinding binding;

  private TibberSimulator(ActorSystem<?> system, SimulatorConfig config, ObjectMapper mapper, Clock clock)
      throws Exception {
    this.config = config;
    this.mapper = mapper;
    this.clock = clock;
    this.state = new SimulatorState(config.tokens(), config.homes(), config.maxSocketsPerToken());
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tibber-simulator");
      t.setDaemon(true);
      return t;
    });
    this.sockets = new FeedSocketServer(new InetSocketAddress(config.host(), config.socketPort()), state,
        mapper, scheduler, config.initTimeout());
    sockets.startAndWait();
    akka.japi.function.Function<HttpRequest, CompletionStage<HttpResponse>> handler =
        request -> handle(system, request);
    this.binding = Http.get(system).newServerAt(config.host(), config.httpPort())
        .bind(handler)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    long every = config.interval().toMillis();
    scheduler.scheduleAtFixedRate(this::publishReadings, every, every, TimeUnit.MILLISECONDS);
  }

  public static TibberSimulator start(ActorSystem<?> system, SimulatorConfig config, ObjectMapper mapper,
      Clock clock) {
    try {
      TibberSimulator simulator = new TibberSimulator(system, config, mapper, clock);
      log.info("Tibber simulator: API {} live feed {}", simulator.apiUrl(), simulator.websocketUrl());
      return simulator;
    } catch (Exception e) {
      throw new IllegalStateException("the simulator could not start on " + config.host() + ": " + e, e);
    }
  }

  public URI apiUrl() {
    return URI.create("http://" + config.host() + ":" + binding.localAddress().getPort() + API_PATH);
  }

  public URI websocketUrl() {
    return URI.create("ws://" + config.host() + ":" + sockets.getPort() + SOCKET_PATH);
  }

  // --- fault switches -------------------------------------------------------------------

  /** Closes every socket with this close code, as Tibber does with 4403, 4429, 4500 or 1001. */
  public void closeSockets(int code, String reason) {
    sockets.closeAll(code, reason);
  }

  /** Cuts every socket's TCP connection without a close frame. */
  public void dropSockets() {
    sockets.dropAll();
  }

  /** While stalled, sockets stay open but carry no measurements. */
  public void stall(boolean stalled) {
    state.stalled = stalled;
  }

  public void completeSubscriptions(String homeId) {
    sockets.completeSubscriptions(homeId);
  }

  public void failSubscriptions(String homeId, String message) {
    sockets.failSubscriptions(homeId, message);
  }

  /** Sends a raw text frame to every socket (for malformed-frame rehearsals). */
  public void sendRaw(String text) {
    sockets.sendRaw(text);
  }

  /** The next readings of {@code homeId} report these watts, one per reading. */
  public void playProfile(String homeId, List<Double> watts) {
    meter(homeId).play(watts);
  }

  /** From {@code from} on, {@code homeId} reports these watts, one per {@code step} of the simulator's clock. */
  public void playTimeline(String homeId, Instant from, Duration step, List<Double> watts) {
    meter(homeId).playTimeline(from, step, watts);
  }

  /** Moves {@code clock} by {@code step} before each round of readings: time runs as fast as readings flow. */
  public void advancePerReading(SimulatedClock clock, Duration step) {
    beforeEachReading = () -> clock.advance(step);
  }

  /**
   * Writes every reading the feed sends to {@code file}, a line each: home id, timestamp, power and
   * how many subscriptions it went to (for a rehearsal's oracle, which must judge by what was sent).
   */
  public void recordDeliveries(Path file) throws IOException {
    deliveries = new DeliveryLog(file);
  }

  /** How many scripted readings of {@code homeId} are still to come. */
  public int profileRemaining(String homeId) {
    return meter(homeId).scripted();
  }

  /**
   * Floods one home's subscriptions with {@code count} readings, as fast as the client takes them
   * (for load rehearsals and the benchmark). Blocks until sent; returns the frames sent.
   */
  public long flood(String homeId, long count) {
    SimulatedMeter meter = meter(homeId);
    List<ObjectNode> readings = new java.util.ArrayList<>();
    for (long i = 0; i < Math.min(count, 1_000); i++) {
      readings.add(meter.read(clock.instant()));
    }
    lastFloodStartMicros.set(System.nanoTime() / 1_000);
    return sockets.flood(homeId, count, readings);
  }

  /**
   * Microseconds from the start of the last flood (its first frame written) to the last push
   * received, on the simulator's monotonic clock: the alert latency as the server sees it.
   */
  public long lastFloodToPushMicros() {
    return lastPushMicros.get() - lastFloodStartMicros.get();
  }

  /** Starts {@link #flood} on the simulator's own thread; {@link #flooded()} counts what went out. */
  public void floodInBackground(String homeId, long count) {
    scheduler.execute(() -> flooded.addAndGet(flood(homeId, count)));
  }

  public long flooded() {
    return flooded.get();
  }

  /** Answers the next {@code requests} HTTP calls with 429, with Retry-After if given. */
  public void rateLimit(int requests, Duration retryAfter) {
    state.rateLimitRetryAfter.set(retryAfter);
    state.rateLimitedRequestsLeft.set(requests);
  }

  /** The tokens the simulator was started with are accepted again (after {@link #acceptTokens} revoked them). */
  public void restoreTokens() {
    state.replaceTokens(config.tokens());
  }

  public void acceptTokens(Set<String> tokens) {
    state.replaceTokens(tokens);
  }

  /** The hours {@code home.consumption(resolution: HOURLY)} reports: kWh by the hour's start. */
  public void setHourlyHistory(String homeId, Map<Instant, Double> kWhByHour) {
    state.setHourlyHistory(homeId, kWhByHour);
  }

  /** Plugs a home's Pulse in or out: viewer.homes reports it and subscriptions to it are refused. */
  public void setRealTime(String homeId, boolean enabled) {
    SimulatedHome home = state.home(homeId);
    if (home == null) {
      throw new IllegalArgumentException("no home '" + homeId + "'");
    }
    state.putHome(new SimulatedHome(home.id(), home.nickname(), home.timeZone(), enabled));
  }

  /** While withheld, sockets are accepted but never get a connection_ack. */
  public void withholdAck(boolean withhold) {
    state.withholdAck = withhold;
  }

  /** While unavailable, sendPushNotification answers HTTP 503. */
  public void pushAvailable(boolean available) {
    state.pushAvailable = available;
  }

  // --- observations ---------------------------------------------------------------------

  public int connectionAttempts() {
    return state.connectionAttempts.get();
  }

  /** Gives the account of {@code token} only these homes; other tokens keep seeing every home. */
  public void assignHomes(String token, Set<String> homeIds) {
    state.assignHomes(token, homeIds);
  }

  /** The most sockets one token held acknowledged at once since the start. */
  public int peakSockets(String token) {
    return state.peakSockets(token);
  }

  public int peakOpenSockets() {
    return state.peakOpenSockets.get();
  }

  public long openSockets() {
    return sockets.openSockets();
  }

  public long lastSubscribeEpochMillis() {
    return state.lastSubscribeEpochMillis;
  }

  public int subscribeCount(String homeId) {
    return state.subscribeCount(homeId).get();
  }

  /** Upgrades refused for lack of a User-Agent. */
  public int refusedUpgrades() {
    return state.refusedUpgrades.get();
  }

  /** {@code complete} messages clients sent to end their subscriptions. */
  public int completesReceived() {
    return state.completesReceived.get();
  }

  /** The close codes clients sent, in order (1000 for a clean stop). */
  public List<Integer> clientCloseCodes() {
    return List.copyOf(state.clientCloseCodes);
  }

  public int pongsReceived() {
    return state.pongs.get();
  }

  public int graphqlRequests() {
    return state.graphqlRequests.get();
  }

  public List<String> userAgents() {
    return List.copyOf(state.userAgents);
  }

  public List<RecordedPush> pushes() {
    return List.copyOf(state.pushes);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    deliveries.close();
    binding.unbind();
    try {
      sockets.stop(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // --- the feed -------------------------------------------------------------------------

  private void publishReadings() {
    try {
      if (state.stalled) {
        return;
      }
      List<String> homes = sockets.subscribedHomes();
      if (homes.isEmpty()) {
        return;
      }
      beforeEachReading.run();
      for (String homeId : homes) {
        ObjectNode reading = meter(homeId).read(clock.instant());
        deliveries.sent(homeId, reading, sockets.publish(homeId, reading));
      }
      deliveries.flush();
    } catch (RuntimeException e) {
      log.warn("Simulator could not publish a reading", e);
    }
  }

  private SimulatedMeter meter(String homeId) {
    return meters.computeIfAbsent(homeId, id -> {
      SimulatedHome home = state.home(id);
      return new SimulatedMeter(home == null ? java.time.ZoneOffset.UTC : home.timeZone(),
          config.seed() ^ id.hashCode());
    });
  }

  // --- HTTP -----------------------------------------------------------------------------

  /** A small request usually arrives whole: then it is answered at once, without another hop. */
  private CompletionStage<HttpResponse> handle(ActorSystem<?> system, HttpRequest request) {
    if (request.entity() instanceof HttpEntity.Strict strict) {
      return CompletableFuture.completedFuture(route(request, strict.getData().utf8String()));
    }
    return request.entity().toStrict(5_000, system)
        .thenApply(entity -> route(request, entity.getData().utf8String()));
  }

  private HttpResponse route(HttpRequest request, String body) {
    String path = request.getUri().path();
    if (path.equals(API_PATH) && request.method() == HttpMethods.POST) {
      return graphql(request, body);
    }
    if (path.startsWith("/simulator/")) {
      return new SimulatorControl(this, mapper).handle(request, path.substring("/simulator/".length()), body);
    }
    return json(404, error("not found: " + path));
  }

  private HttpResponse graphql(HttpRequest request, String body) {
    state.graphqlRequests.incrementAndGet();
    if (request.getHeader("User-Agent").map(h -> h.value().isBlank()).orElse(true)) {
      return json(400, error("User-Agent header required"));
    }
    int limited = state.rateLimitedRequestsLeft.getAndUpdate(n -> Math.max(0, n - 1));
    if (limited > 0) {
      HttpResponse response = json(429, error("Too many requests"));
      Duration retryAfter = state.rateLimitRetryAfter.get();
      return retryAfter == null ? response
          : response.addHeader(RawHeader.create("Retry-After", Long.toString(retryAfter.toSeconds())));
    }
    String token = request.getHeader("Authorization").map(h -> h.value())
        .filter(v -> v.startsWith("Bearer ")).map(v -> v.substring("Bearer ".length())).orElse(null);
    if (!state.acceptsToken(token)) {
      ObjectNode unauthenticated = error("Context creation failed: invalid token");
      ((ObjectNode) unauthenticated.get("errors").get(0)).putObject("extensions").put("code", "UNAUTHENTICATED");
      return json(200, unauthenticated);
    }
    JsonNode operation;
    try {
      operation = mapper.readTree(body);
    } catch (IOException e) {
      return json(400, error("body is not JSON"));
    }
    String query = operation == null ? "" : operation.path("query").asText("");
    JsonNode variables = operation == null ? mapper.nullNode() : operation.path("variables");
    return answer(token, query, variables);
  }

  private HttpResponse answer(String token, String query, JsonNode variables) {
    Optional<String> pasted = state.homes().stream().map(SimulatedHome::id).filter(query::contains).findFirst();
    if (pasted.isPresent()) {
      return json(200, error("home id pasted into the query text: send it as a variable"));
    }
    if (query.contains("sendPushNotification")) {
      return push(token, variables.path("input"));
    }
    if (query.contains("consumption(")) {
      return consumption(token, variables);
    }
    ObjectNode viewer = mapper.createObjectNode();
    viewer.put("websocketSubscriptionUrl", websocketUrl().toString());
    ArrayNode homes = viewer.putArray("homes");
    state.homes(token).forEach(h -> homes.add(homeJson(h)));
    if (query.contains("home(")) {
      SimulatedHome home = homeNamedIn(token, variables);
      if (home == null) {
        return json(200, error("home not found"));
      }
      viewer.set("home", homeJson(home));
    }
    ObjectNode result = mapper.createObjectNode();
    result.putObject("data").set("viewer", viewer);
    return json(200, result);
  }

  /** {@code home(id).consumption(resolution: HOURLY, last: N)}: the last N scripted hours that have ended. */
  private HttpResponse consumption(String token, JsonNode variables) {
    SimulatedHome home = homeNamedIn(token, variables);
    if (home == null || !variables.path("last").isInt()) {
      return json(200, error(home == null ? "home not found"
          : "Variable \"$last\" of type \"Int!\" was not provided."));
    }
    List<Map.Entry<Instant, Double>> ended = state.hourlyHistory(home.id()).entrySet().stream()
        .filter(e -> !e.getKey().plus(Duration.ofHours(1)).isAfter(clock.instant())).toList();
    int last = variables.path("last").asInt();
    ArrayNode nodes = mapper.createArrayNode();
    for (Map.Entry<Instant, Double> hour : ended.subList(Math.max(0, ended.size() - last), ended.size())) {
      nodes.addObject()
          .put("from", hour.getKey().atZone(home.timeZone()).toOffsetDateTime().toString())
          .put("to", hour.getKey().plus(Duration.ofHours(1)).atZone(home.timeZone()).toOffsetDateTime().toString())
          .put("consumption", hour.getValue());
    }
    ObjectNode result = mapper.createObjectNode();
    result.putObject("data").putObject("viewer").putObject("home").putObject("consumption").set("nodes", nodes);
    return json(200, result);
  }

  /**
   * The home a query's variables name, whatever the client called the variable ({@code $id},
   * {@code $homeId}): as in GraphQL, the name is the query's own choice.
   */
  private SimulatedHome homeNamedIn(String token, JsonNode variables) {
    for (JsonNode value : variables) {
      if (value.isTextual() && state.home(token, value.textValue()) != null) {
        return state.home(token, value.textValue());
      }
    }
    return null;
  }

  private ObjectNode homeJson(SimulatedHome home) {
    ObjectNode json = mapper.createObjectNode()
        .put("id", home.id())
        .put("appNickname", home.nickname())
        .put("timeZone", home.timeZone().getId());
    json.putObject("address").put("address1", "Simulated road " + (Math.abs(home.id().hashCode()) % 90 + 1));
    json.putObject("features").put("realTimeConsumptionEnabled", home.realTimeConsumptionEnabled());
    return json;
  }

  private HttpResponse push(String token, JsonNode input) {
    if (!state.pushAvailable) {
      return json(503, error("push service unavailable"));
    }
    JsonNode message = input.get("message");
    if (message == null || !message.isTextual() || message.textValue().isBlank()) {
      return json(200, error("Variable \"$input\" got invalid value; Field \"message\" of required type \"String!\" was not provided."));
    }
    String screen = input.path("screenToOpen").isTextual() ? input.get("screenToOpen").textValue() : null;
    if (screen != null && !AppScreen.ALL.contains(screen)) {
      return json(200, error("Value \"" + screen + "\" does not exist in \"AppScreen\" enum."));
    }
    String title = input.path("title").isTextual() ? input.get("title").textValue() : null;
    state.pushes.add(new RecordedPush(clock.instant(), title, message.textValue(), screen, token));
    lastPushMicros.set(System.nanoTime() / 1_000);
    ObjectNode result = mapper.createObjectNode();
    result.putObject("data").putObject("sendPushNotification")
        .put("successful", true).put("pushedToNumberOfDevices", 1);
    return json(200, result);
  }

  ObjectNode error(String message) {
    ObjectNode json = mapper.createObjectNode();
    json.putArray("errors").addObject().put("message", message);
    return json;
  }

  static HttpResponse json(int status, JsonNode body) {
    return HttpResponse.create()
        .withStatus(StatusCodes.get(status))
        .withEntity(ContentTypes.APPLICATION_JSON, body.toString());
  }
}
