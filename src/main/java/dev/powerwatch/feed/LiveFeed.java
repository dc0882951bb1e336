package dev.powerwatch.feed;

import static dev.powerwatch.support.Durations.human;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.PreRestart;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.powerwatch.metrics.Metrics;
import dev.powerwatch.support.Failures;
import dev.powerwatch.support.Secret;
import dev.powerwatch.tibber.FeedEndpoint;
import dev.powerwatch.tibber.Home;
import dev.powerwatch.tibber.LiveFrameParser;
import dev.powerwatch.tibber.Measurement;
import dev.powerwatch.tibber.TibberApi;
import dev.powerwatch.tibber.TibberApiException;
import dev.powerwatch.tibber.TransportCodec;
import dev.powerwatch.tibber.TransportMessage;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The subscription actor: one {@code graphql-transport-ws} socket per Tibber token carrying one
 * subscription per home. Forwards every measurement to its subscribers, watches for silence and
 * reconnects with a policy that never hammers Tibber.
 */
public final class LiveFeed extends AbstractBehavior<LiveFeed.Command> {

  public sealed interface Command {}

  public record GetStatus(ActorRef<FeedStatus> replyTo) implements Command {}

  /**
   * Ends the feed for a shutdown: {@code complete} for each subscription, a close frame (1000),
   * no reconnect; {@code replyTo} hears {@link Stopped} once the socket is closed or after
   * {@link #CLOSE_GRACE}.
   */
  public record Stop(ActorRef<Stopped> replyTo) implements Command {}

  public enum Stopped { INSTANCE }

  public static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

  /** Everything the feed needs besides its settings; {@code random} drives the jitter. */
  public record Dependencies(
      TibberApi api, Secret token, ObjectMapper mapper, Clock clock, RandomGenerator random, Metrics metrics) {}

  private enum Tick implements Command { CONNECT, ACK_TIMEOUT, WATCHDOG, CLOSE_GRACE }

  private record EndpointFetched(long attempt, FeedEndpoint endpoint) implements Command {}

  private record EndpointFailed(long attempt, Throwable cause) implements Command {}

  /** The socket's inlet has frames waiting: sent once per batch, not per frame. */
  private record FramesWaiting(Connection connection) implements Command {}

  /** A subscriber finished its batch; {@code lane} is its place in the list. */
  private record SubscriberDone(int lane) implements Command {}

  private record Resubscribe(Connection connection, String homeId) implements Command {}

  private static final int LOUD_MALFORMED_FRAMES = 5;
  /** Frames taken from the inlet per message, so status queries and timers get their turn. */
  private static final int MAX_BATCH = 256;

  private final FeedSettings settings;
  private final Dependencies deps;
  private final List<String> homeIds;
  private final SubscriberLanes lanes;
  private final TimerScheduler<Command> timers;
  private final TransportCodec codec;
  private final LiveFrameParser fastParser = new LiveFrameParser();
  private final ReconnectPolicy policy;
  private final FeedSocket.Connector connector;

  private Connection current;
  private long attempt;
  private long connectionNumber;
  private int connectAttempts;
  private int consecutiveFailures;
  private final Map<String, Integer> homeFailures = new HashMap<>();
  private FeedStatus.State state = FeedStatus.State.CONNECTING;
  private String detail = "starting";
  private Instant nextAttemptAt;
  private long lastMeasurementMillis = -1;
  private boolean tokenRejectionReported;
  private ActorRef<Stopped> stoppedReplyTo;
  private boolean stopReplied;

  public static Behavior<Command> create(
      FeedSettings settings, Dependencies deps, List<String> homeIds, List<FeedSubscriber> subscribers) {
    return Behaviors.setup(context -> Behaviors.withTimers(
        timers -> new LiveFeed(context, timers, settings, deps, homeIds, subscribers)));
  }

  private LiveFeed(ActorContext<Command> context, TimerScheduler<Command> timers, FeedSettings settings,
      Dependencies deps, List<String> homeIds, List<FeedSubscriber> subscribers) {
    super(context);
    context.setLoggerName(LiveFeed.class);
    this.timers = timers;
    this.settings = settings;
    this.deps = deps;
    this.homeIds = List.copyOf(homeIds);
    ActorRef<Command> self = context.getSelf();
    this.lanes = new SubscriberLanes(lane -> () -> self.tell(new SubscriberDone(lane)));
    subscribers.forEach(lanes::add);
    this.codec = new TransportCodec(deps.mapper());
    this.policy = new ReconnectPolicy(settings, deps.random());
    this.connector = new JavaWebSocketConnector(settings.ackTimeout(), deps.clock());
    startConnect();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(FramesWaiting.class, this::onFramesWaiting)
        .onMessage(SubscriberDone.class, this::onSubscriberDone)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessageEquals(Tick.CONNECT, this::onConnectTick)
        .onMessageEquals(Tick.ACK_TIMEOUT, this::onAckTimeout)
        .onMessageEquals(Tick.WATCHDOG, this::onWatchdog)
        .onMessage(EndpointFetched.class, this::onEndpointFetched)
        .onMessage(EndpointFailed.class, this::onEndpointFailed)
        .onMessage(Resubscribe.class, this::onResubscribe)
        .onMessage(Stop.class, this::onStop)
        .onMessageEquals(Tick.CLOSE_GRACE, this::stopped)
        .onSignal(PreRestart.class, signal -> closeOnStop())
        .onSignal(PostStop.class, signal -> closeOnStop())
        .build();
  }

