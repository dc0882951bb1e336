package dev.powerwatch.feed;

import static dev.powerwatch.support.Durations.human;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.PreRestart;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.BehaviorBuilder;
import akka.actor.typed.javadsl.TimerScheduler;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.powerwatch.metrics.Metrics;
import dev.powerwatch.support.Failures;
import dev.powerwatch.support.Secret;
import dev.powerwatch.tibber.FeedEndpoint;
import dev.powerwatch.tibber.Home;
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
 * reconnects with a policy that never hammers Tibber. One behaviour per state: fetching the
 * socket's URL, opening the socket (until {@code connection_ack}), live, backing off, closing on
 * a stop, and stopped. The socket only moves frames ({@link FeedSocket}); the protocol's
 * bookkeeping is {@link TransportSession}'s.
 */
public final class LiveFeed {

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

  /** The socket's inlet has frames waiting: sent once per read from the socket, not per frame. */
  private record FramesWaiting(Connection connection) implements Command {}

  /** A subscriber finished its batch; {@code lane} is its place in the list. */
  private record SubscriberDone(int lane) implements Command {}

  private record Resubscribe(Connection connection, String homeId) implements Command {}

  private static final int LOUD_MALFORMED_FRAMES = 5;
  /** Frames taken from the inlet per message, so status queries and timers get their turn. */
  private static final int MAX_BATCH = 256;

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final FeedSettings settings;
  private final Dependencies deps;
  private final List<String> homeIds;
  private final SubscriberLanes lanes;
  private final TransportCodec codec;
  private final ReconnectPolicy policy;
  private final FeedSocket.Connector connector;
  private final List<InboundFrame> taken = new ArrayList<>(MAX_BATCH);

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

  public static Behavior<Command> create(
      FeedSettings settings, Dependencies deps, List<String> homeIds, List<FeedSubscriber> subscribers) {
    return Behaviors.setup(context -> Behaviors.withTimers(
        timers -> new LiveFeed(context, timers, settings, deps, homeIds, subscribers).connect()));
  }

  private LiveFeed(ActorContext<Command> context, TimerScheduler<Command> timers, FeedSettings settings,
      Dependencies deps, List<String> homeIds, List<FeedSubscriber> subscribers) {
    context.setLoggerName(LiveFeed.class);
    this.context = context;
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
  }

  // --- the states -------------------------------------------------------------------------

  /** Asking Tibber for the socket's URL and which homes have a live meter now. */
  private Behavior<Command> fetchingEndpoint(long thisAttempt) {
    return state(Behaviors.receive(Command.class)
        .onMessage(EndpointFetched.class, msg -> msg.attempt() == thisAttempt, this::onEndpointFetched)
        .onMessage(EndpointFailed.class, msg -> msg.attempt() == thisAttempt, this::onEndpointFailed)
        .onMessage(Stop.class, this::stopNow));
  }

  /** The socket is opening; the server has not acknowledged the connection yet. */
  private Behavior<Command> opening(Connection connection) {
    return state(Behaviors.receive(Command.class)
        .onMessage(FramesWaiting.class, msg -> msg.connection() == connection, msg -> drain(connection))
        .onMessageEquals(Tick.ACK_TIMEOUT, () -> onAckTimeout(connection))
        .onMessage(Stop.class, msg -> close(connection, msg)));
  }

  private Behavior<Command> live(Connection connection) {
    return state(Behaviors.receive(Command.class)
        .onMessage(FramesWaiting.class, msg -> msg.connection() == connection, msg -> drain(connection))
        .onMessageEquals(Tick.WATCHDOG, () -> onWatchdog(connection))
        .onMessage(Resubscribe.class, msg -> msg.connection() == connection, this::onResubscribe)
        .onMessage(Stop.class, msg -> close(connection, msg)));
  }

  private Behavior<Command> backingOff() {
    return state(Behaviors.receive(Command.class)
        .onMessageEquals(Tick.CONNECT, this::connect)
        .onMessage(Stop.class, this::stopNow));
  }

  /** A stop asked for: the subscriptions are completed and the socket closes. */
  private Behavior<Command> closing(Connection connection) {
    return state(Behaviors.receive(Command.class)
        .onMessage(FramesWaiting.class, msg -> msg.connection() == connection, msg -> drain(connection))
        .onMessageEquals(Tick.CLOSE_GRACE, this::stopped));
  }

