package dev.powerwatch.cluster;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.BackoffSupervisorStrategy;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.Effect;
import akka.persistence.typed.javadsl.EffectBuilder;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import akka.persistence.typed.javadsl.RetentionCriteria;
import akka.persistence.typed.javadsl.SignalHandler;
import dev.powerwatch.debounce.AlertChange;
import dev.powerwatch.debounce.AlertRecord;
import dev.powerwatch.debounce.NoticePolicy;
import dev.powerwatch.debounce.Silence;
import dev.powerwatch.metrics.ClusterMetrics;
import dev.powerwatch.notify.Notification;
import dev.powerwatch.notify.Notifier;
import dev.powerwatch.rules.HomeMonitor;
import dev.powerwatch.rules.Rule;
import dev.powerwatch.rules.RuleContext;
import dev.powerwatch.support.SteadyTime;
import dev.powerwatch.tibber.Home;
import dev.powerwatch.tibber.Measurement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.event.Level;

/**
 * One home on a cluster: its rules (a {@link HomeMonitor} child, as in the single process), its
 * debounce state and its outbox, kept in the journal. A notice is persisted before it goes to the
 * node's Notifier, and each channel's settlement after; whoever hosts the home next delivers
 * what is still queued to the channels that have not settled it, and a cooldown that started on
 * another node holds here too.
 */
public final class HomeEntity extends EventSourcedBehavior<HomeEntity.Command, HomeEvent, HomeLedger> {

  public static final EntityTypeKey<Command> TYPE = EntityTypeKey.create(Command.class, "home");

  public sealed interface Command extends CborSerializable
      permits Observe, GetAlerts, AddSilence, EndSilence, HandOver, Alerted, WrappedSettled, Tick, HandOverDue {}

  /** A batch of this home's measurements, in order; {@code replyTo} hears once the rules have seen them. */
  public record Observe(List<Measurement> batch, ActorRef<Done> replyTo) implements Command {}

  public record GetAlerts(ActorRef<Alerts> replyTo) implements Command {}

  /** A silence made and checked by the node that took the request; {@code replyTo} hears once it is written. */
  public record AddSilence(Silence silence, Instant at, ActorRef<Done> replyTo) implements Command {}

  /** Ends the silence if this home has it; the answer names it as it ended, or none. */
  public record EndSilence(String silenceId, Instant at, ActorRef<Ended> replyTo) implements Command {}

  /** @param silence the silence as it ended, or {@code null} when this home has none by that id */
  public record Ended(Silence silence) implements CborSerializable {}

  /**
   * @param host the address of the node that hosts the home now
   * @param alerts by rule name
   * @param undelivered the notices some channel has not settled yet: by notice id, those channels
   * @param silences this home's and every home's, in force or still to come
   */
  public record Alerts(String homeId, String host, Map<String, AlertRecord> alerts,
      Map<String, List<String>> undelivered, List<Silence> silences) implements CborSerializable {
    public Alerts {
      silences = silences == null ? List.of() : List.copyOf(silences);
    }
  }

  /** @param from the relay of the rules child that decided it */
  private record Alerted(AlertChange change, ActorRef<AlertChange> from) implements Command {}

  private record WrappedSettled(Notifier.Settled settled) implements Command {}

  private enum Tick implements Command { INSTANCE }

  /**
   * Sharding's stop when the home moves (a node leaving, a rebalance): the notices in flight
   * settle first, for at most {@link #HAND_OVER_GRACE}, so that the next host does not send a
   * notice again that a channel has just accepted.
   */
  public enum HandOver implements Command { INSTANCE }

  private enum HandOverDue implements Command { INSTANCE }

  static final Duration HAND_OVER_GRACE = Duration.ofSeconds(5);

  /** What every home of a node shares. */
  public record Parts(List<Rule> rules, RuleContext ruleContext, Map<String, NoticePolicy> policies,
      List<String> channels, ActorRef<Notifier.Command> notifier, Clock clock, Duration tick, ClusterMetrics metrics) {}

  /** Events between snapshots; two snapshots are kept and the events before them deleted. */
  static final int SNAPSHOT_EVERY = 50;

