package dev.powerwatch.mqtt;

import dev.powerwatch.broker.MqttSettings;
import dev.powerwatch.broker.BrokerAccess;
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
import dev.powerwatch.debounce.SilenceDesk;
import dev.powerwatch.debounce.Silence;
import dev.powerwatch.debounce.Silences;
import dev.powerwatch.metrics.Metrics;
import dev.powerwatch.rules.RuleSpec;
import dev.powerwatch.status.BrokerStatus;
import dev.powerwatch.status.Snapshot;
import dev.powerwatch.support.Backoff;
import dev.powerwatch.support.Durations;
import dev.powerwatch.tibber.Home;
import dev.powerwatch.tibber.Measurement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Publishes the daemon to an MQTT broker for Home Assistant and Node-RED: availability, each
 * home's states every publish interval (a retained state only when it changed), Home Assistant's
 * discovery, and the mute buttons, which make silences. It listens to the flow and never slows
 * it: messages wait in a bounded queue that drops the oldest, and a broker that is away gets a
 * reconnect with backoff and one WARN.
 */
public final class MqttBridge extends AbstractBehavior<MqttBridge.Command> {
  static final Duration MUTE_FOR = Duration.ofHours(1);

  public sealed interface Command {}

  /** Measurements from the feed; {@code done} once counted. */
  public record Measured(List<Measurement> batch, Runnable done) implements Command {}

  public record GetStatus(ActorRef<BrokerStatus> replyTo) implements Command {}

  private enum Tick implements Command { INSTANCE }

  private enum Reconnect implements Command { INSTANCE }

  private enum Connected implements Command { INSTANCE }

  private record ConnectFailed(Throwable cause) implements Command {}

  private record Lost(Throwable cause) implements Command {}

  private record Arrived(String topic, String payload) implements Command {}

  private enum Published implements Command { INSTANCE }

  private record Status(Snapshot snapshot) implements Command {}

  private record StatusFailed(Throwable cause) implements Command {}

  private record Muted(String homeId, Silences.Outcome outcome) implements Command {}

  private record Unmuted(String homeId, Throwable failure) implements Command {}

  /** What the bridge publishes about and whom it asks. */
  public record Parts(List<Home> homes, List<RuleSpec> rules, Supplier<CompletionStage<Snapshot>> status,
      SilenceDesk silences) {}

  private record Outgoing(String topic, String payload, boolean retained) {}

  private record Configs(Optional<String> currency, Map<String, String> messages) {}

  private final MqttSettings settings;
  private final Parts parts;
  private final Topics topics;
  private final Discovery discovery;
  private final HomeStates states;
  private final DiscoveryMemory memory;
  private final Metrics metrics;
  private final Clock clock;
  private final Backoff backoff;
  private final TimerScheduler<Command> timers;
  private final PowerAverage power = new PowerAverage();
  private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
  /** The last payload queued per retained topic: a state goes out again only when it changes. */
  private final Map<String, String> retained = new LinkedHashMap<>();
  private final Map<String, Home> homesByLevel = new LinkedHashMap<>();
  private final Map<String, List<RuleSpec>> rulesByHome = new LinkedHashMap<>();
  /** Each home's discovery configs, made again only when the currency they name changes. */
  private final Map<String, Configs> configsByHome = new LinkedHashMap<>();
  /** The configs changed, or the broker was reconnected, since removed entities were last emptied. */
  private boolean configsToCompare = true;
  private BrokerLink link;
  private boolean connected;
  private int inFlight;
  private int failures;
  private long dropped;
  private String detail = "connecting";