  /** Says so once; then only answers status queries until the actor system ends. */
  private Behavior<Command> stopped() {
    closeOnStop();
    timers.cancelAll();
    stoppedReplyTo.tell(Stopped.INSTANCE);
    deps.metrics().feedUp(false);
    return Behaviors.receive(Command.class)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onAnyMessage(msg -> Behaviors.same())
        .build();
  }

  /**
   * What every state answers: status queries, subscribers catching up, the socket closed when
   * the actor stops or restarts; and a quiet ignore for what an earlier state left behind (a
   * timer, a late answer, frames of a socket given up).
   */
  private Behavior<Command> state(BehaviorBuilder<Command> builder) {
    return builder
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(SubscriberDone.class, this::onSubscriberDone)
        .onSignal(PreRestart.class, signal -> closeOnStop())
        .onSignal(PostStop.class, signal -> closeOnStop())
        .onAnyMessage(msg -> Behaviors.same())
        .build();
  }

  // --- connecting -------------------------------------------------------------------------

  private Behavior<Command> connect() {
    long thisAttempt = ++attempt;
    connectAttempts++;
    state = FeedStatus.State.CONNECTING;
    detail = "asking Tibber for the socket URL";
    nextAttemptAt = null;
    context.pipeToSelf(deps.api().feedEndpoint(), (endpoint, failure) -> failure == null
        ? new EndpointFetched(thisAttempt, endpoint)
        : new EndpointFailed(thisAttempt, Failures.unwrap(failure)));
    return fetchingEndpoint(thisAttempt);
  }

  private Behavior<Command> onEndpointFetched(EndpointFetched msg) {
    List<String> live = liveHomes(msg.endpoint());
    if (live.isEmpty()) {
      return disconnected(new Disconnect.Failed("none of the homes " + homeIds
          + " has real-time consumption enabled now"));
    }
    return openSocket(msg.endpoint(), live);
  }

  private List<String> liveHomes(FeedEndpoint endpoint) {
    List<String> live = new ArrayList<>();
    for (String id : homeIds) {
      Optional<Home> home = endpoint.homes().stream().filter(h -> h.id().equals(id)).findFirst();
      if (home.isEmpty()) {
        context.getLog().warn("Home {} is no longer on the Tibber account; not subscribing it", id);
      } else if (!home.get().realTimeConsumptionEnabled()) {
        context.getLog().warn("Home {} has real-time consumption disabled now; not subscribing it", id);
      } else {
        live.add(id);
      }
    }
    return live;
  }

  private Behavior<Command> onEndpointFailed(EndpointFailed msg) {
    Throwable cause = msg.cause();
    return disconnected(cause instanceof TibberApiException api
        ? Disconnect.fromApi(api)
        : new Disconnect.Failed(describe(cause)));
  }

  private Behavior<Command> openSocket(FeedEndpoint endpoint, List<String> homes) {
    Connection connection = new Connection(++connectionNumber, homes, codec);
    current = connection;
    detail = "connecting to " + endpoint.websocketUrl();
    context.getLog().info("Connecting to {} for {} home(s)", endpoint.websocketUrl(), homes.size());
    ActorRef<Command> self = context.getSelf();
    connection.inlet = new FrameInlet(connection, () -> self.tell(new FramesWaiting(connection)));
    connection.socket = connector.connect(URI.create(endpoint.websocketUrl().toString()),
        deps.api().userAgent().value(), connection.inlet);
    timers.startSingleTimer(Tick.ACK_TIMEOUT, Tick.ACK_TIMEOUT, settings.ackTimeout());
    return opening(connection);
  }

  // --- frames -----------------------------------------------------------------------------

  private Behavior<Command> onSubscriberDone(SubscriberDone msg) {
    lanes.done(msg.lane());
    lanes.flush();
    return current == null ? Behaviors.same() : drain(current);
  }

  /**
   * Takes up to a batch of frames from the inlet; returns the state they lead to. While a
   * subscriber is too far behind it takes none and leaves the inlet unarmed: the socket's thread
   * then fills the inlet and waits. A batch taken is handled whole, so a lane may pass its limit
   * by up to one batch.
   */
  private Behavior<Command> drain(Connection connection) {
    if (lanes.full()) {
      return Behaviors.same();
    }
    Behavior<Command> next = Behaviors.same();
    connection.inlet.rearm();
    taken.clear();
    connection.inlet.drainTo(taken, MAX_BATCH);
    for (int i = 0; i < taken.size() && connection == current; i++) {
      Behavior<Command> after = onFrame(connection, taken.get(i));
      next = after == Behaviors.<Command>same() ? next : after;
    }
    lanes.flush();
    if (connection == current && !lanes.full()) {
      connection.inlet.signalIfWaiting();
    }
    return next;
  }