  /**
   * A failed journal write or read (a full disk, a database away) starts the home again from what the
   * journal holds, after a pause that grows while it keeps failing; what comes meanwhile waits.
   */
  static final BackoffSupervisorStrategy ON_JOURNAL_FAILURE = SupervisorStrategy
      .restartWithBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), 0.2).withLogLevel(Level.WARN);

  private final ActorContext<Command> context;
  private final Home home;
  private final Parts parts;
  private final TimerScheduler<Command> timers;
  private HomeDecisions decisions;
  private ActorRef<Notifier.Settled> settled;
  private ActorRef<HomeMonitor.Command> monitor;
  private ActorRef<AlertChange> rulesRelay;
  private int starts;
  private boolean handingOver;

  public static Behavior<Command> create(Home home, Parts parts) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> new HomeEntity(context, timers, home, parts)));
  }

  private HomeEntity(ActorContext<Command> context, TimerScheduler<Command> timers, Home home, Parts parts) {
    super(PersistenceId.of(TYPE.name(), home.id()), ON_JOURNAL_FAILURE);
    context.setLoggerName(HomeEntity.class);
    this.context = context;
    this.timers = timers;
    this.home = home;
    this.parts = parts;
    parts.metrics().entityStarted(TYPE.name());
  }

  /**
   * The rules and the decisions, new at each recovery: a restart after a journal failure has stopped
   * the children and the timers, and what they held may be ahead of what the journal kept. The
   * rules' changes come through a relay of their own, so that a change the old rules decided, still
   * queued when the home started again, is told from the new rules' and dropped.
   */
  private void startRules() {
    decisions = new HomeDecisions(home.id(), home.zone(), parts.policies(), parts.channels(),
        SteadyTime.of(parts.clock()));
    settled = context.messageAdapter(Notifier.Settled.class, WrappedSettled::new);
    rulesRelay = context.spawn(relay(context.getSelf()), "alerts-" + ++starts);
    monitor = context.spawn(Behaviors.supervise(HomeMonitor.create(home, parts.rules(), parts.ruleContext(),
        rulesRelay, parts.clock(), parts.tick())).onFailure(SupervisorStrategy.restart()), "rules-" + starts);
    timers.startTimerWithFixedDelay(Tick.INSTANCE, parts.tick());
  }

  private static Behavior<AlertChange> relay(ActorRef<Command> home) {
    return Behaviors.setup(relay -> Behaviors.receiveMessage(change -> {
      home.tell(new Alerted(change, relay.getSelf()));
      return Behaviors.same();
    }));
  }

  @Override
  public HomeLedger emptyState() {
    return HomeLedger.empty();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 2).withDeleteEventsOnSnapshot();
  }

  @Override
  public CommandHandler<Command, HomeEvent, HomeLedger> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Observe.class, this::onObserve)
        .onCommand(Alerted.class, this::onAlerted)
        .onCommand(Tick.class, this::onTick)
        .onCommand(WrappedSettled.class, this::onSettled)
        .onCommand(GetAlerts.class, this::onGetAlerts)
        .onCommand(AddSilence.class, this::onAddSilence)
        .onCommand(EndSilence.class, this::onEndSilence)
        .onCommand(HandOver.class, this::onHandOver)
        .onCommand(HandOverDue.class, this::onHandOverDue)
        .build();
  }

  @Override
  public EventHandler<HomeLedger, HomeEvent> eventHandler() {
    return (ledger, event) -> ledger.apply(event);
  }

  @Override
  public SignalHandler<HomeLedger> signalHandler() {
    return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), this::onRecovered).build();
  }

  /**
   * The monitor learns which alerts fire (their hysteresis holds across the move); what an earlier
   * host queued and no channel has settled yet goes out again, to those channels only.
   */
  private void onRecovered(HomeLedger ledger) {
    startRules();
    decisions.onRecovered(ledger);
    monitor.tell(HomeMonitor.Restored.of(home.id(), ledger.alertsOf(home.id())));
    if (!ledger.outbox().isEmpty()) {
      context.getLog().info("Home {}: delivering {} notice(s) queued before it moved here", home.id(),
          ledger.outbox().size());
    }
    ledger.outbox().values().forEach(queued -> deliver(queued.notification(), queued.pending()));
  }

  private Effect<HomeEvent, HomeLedger> onObserve(Observe msg) {
    monitor.tell(new HomeMonitor.Observe(msg.batch(), () -> msg.replyTo().tell(Done.done())));
    return Effect().none();
  }

  private Effect<HomeEvent, HomeLedger> onAlerted(HomeLedger ledger, Alerted msg) {
    if (!msg.from().equals(rulesRelay)) {
      context.getLog().debug("Home {}: dropping {}, decided before the home started again", home.id(), msg.change());
      return Effect().none();
    }
    return persistAndDeliver(decisions.onChange(ledger, msg.change(), parts.clock().instant()));
  }

  private Effect<HomeEvent, HomeLedger> onTick(HomeLedger ledger, Tick tick) {
    return persistAndDeliver(decisions.onTick(ledger, parts.clock().instant()));
  }

  private Effect<HomeEvent, HomeLedger> persistAndDeliver(List<HomeEvent> events) {
    if (events.isEmpty()) {
      return Effect().none();
    }
    List<HomeEvent.NoticeQueued> queued = events.stream()
        .filter(HomeEvent.NoticeQueued.class::isInstance).map(HomeEvent.NoticeQueued.class::cast).toList();
    return persistTimed(events).thenRun(ledger -> queued.forEach(q -> {
      Notification n = q.notification();
      context.getLog().info("Notify {}", n.summary());
      deliver(n, q.channels());
    }));
  }

  private void deliver(Notification notification, List<String> channels) {
    parts.notifier().tell(new Notifier.Deliver(notification.forChannels(channels), settled));
  }

  private Effect<HomeEvent, HomeLedger> onSettled(HomeLedger ledger, WrappedSettled msg) {
    Notifier.Settled s = msg.settled();
    HomeLedger.Queued queued = ledger.outbox().get(s.id());
    if (queued == null || !queued.pending().contains(s.channel())) {
      return Effect().none();
    }
    HomeEvent.ChannelSettled event = new HomeEvent.ChannelSettled(s.id(), s.channel(), s.outcome());
    EffectBuilder<HomeEvent, HomeLedger> persisted = persistTimed(List.of(event));
    return handingOver && ledger.apply(event).outbox().isEmpty() ? persisted.thenStop() : persisted;
  }

  /** What has not settled in time goes from the next host; this node's Notifier stops trying it. */
  private Effect<HomeEvent, HomeLedger> onHandOverDue(HomeLedger ledger, HandOverDue msg) {
    ledger.outbox().keySet().forEach(id -> parts.notifier().tell(new Notifier.Forget(id)));
    return Effect().stop();
  }

  private Effect<HomeEvent, HomeLedger> onHandOver(HomeLedger ledger, HandOver msg) {
    parts.metrics().handedOver(TYPE.name());
    if (ledger.outbox().isEmpty()) {
      return Effect().stop();
    }
    context.getLog().info("Home {} moves once its {} notice(s) in flight settle (at most {} s)", home.id(),
        ledger.outbox().size(), HAND_OVER_GRACE.toSeconds());
    handingOver = true;
    timers.startSingleTimer(HandOverDue.INSTANCE, HAND_OVER_GRACE);
    return Effect().none();
  }

  /** Persists the events, and the journal's write time goes to /metrics. */
  private EffectBuilder<HomeEvent, HomeLedger> persistTimed(List<HomeEvent> events) {
    long asked = System.nanoTime();
    return Effect().persist(events).thenRun(ledger -> parts.metrics().journalWrite(System.nanoTime() - asked));
  }

  private Effect<HomeEvent, HomeLedger> onGetAlerts(HomeLedger ledger, GetAlerts msg) {
    Map<String, List<String>> undelivered = new LinkedHashMap<>();
    ledger.outbox().forEach((id, queued) -> undelivered.put(id, queued.pending()));
    msg.replyTo().tell(new Alerts(home.id(), context.getSystem().address().toString(), ledger.alerts(), undelivered,
        ledger.silencesAt(parts.clock().instant())));
    return Effect().none();
  }

  private Effect<HomeEvent, HomeLedger> onAddSilence(HomeLedger ledger, AddSilence msg) {
    if (msg.silence().equals(ledger.silences().get(msg.silence().id()))) {
      msg.replyTo().tell(Done.done());
      return Effect().none();
    }
    return persistTimed(List.of(new HomeEvent.SilenceAdded(msg.silence(), msg.at())))
        .thenRun(after -> msg.replyTo().tell(Done.done()));
  }

  private Effect<HomeEvent, HomeLedger> onEndSilence(HomeLedger ledger, EndSilence msg) {
    Silence silence = ledger.silences().get(msg.silenceId());
    if (silence == null || !msg.at().isBefore(silence.endsAt())) {
      msg.replyTo().tell(new Ended(null));
      return Effect().none();
    }
    return persistTimed(List.of(new HomeEvent.SilenceEnded(silence.id(), msg.at())))
        .thenRun(after -> msg.replyTo().tell(new Ended(silence.endedAt(msg.at()))));
  }
}