  public static Behavior<Command> create(MqttSettings settings, Parts parts, DiscoveryMemory memory, String version,
      ObjectMapper mapper, Metrics metrics, Clock clock, RandomGenerator random) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> new MqttBridge(context, timers, settings, parts,
        memory, version, mapper, metrics, clock, random)));
  }

  private MqttBridge(ActorContext<Command> context, TimerScheduler<Command> timers, MqttSettings settings, Parts parts,
      DiscoveryMemory memory, String version, ObjectMapper mapper, Metrics metrics,
      Clock clock, RandomGenerator random) {
    super(context);
    context.setLoggerName(MqttBridge.class);
    this.timers = timers;
    this.settings = settings;
    this.parts = parts;
    this.topics = new Topics(settings);
    this.discovery = new Discovery(topics, mapper, version);
    this.states = new HomeStates(topics, mapper);
    this.memory = memory;
    this.metrics = metrics;
    this.clock = clock;
    this.backoff = new Backoff(settings.reconnectMin(), settings.reconnectMax(), random);
    for (Home home : parts.homes()) {
      homesByLevel.put(Topics.level(home.id()), home);
      rulesByHome.put(home.id(), parts.rules().stream()
          .filter(r -> r.homes().isEmpty() || r.homes().contains(home.id())).toList());
    }
    metrics.mqttConnected(false);
    timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.publishInterval());
    connect();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Measured.class, this::onMeasured)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessage(Status.class, this::onStatus)
        .onMessage(StatusFailed.class, this::onStatusFailed)
        .onMessageEquals(Connected.INSTANCE, this::onConnected)
        .onMessage(ConnectFailed.class, msg -> onTrouble(msg.cause()))
        .onMessage(Lost.class, msg -> onTrouble(msg.cause()))
        .onMessageEquals(Reconnect.INSTANCE, this::onReconnect)
        .onMessageEquals(Published.INSTANCE, this::onPublished)
        .onMessage(Arrived.class, this::onArrived)
        .onMessage(Muted.class, this::onMuted)
        .onMessage(Unmuted.class, this::onUnmuted)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onSignal(PostStop.class, signal -> onStop())
        .onSignal(PreRestart.class, signal -> onStop())
        .build();
  }

  // --- the connection ---------------------------------------------------------------------

  private void connect() {
    ActorRef<Command> self = getContext().getSelf();
    try {
      link = new BrokerLink(settings, new BrokerLink.Listener() {
        @Override
        public void connected() {
          self.tell(Connected.INSTANCE);
        }

        @Override
        public void connectFailed(Throwable cause) {
          self.tell(new ConnectFailed(cause));
        }

        @Override
        public void lost(Throwable cause) {
          self.tell(new Lost(cause));
        }

        @Override
        public void arrived(String topic, String payload) {
          self.tell(new Arrived(topic, payload));
        }

        @Override
        public void published() {
          self.tell(Published.INSTANCE);
        }
      });
      link.connect();
    } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
      self.tell(new ConnectFailed(e));
    }
  }

  private Behavior<Command> onConnected() {
    if (failures > 0) {
      getContext().getLog().info("MQTT broker {} is reachable again; publishing the states", url());
    } else {
      getContext().getLog().info("Connected to the MQTT broker {} as {}", url(), settings.clientId());
    }
    connected = true;
    failures = 0;
    inFlight = 0;
    detail = "connected";
    metrics.mqttConnected(true);
    link.subscribe(topics.commands(), this::subscribeFailed);
    link.subscribe(topics.homeAssistantStatus(), this::subscribeFailed);
    republishEverything();
    return this;
  }

  private void subscribeFailed(Throwable cause) {
    getContext().getLog().warn("MQTT: cannot subscribe to the buttons' topics ({})", BrokerAccess.reason(cause));
  }

  private Behavior<Command> onTrouble(Throwable cause) {
    boolean wasConnected = connected;
    connected = false;
    metrics.mqttConnected(false);
    failures++;
    Duration wait = backoff.delay(failures);
    detail = BrokerAccess.reason(cause) + "; next try in " + Durations.human(wait);
    if (failures == 1) {
      getContext().getLog().warn("MQTT broker {}: {}; trying again with backoff (alerts still go out by their"
          + " channels)", url(), BrokerAccess.reason(cause) + (wasConnected ? " after it was connected" : ""));
    } else {
      getContext().getLog().debug("MQTT broker {} still unreachable: {}", url(), detail);
    }
    link.close();
    timers.startSingleTimer(Reconnect.INSTANCE, wait);
    return this;
  }

  private Behavior<Command> onReconnect() {
    if (!connected) {
      connect();
    }
    return this;
  }

  private String url() {
    return settings.url().map(Object::toString).orElse("-");
  }

  // --- publishing -------------------------------------------------------------------------

  private Behavior<Command> onMeasured(Measured msg) {
    try {
      msg.batch().forEach(m -> power.add(m.homeId(), m.power()));
    } finally {
      msg.done().run();
    }
    return this;
  }

  private Behavior<Command> onTick() {
    askStatus();
    return this;
  }

  private void askStatus() {
    getContext().pipeToSelf(parts.status().get(), (snapshot, failure) -> snapshot == null
        ? new StatusFailed(failure) : new Status(snapshot));
  }

  private Behavior<Command> onStatus(Status msg) {
    for (Home home : parts.homes()) {
      if (settings.discovery()) {
        Optional.ofNullable(msg.snapshot().latest().get(home.id())).map(Measurement::currency)
            .ifPresent(currency -> memory.currency(home.id(), currency));
        configs(home).messages().forEach(this::retain);
      }
      states.of(home, rulesByHome.get(home.id()), msg.snapshot(), power.take(home.id()), clock.instant())
          .forEach(this::retain);
    }
    if (settings.discovery() && connected && configsToCompare) {
      forgetRemovedEntities();
      configsToCompare = false;
    }
    drain();
    return this;
  }

  private Configs configs(Home home) {
    Optional<String> currency = memory.currency(home.id());
    Configs known = configsByHome.get(home.id());
    if (known == null || !known.currency().equals(currency)) {
      known = new Configs(currency, discovery.configs(home, discovery.entities(home, rulesByHome.get(home.id()),
          currency)));
      configsByHome.put(home.id(), known);
      configsToCompare = true;
    }
    return known;
  }

  /** The next tick asks again; the states stay as they were published. */
  private Behavior<Command> onStatusFailed(StatusFailed msg) {
    getContext().getLog().debug("MQTT: the daemon's status did not come ({})", String.valueOf(msg.cause()));
    return this;
  }

  /** Entities of homes or rules no longer configured get an empty config, which removes them. */
  private void forgetRemovedEntities() {
    List<String> current = configsByHome.values().stream().flatMap(c -> c.messages().keySet().stream()).toList();
    for (String gone : memory.changedTo(current)) {
      enqueue(new Outgoing(gone, "", true));
    }
  }

  /** Queues a retained message unless the broker already has this payload from us. */
  private void retain(String topic, String payload) {
    if (!payload.equals(retained.put(topic, payload))) {
      enqueue(new Outgoing(topic, payload, true));
    }
  }

  /** After a (re)connect: availability first, then every state and config again, fresh from the status. */
  private void republishEverything() {
    retained.clear();
    configsToCompare = true;
    queue.addFirst(new Outgoing(topics.availability(), Topics.ONLINE, true));
    askStatus();
    drain();
  }

  private void enqueue(Outgoing message) {
    if (queue.size() >= settings.buffer()) {
      queue.removeFirst();
      dropped++;
      metrics.mqttDropped();
    }
    queue.addLast(message);
  }

  private void drain() {
    while (connected && inFlight < BrokerLink.MAX_IN_FLIGHT && !queue.isEmpty()) {
      Outgoing next = queue.peekFirst();
      if (!link.publish(next.topic(), next.payload(), next.retained(), settings.qos())) {
        return;
      }
      queue.removeFirst();
      inFlight++;
    }
  }

  private Behavior<Command> onPublished() {
    inFlight = Math.max(0, inFlight - 1);
    drain();
    return this;
  }

  // --- buttons and Home Assistant ---------------------------------------------------------

  private Behavior<Command> onArrived(Arrived msg) {
    if (msg.topic().equals(topics.homeAssistantStatus())) {
      if (msg.payload().strip().equals(Topics.ONLINE)) {
        getContext().getLog().info("Home Assistant is online: publishing discovery and states again");
        retained.clear();
        askStatus();
      }
      return this;
    }
    String[] homeAndButton = topics.homeAndButton(msg.topic());
    Home home = homeAndButton == null ? null : homesByLevel.get(homeAndButton[0]);
    if (home == null) {
      getContext().getLog().warn("MQTT: ignoring {} (no home of this daemon)", msg.topic());
      return this;
    }
    switch (homeAndButton[1]) {
      case Topics.MUTE -> mute(home);
      case Topics.UNMUTE -> getContext().pipeToSelf(parts.silences().endAllOf(home.id()),
          (ended, failure) -> new Unmuted(home.id(), failure));
      default -> getContext().getLog().warn("MQTT: ignoring {} (no such button)", msg.topic());
    }
    return this;
  }

  private void mute(Home home) {
    Silence.Request request = new Silence.Request(home.id(), null, null, null, MUTE_FOR, "mqtt",
        "muted from Home Assistant or Node-RED");
    getContext().pipeToSelf(parts.silences().add(request), (outcome, failure) -> new Muted(home.id(),
        outcome == null ? new Silences.Outcome.Refused(String.valueOf(failure)) : outcome));
  }

  private Behavior<Command> onUnmuted(Unmuted msg) {
    if (msg.failure() != null) {
      getContext().getLog().warn("MQTT: cannot unmute home {}: {}", msg.homeId(), msg.failure().toString());
    }
    askStatus();
    return this;
  }

  private Behavior<Command> onMuted(Muted msg) {
    if (msg.outcome() instanceof Silences.Outcome.Refused refused) {
      getContext().getLog().warn("MQTT: cannot mute home {}: {}", msg.homeId(), refused.reason());
    }
    askStatus();
    return this;
  }

  private Behavior<Command> onGetStatus(GetStatus msg) {
    msg.replyTo().tell(new BrokerStatus(url(), connected, detail, dropped));
    return this;
  }

  private Behavior<Command> onStop() {
    if (link != null) {
      link.close();
    }
    return this;
  }
}