  private Behavior<Command> onFrame(Connection connection, InboundFrame frame) {
    if (frame instanceof InboundFrame.Data data) {
      onMeasurement(connection, data.measurement());
    } else if (frame instanceof InboundFrame.Protocol protocol) {
      return onProtocolMessage(connection, protocol.message());
    } else if (frame instanceof InboundFrame.Malformed malformed) {
      onMalformed(connection, malformed.problem());
    } else if (frame instanceof InboundFrame.Opened) {
      onOpened(connection);
    } else if (frame instanceof InboundFrame.Ended ended) {
      drop(connection);
      return disconnected(ended.reason());
    }
    return Behaviors.same();
  }

  private void onOpened(Connection connection) {
    context.getLog().debug("Socket {} upgraded; waiting for connection_ack", connection.number);
    send(connection, TransportSession.init(deps.token().reveal()));
  }

  private void onMeasurement(Connection connection, Measurement measurement) {
    long now = deps.clock().millis();
    connection.lastDataNanos = System.nanoTime();
    lastMeasurementMillis = now;
    if (!homeFailures.isEmpty()) {
      homeFailures.remove(measurement.homeId());
    }
    deps.metrics().measured(measurement.homeId(), measurement.power(), now);
    if (context.getLog().isDebugEnabled()) {
      context.getLog().debug("Home {}: {} W at {}", measurement.homeId(), measurement.power(),
          measurement.timestamp());
    }
    lanes.offer(measurement);
  }

  private Behavior<Command> onProtocolMessage(Connection connection, TransportMessage message) {
    TransportSession.Reaction reaction = connection.session.receive(message);
    if (reaction instanceof TransportSession.Acknowledged acknowledged) {
      return onConnectionAck(connection, acknowledged.subscribes());
    } else if (reaction instanceof TransportSession.Reply reply) {
      send(connection, reply.message());
    } else if (reaction instanceof TransportSession.SubscriptionEnded ended) {
      subscriptionEnded(connection, ended.homeId(), ended.why());
    } else if (reaction instanceof TransportSession.Reported reported) {
      context.getLog().warn("Tibber reports for home {}: {}", reported.homeId(),
          deps.token().redact(String.join("; ", reported.errors())));
    } else if (reaction instanceof TransportSession.Malformed malformed) {
      onMalformed(connection, malformed.problem());
    } else if (reaction instanceof TransportSession.Ignored ignored) {
      context.getLog().debug("Ignored: {}", ignored.why());
    }
    return Behaviors.same();
  }

  private Behavior<Command> onConnectionAck(Connection connection, List<TransportMessage.Subscribe> subscribes) {
    if (stoppedReplyTo != null) {
      return Behaviors.same();
    }
    timers.cancel(Tick.ACK_TIMEOUT);
    connection.acknowledgedAtNanos = System.nanoTime();
    connection.lastDataNanos = connection.acknowledgedAtNanos;
    tokenRejectionReported = false;
    state = FeedStatus.State.LIVE;
    detail = "connected";
    deps.metrics().feedUp(true);
    context.getLog().info("Connection acknowledged; subscribing {} home(s)", subscribes.size());
    subscribes.forEach(subscribe -> sendSubscribe(connection, subscribe));
    Duration checkEvery = settings.timeout().dividedBy(5);
    timers.startTimerWithFixedDelay(Tick.WATCHDOG, Tick.WATCHDOG,
        checkEvery.toMillis() < 10 ? Duration.ofMillis(10) : checkEvery);
    return live(connection);
  }

  private void sendSubscribe(Connection connection, TransportMessage.Subscribe subscribe) {
    context.getLog().info("Subscribing to live measurements of home {} (subscription {})",
        subscribe.variables().path("homeId").asText(), subscribe.id());
    send(connection, subscribe);
  }

  private void subscriptionEnded(Connection connection, String homeId, String what) {
    int failures = homeFailures.merge(homeId, 1, Integer::sum);
    Duration delay = policy.backoff(failures);
    context.getLog().warn("Subscription for home {} {}; resubscribing in {}", homeId, what, human(delay));
    timers.startSingleTimer("resubscribe-" + homeId, new Resubscribe(connection, homeId), delay);
  }