  // --- connecting -------------------------------------------------------------------------

  private Behavior<Command> onConnectTick() {
    startConnect();
    return this;
  }

  private void startConnect() {
    long thisAttempt = ++attempt;
    connectAttempts++;
    state = FeedStatus.State.CONNECTING;
    detail = "asking Tibber for the socket URL";
    nextAttemptAt = null;
    getContext().pipeToSelf(deps.api().feedEndpoint(), (endpoint, failure) -> failure == null
        ? new EndpointFetched(thisAttempt, endpoint)
        : new EndpointFailed(thisAttempt, Failures.unwrap(failure)));
  }

  private Behavior<Command> onEndpointFetched(EndpointFetched msg) {
    if (msg.attempt() != attempt || current != null || stoppedReplyTo != null) {
      return this;
    }
    List<String> live = liveHomes(msg.endpoint());
    if (live.isEmpty()) {
      disconnected(new Disconnect.Failed("none of the homes " + homeIds + " has real-time consumption enabled now"));
    } else {
      openSocket(msg.endpoint(), live);
    }
    return this;
  }

  private List<String> liveHomes(FeedEndpoint endpoint) {
    List<String> live = new ArrayList<>();
    for (String id : homeIds) {
      Optional<Home> home = endpoint.homes().stream().filter(h -> h.id().equals(id)).findFirst();
      if (home.isEmpty()) {
        getContext().getLog().warn("Home {} is no longer on the Tibber account; not subscribing it", id);
      } else if (!home.get().realTimeConsumptionEnabled()) {
        getContext().getLog().warn("Home {} has real-time consumption disabled now; not subscribing it", id);
      } else {
        live.add(id);
      }
    }
    return live;
  }

  private Behavior<Command> onEndpointFailed(EndpointFailed msg) {
    if (msg.attempt() == attempt && current == null && stoppedReplyTo == null) {
      Throwable cause = msg.cause();
      disconnected(cause instanceof TibberApiException api
          ? Disconnect.fromApi(api)
          : new Disconnect.Failed(describe(cause)));
    }
    return this;
  }

  private void openSocket(FeedEndpoint endpoint, List<String> homes) {
    Connection connection = new Connection(++connectionNumber, homes, codec, fastParser);
    current = connection;
    detail = "connecting to " + endpoint.websocketUrl();
    getContext().getLog().info("Connecting to {} for {} home(s)", endpoint.websocketUrl(), homes.size());
    ActorRef<Command> self = getContext().getSelf();
    connection.inlet = new FrameInlet(connection, () -> self.tell(new FramesWaiting(connection)));
    connection.socket = connector.connect(URI.create(endpoint.websocketUrl().toString()),
        deps.api().userAgent().value(), connection.inlet);
    timers.startSingleTimer(Tick.ACK_TIMEOUT, Tick.ACK_TIMEOUT, settings.ackTimeout());
  }

  // --- the live protocol ------------------------------------------------------------------

  private Behavior<Command> onFramesWaiting(FramesWaiting msg) {
    if (msg.connection() == current) {
      drain(current);
    }
    return this;
  }

  private Behavior<Command> onSubscriberDone(SubscriberDone msg) {
    lanes.done(msg.lane());
    lanes.flush();
    if (current != null) {
      drain(current);
    }
    return this;
  }

  /**
   * Takes up to a batch of frames from the inlet. While a subscriber is too far behind it takes
   * none and leaves the inlet unarmed: the socket's thread then fills the inlet and waits.
   */
  private void drain(Connection connection) {
    if (lanes.full()) {
      return;
    }
    connection.inlet.rearm();
    for (int taken = 0; taken < MAX_BATCH && connection == current && !lanes.full(); taken++) {
      InboundFrame frame = connection.inlet.poll();
      if (frame == null) {
        break;
      }
      onFrame(connection, frame);
    }
    lanes.flush();
    if (connection == current && !lanes.full()) {
      connection.inlet.signalIfWaiting();
    }
  }

