package dev.powerwatch.rules;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import dev.powerwatch.debounce.AlertChange;
import dev.powerwatch.debounce.AlertKey;
import dev.powerwatch.debounce.AlertRecord;
import dev.powerwatch.support.Failures;
import dev.powerwatch.support.SteadyTime;
import dev.powerwatch.tibber.Home;
import dev.powerwatch.tibber.HourlyConsumption;
import dev.powerwatch.tibber.Measurement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** One per home: runs each measurement (and a periodic tick) through the rules, emits alert edges. */
public final class HomeMonitor extends AbstractBehavior<HomeMonitor.Command> {

  public sealed interface Command {}

  /** A batch of this home's measurements, in order; {@code done} runs once they have gone through the rules. */
  public record Observe(List<Measurement> batch, Runnable done) implements Command {}

  /** The energy rules' view of this home, for /api/state. */
  public record GetEnergy(ActorRef<HomeEnergy> replyTo) implements Command {}

  /**
   * The alerts that fired before a restart or a move, from the state that outlived the process: each
   * firing rule's record, which says since when.
   */
  public record Restored(Map<String, AlertRecord> firing) implements Command {
    /** The alerts of {@code homeId} that fire in {@code alerts} (the Debouncer's file or the journal), by rule. */
    public static Restored of(String homeId, Map<AlertKey, AlertRecord> alerts) {
      return new Restored(alerts.entrySet().stream()
          .filter(e -> e.getKey().homeId().equals(homeId) && e.getValue().firing())
          .collect(java.util.stream.Collectors.toMap(e -> e.getKey().rule(), Map.Entry::getValue)));
    }
  }

  /** @param stateProblems why a rule of this home cannot write its state now */
  public record HomeEnergy(String homeId, List<EnergyStatus> rules, List<String> stateProblems) {}

  private enum Tick implements Command { INSTANCE }

  private enum FetchHistory implements Command { INSTANCE }

  private record HistoryArrived(List<HourlyConsumption> hours, Throwable failure) implements Command {}

  /** Hours to ask for at start: a whole month and one more for a DST day. */
  static final int MONTH_OF_HOURS = 31 * 24 + 1;
  /** Hours to ask for every hour after: the last few, measured by now. */
  static final int RECENT_HOURS = 3;
  static final Duration HISTORY_EVERY = Duration.ofHours(1);

  private record Watched(Rule rule, AlertTracker tracker) {}

  private final Home home;
  private final List<Watched> watched = new ArrayList<>();
  private final ActorRef<AlertChange> debouncer;
  private final Clock clock;
  private final RuleContext ruleContext;
  private boolean historyFetched;
  private final SteadyTime steady;
  /** On {@link #steady}: a step of the wall clock makes no healthy feed look silent. */
  private long lastMeasurementSteady;
  private double lastPower = Double.NaN;