  private Behavior<Command> onResubscribe(Resubscribe msg) {
    sendSubscribe(msg.connection(), msg.connection().session.subscribe(msg.homeId()));
    return Behaviors.same();
  }

  private void onMalformed(Connection connection, String problem) {
    connection.malformedFrames++;
    if (connection.malformedFrames <= LOUD_MALFORMED_FRAMES) {
      context.getLog().warn("Skipping a frame from Tibber: {}", deps.token().redact(problem));
    } else {
      context.getLog().debug("Skipping a frame from Tibber: {}", deps.token().redact(problem));
    }
  }

  private void send(Connection connection, TransportMessage message) {
    connection.socket.send(codec.encode(message));
  }

  // --- failure and reconnect -------------------------------------------------------------

  private Behavior<Command> onAckTimeout(Connection connection) {
    drop(connection);
    return disconnected(new Disconnect.Failed("no connection_ack within " + human(settings.ackTimeout())));
  }

  /**
   * Silence counts only when it is Tibber's: while a subscriber holds the feed back, frames wait for
   * us. It is measured on the monotonic clock, which a step of the wall clock cannot cut short.
   */
  private Behavior<Command> onWatchdog(Connection connection) {
    boolean silent = System.nanoTime() - connection.lastDataNanos >= settings.timeout().toNanos();
    if (silent && lanes.full()) {
      warnOfSlowSubscriber(connection);
    } else if (silent) {
      drop(connection);
      return disconnected(new Disconnect.Failed("no measurement for " + human(settings.timeout())));
    }
    return Behaviors.same();
  }

  private void warnOfSlowSubscriber(Connection connection) {
    if (!connection.slowSubscriberReported) {
      connection.slowSubscriberReported = true;
      context.getLog().warn("A subscriber has not taken a measurement for {}; the feed waits for it",
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
        && System.nanoTime() - connection.acknowledgedAtNanos >= settings.stableAfter().toNanos()) {
      consecutiveFailures = 0;
    }
    connection.giveUp();
  }

  private Behavior<Command> disconnected(Disconnect reason) {
    if (stoppedReplyTo != null) {
      return stopped();
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
      context.getLog().warn("Tibber asks us to slow down ({}); reconnecting in {}", detail, human(delay));
    } else {
      state = FeedStatus.State.BACKING_OFF;
      context.getLog().info("Feed lost ({}); reconnecting in {}", detail, human(delay));
    }
    timers.startSingleTimer(Tick.CONNECT, Tick.CONNECT, delay);
    return backingOff();
  }

  private void reportTokenRejection(Duration delay) {
    if (!tokenRejectionReported) {
      tokenRejectionReported = true;
      context.getLog().error("Tibber rejected the token ({}). Check TIBBER_TOKEN or the token file;"
          + " trying again every {} until it is accepted", detail, human(delay));
    } else {
      context.getLog().debug("Token still rejected; next try in {}", human(delay));
    }
  }

  private Behavior<Command> closeOnStop() {
    if (current != null) {
      current.giveUp();
      current = null;
    }
    return Behaviors.same();
  }

  // --- stopping ---------------------------------------------------------------------------

  private Behavior<Command> stopNow(Stop msg) {
    stoppedReplyTo = msg.replyTo();
    state = FeedStatus.State.CONNECTING;
    detail = "stopping";
    return stopped();
  }

  private Behavior<Command> close(Connection connection, Stop msg) {
    stoppedReplyTo = msg.replyTo();
    timers.cancelAll();
    state = FeedStatus.State.CONNECTING;
    detail = "stopping";
    context.getLog().info("Ending the live subscriptions and closing the socket");
    if (connection.session.acknowledged()) {
      connection.session.completeAll().forEach(complete -> send(connection, complete));
    }
    connection.socket.close();
    timers.startSingleTimer(Tick.CLOSE_GRACE, Tick.CLOSE_GRACE, CLOSE_GRACE);
    return closing(connection);
  }

  // --- queries ----------------------------------------------------------------------------

  private Behavior<Command> onGetStatus(GetStatus msg) {
    List<String> homes = current != null ? current.session.subscribedHomes() : List.of();
    Instant last = lastMeasurementMillis < 0 ? null : Instant.ofEpochMilli(lastMeasurementMillis);
    msg.replyTo().tell(new FeedStatus(state, detail, nextAttemptAt, connectAttempts, consecutiveFailures,
        homes, last));
    return Behaviors.same();
  }

  private String describe(Throwable failure) {
    return deps.token().redact(Failures.rootCause(failure));
  }
}