  private void onFrame(Connection connection, InboundFrame frame) {
    if (frame instanceof InboundFrame.Data data) {
      onMeasurement(connection, data.measurement());
    } else if (frame instanceof InboundFrame.Protocol protocol) {
      onProtocolMessage(connection, protocol.message());
    } else if (frame instanceof InboundFrame.Malformed malformed) {
      onMalformed(connection, malformed.problem());
    } else if (frame instanceof InboundFrame.Opened) {
      onOpened(connection);
    } else if (frame instanceof InboundFrame.Ended ended) {
      drop(connection);
      disconnected(ended.reason());
    }
  }

  private void onOpened(Connection connection) {
    getContext().getLog().debug("Socket {} upgraded; waiting for connection_ack", connection.number);
    send(connection, TransportSession.init(deps.token().reveal()));
  }

  private void onMeasurement(Connection connection, Measurement measurement) {
    long now = deps.clock().millis();
    connection.lastDataMillis = now;
    lastMeasurementMillis = now;
    if (!homeFailures.isEmpty()) {
      homeFailures.remove(measurement.homeId());
    }
    deps.metrics().measured(measurement.homeId(), measurement.power(), now);
    if (getContext().getLog().isDebugEnabled()) {
      getContext().getLog().debug("Home {}: {} W at {}", measurement.homeId(), measurement.power(),
          measurement.timestamp());
    }
    lanes.offer(measurement);
  }

  private void onProtocolMessage(Connection connection, TransportMessage message) {
    TransportSession.Reaction reaction = connection.session.receive(message);
    if (reaction instanceof TransportSession.Acknowledged acknowledged) {
      onConnectionAck(connection, acknowledged.subscribes());
    } else if (reaction instanceof TransportSession.Reply reply) {
      send(connection, reply.message());
    } else if (reaction instanceof TransportSession.SubscriptionEnded ended) {
      subscriptionEnded(connection, ended.homeId(), ended.why());
    } else if (reaction instanceof TransportSession.Reported reported) {
      getContext().getLog().warn("Tibber reports for home {}: {}", reported.homeId(),
          deps.token().redact(String.join("; ", reported.errors())));
    } else if (reaction instanceof TransportSession.Malformed malformed) {
      onMalformed(connection, malformed.problem());
    } else if (reaction instanceof TransportSession.Ignored ignored) {
      getContext().getLog().debug("Ignored: {}", ignored.why());
    }
  }

  private void onConnectionAck(Connection connection, List<TransportMessage.Subscribe> subscribes) {
    timers.cancel(Tick.ACK_TIMEOUT);
    long now = deps.clock().millis();
    connection.acknowledgedAtMillis = now;
    connection.lastDataMillis = now;
    tokenRejectionReported = false;
    state = FeedStatus.State.LIVE;
    detail = "connected";
    deps.metrics().feedUp(true);
    getContext().getLog().info("Connection acknowledged; subscribing {} home(s)", subscribes.size());
    subscribes.forEach(subscribe -> sendSubscribe(connection, subscribe));
    Duration checkEvery = settings.timeout().dividedBy(5);
    timers.startTimerWithFixedDelay(Tick.WATCHDOG, Tick.WATCHDOG,
        checkEvery.toMillis() < 10 ? Duration.ofMillis(10) : checkEvery);
  }

  private void sendSubscribe(Connection connection, TransportMessage.Subscribe subscribe) {
    getContext().getLog().info("Subscribing to live measurements of home {} (subscription {})",
        subscribe.variables().path("homeId").asText(), subscribe.id());
    send(connection, subscribe);
  }

  private void subscriptionEnded(Connection connection, String homeId, String what) {
    int failures = homeFailures.merge(homeId, 1, Integer::sum);
    Duration delay = policy.backoff(failures);
    getContext().getLog().warn("Subscription for home {} {}; resubscribing in {}", homeId, what, human(delay));
    timers.startSingleTimer("resubscribe-" + homeId, new Resubscribe(connection, homeId), delay);
  }

  private Behavior<Command> onResubscribe(Resubscribe msg) {
    if (msg.connection() == current && current.session.acknowledged()) {
      sendSubscribe(current, current.session.subscribe(msg.homeId()));
    }
    return this;
  }

  private void onMalformed(Connection connection, String problem) {
    connection.malformedFrames++;
    if (connection.malformedFrames <= LOUD_MALFORMED_FRAMES) {
      getContext().getLog().warn("Skipping a frame from Tibber: {}", deps.token().redact(problem));
    } else {
      getContext().getLog().debug("Skipping a frame from Tibber: {}", deps.token().redact(problem));
    }
  }

  private void send(Connection connection, TransportMessage message) {
    connection.socket.send(codec.encode(message));
  }

  // --- failure and reconnect -------------------------------------------------------------

  private Behavior<Command> onAckTimeout() {
    if (current != null && !current.session.acknowledged()) {
      Connection connection = current;
      drop(connection);
      disconnected(new Disconnect.Failed("no connection_ack within " + human(settings.ackTimeout())));
    }
    return this;
  }