  public static Behavior<Command> create(Home home, List<Rule> rules, RuleContext ruleContext,
      ActorRef<AlertChange> debouncer, Clock clock, Duration tickInterval) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, tickInterval);
      HomeMonitor monitor = new HomeMonitor(context, home, rules, ruleContext, debouncer, clock);
      if (monitor.wantsHistory()) {
        context.getSelf().tell(FetchHistory.INSTANCE);
        timers.startTimerWithFixedDelay(FetchHistory.INSTANCE, HISTORY_EVERY);
      }
      return monitor;
    }));
  }

  private HomeMonitor(ActorContext<Command> context, Home home, List<Rule> rules, RuleContext ruleContext,
      ActorRef<AlertChange> debouncer, Clock clock) {
    super(context);
    context.setLoggerName(HomeMonitor.class);
    this.home = home;
    this.debouncer = debouncer;
    this.clock = clock;
    this.ruleContext = ruleContext;
    this.steady = SteadyTime.of(clock);
    this.lastMeasurementSteady = steady.nanos();
    rules.stream().filter(r -> r.spec().appliesTo(home.id())).map(r -> r.forHome(home, ruleContext))
        .forEach(rule -> watched.add(new Watched(rule,
            new AlertTracker(new AlertKey(home.id(), rule.spec().name()), rule.spec().pendingFor()))));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Observe.class, this::onObserve)
        .onMessage(Restored.class, this::onRestored)
        .onMessageEquals(FetchHistory.INSTANCE, this::onFetchHistory)
        .onMessage(HistoryArrived.class, this::onHistoryArrived)
        .onMessage(GetEnergy.class, this::onGetEnergy)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .build();
  }

  private Behavior<Command> onRestored(Restored msg) {
    for (Watched w : watched) {
      AlertRecord record = msg.firing().get(w.rule().spec().name());
      if (record != null && w.tracker().restoreFiring()) {
        Optional.ofNullable(record.since()).ifPresent(w.rule()::restoreFiring);
      }
    }
    return this;
  }

  private Behavior<Command> onObserve(Observe msg) {
    try {
      lastMeasurementSteady = steady.nanos();
      msg.batch().forEach(this::observe);
    } finally {
      msg.done().run();
    }
    return this;
  }

  private void observe(Measurement m) {
    lastPower = m.power();
    Instant at = m.timestamp().toInstant();
    for (Watched w : watched) {
      emit(w, w.rule().onMeasurement(m, w.tracker().firing()), at);
    }
  }

  private Behavior<Command> onGetEnergy(GetEnergy msg) {
    msg.replyTo().tell(new HomeEnergy(home.id(),
        watched.stream().flatMap(w -> w.rule().energy().stream()).toList(),
        watched.stream().flatMap(w -> w.rule().stateProblem().stream()).toList()));
    return this;
  }

  private boolean wantsHistory() {
    return watched.stream().anyMatch(w -> w.rule().wantsHourlyHistory());
  }

  /** A month of measured hours at start, then the last few every hour. */
  private Behavior<Command> onFetchHistory() {
    int hours = historyFetched ? RECENT_HOURS : MONTH_OF_HOURS;
    getContext().pipeToSelf(ruleContext.history().last(home.id(), hours),
        (list, failure) -> new HistoryArrived(failure == null ? list : List.of(), failure));
    return this;
  }

  private Behavior<Command> onHistoryArrived(HistoryArrived msg) {
    if (msg.failure() != null) {
      getContext().getLog().warn("Cannot get the measured hours of home {} from Tibber ({}); estimating from"
          + " the live feed until the next try", home.id(), Failures.unwrap(msg.failure()).getMessage());
    } else {
      historyFetched = true;
    }
    watched.stream().filter(w -> w.rule().wantsHourlyHistory()).forEach(w -> w.rule().onHourlyHistory(msg.hours()));
    return this;
  }

  private Behavior<Command> onTick() {
    Instant now = clock.instant();
    Instant lastMeasurementAt = now.minusNanos(steady.nanos() - lastMeasurementSteady);
    for (Watched w : watched) {
      emit(w, w.rule().onTick(now, lastMeasurementAt, w.tracker().firing()), now);
    }
    return this;
  }

  private void emit(Watched w, Optional<Verdict> verdict, Instant at) {
    verdict.flatMap(v -> w.tracker().apply(v, at, () -> commonValues(w.rule()))).ifPresent(change -> {
      getContext().getLog().debug("{} {}", change.getClass().getSimpleName(), change.key());
      debouncer.tell(change);
    });
  }

  private Map<String, String> commonValues(Rule rule) {
    return Map.of(
        "home", home.displayName(),
        "homeId", home.id(),
        "rule", rule.spec().name(),
        "severity", rule.spec().severity().name().toLowerCase(),
        "power", Double.isNaN(lastPower) ? "?" : ThresholdRule.format(lastPower));
  }

  /**
   * Hands each home's part of a batch to that home's monitor; {@code done} runs once every
   * monitor has gone through its part. Measurements of homes without a monitor are passed over.
   */
  public static void route(Map<String, ActorRef<Command>> monitors, List<Measurement> batch, Runnable done) {
    Map<String, List<Measurement>> byHome = new LinkedHashMap<>();
    for (Measurement m : batch) {
      if (monitors.containsKey(m.homeId())) {
        byHome.computeIfAbsent(m.homeId(), home -> new ArrayList<>()).add(m);
      }
    }
    if (byHome.isEmpty()) {
      done.run();
      return;
    }
    AtomicInteger parts = new AtomicInteger(byHome.size());
    Runnable partDone = () -> {
      if (parts.decrementAndGet() == 0) {
        done.run();
      }
    };
    byHome.forEach((home, part) -> monitors.get(home).tell(new Observe(part, partDone)));
  }
}