  /** Silence counts only when it is Tibber's: while a subscriber holds the feed back, frames wait for us. */
  private Behavior<Command> onWatchdog() {
    if (current != null && lanes.full()) {
      warnOfSlowSubscriber();
    } else if (current != null && current.session.acknowledged()
        && deps.clock().millis() - current.lastDataMillis >= settings.timeout().toMillis()) {
      Connection connection = current;
      drop(connection);
      disconnected(new Disconnect.Failed("no measurement for " + human(settings.timeout())));
    }
    return this;
  }

  private void warnOfSlowSubscriber() {
    long now = deps.clock().millis();
    if (now - current.lastDataMillis >= settings.timeout().toMillis() && !current.slowSubscriberReported) {
      current.slowSubscriberReported = true;
      getContext().getLog().warn("A subscriber has not taken a measurement for {}; the feed waits for it",
          human(settings.timeout()));
    }
  }

  private void drop(Connection connection) {
    if (current == connection) {
      current = null;
    }
    timers.cancel(Tick.ACK_TIMEOUT);
    timers.cancel(Tick.WATCHDOG);
    connection.session.homeIds().forEach(homeId -> timers.cancel("resubscribe-" + homeId));
    if (connection.session.acknowledged()
        && deps.clock().millis() - connection.acknowledgedAtMillis >= settings.stableAfter().toMillis()) {
      consecutiveFailures = 0;
    }
    connection.inlet.close();
    connection.socket.close();
  }

  private void disconnected(Disconnect reason) {
    if (stoppedReplyTo != null) {
      stopped();
      return;
    }
    consecutiveFailures++;
    Duration delay = policy.delay(reason, consecutiveFailures);
    nextAttemptAt = deps.clock().instant().plus(delay);
    detail = deps.token().redact(reason.detail());
    deps.metrics().feedUp(false);
    deps.metrics().reconnect(reason.kind());
    if (reason instanceof Disconnect.Unauthorized) {
      state = FeedStatus.State.UNAUTHORIZED;
      reportTokenRejection(delay);
    } else if (reason instanceof Disconnect.RateLimited) {
      state = FeedStatus.State.RATE_LIMITED;
      getContext().getLog().warn("Tibber asks us to slow down ({}); reconnecting in {}", detail, human(delay));
    } else {
      state = FeedStatus.State.BACKING_OFF;
      getContext().getLog().info("Feed lost ({}); reconnecting in {}", detail, human(delay));
    }
    timers.startSingleTimer(Tick.CONNECT, Tick.CONNECT, delay);
  }

  private void reportTokenRejection(Duration delay) {
    if (!tokenRejectionReported) {
      tokenRejectionReported = true;
      getContext().getLog().error("Tibber rejected the token ({}). Check TIBBER_TOKEN or the token file;"
          + " trying again every {} until it is accepted", detail, human(delay));
    } else {
      getContext().getLog().debug("Token still rejected; next try in {}", human(delay));
    }
  }

  private Behavior<Command> closeOnStop() {
    if (current != null) {
      current.inlet.close();
      current.socket.close();
      current = null;
    }
    return this;
  }

  // --- stopping ---------------------------------------------------------------------------

  private Behavior<Command> onStop(Stop msg) {
    if (stoppedReplyTo != null) {
      return this;
    }
    stoppedReplyTo = msg.replyTo();
    timers.cancelAll();
    state = FeedStatus.State.CONNECTING;
    detail = "stopping";
    if (current == null) {
      return stopped();
    }
    getContext().getLog().info("Ending the live subscriptions and closing the socket");
    if (current.session.acknowledged()) {
      current.session.completeAll().forEach(complete -> send(current, complete));
    }
    current.socket.close();
    timers.startSingleTimer(Tick.CLOSE_GRACE, Tick.CLOSE_GRACE, CLOSE_GRACE);
    return this;
  }

  /** Says so once; the actor then idles until the actor system ends. */
  private Behavior<Command> stopped() {
    if (!stopReplied) {
      stopReplied = true;
      timers.cancel(Tick.CLOSE_GRACE);
      stoppedReplyTo.tell(Stopped.INSTANCE);
      deps.metrics().feedUp(false);
    }
    return this;
  }

  // --- queries ----------------------------------------------------------------------------

  private Behavior<Command> onGetStatus(GetStatus msg) {
    List<String> homes = current != null ? current.session.subscribedHomes() : List.of();
    Instant last = lastMeasurementMillis < 0 ? null : Instant.ofEpochMilli(lastMeasurementMillis);
    msg.replyTo().tell(new FeedStatus(state, detail, nextAttemptAt, connectAttempts, consecutiveFailures,
        homes, last));
    return this;
  }

  private String describe(Throwable failure) {
    return deps.token().redact(Failures.rootCause(failure));
  }


}
