package dev.powerwatch.rules;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import dev.powerwatch.tibber.Home;
import dev.powerwatch.tibber.Measurement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One per home: runs each measurement (and a periodic tick) through the rules, emits alert edges. */
public final class HomeMonitor extends AbstractBehavior<HomeMonitor.Command> {

  public sealed interface Command {}

  public record Observe(Measurement measurement) implements Command {}

  private enum Tick implements Command { INSTANCE }

  private record Watched(Rule rule, AlertTracker tracker) {}

  private final Home home;
  private final List<Watched> watched = new ArrayList<>();
  private final ActorRef<AlertChange> debouncer;
  private final Clock clock;
  private Instant lastMeasurementAt;
  private double lastPower = Double.NaN;

  public static Behavior<Command> create(Home home, List<Rule> rules, RuleContext ruleContext,
      ActorRef<AlertChange> debouncer, Clock clock, Duration tickInterval) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, tickInterval);
      return new HomeMonitor(context, home, rules, ruleContext, debouncer, clock);
    }));
  }

  private HomeMonitor(ActorContext<Command> context, Home home, List<Rule> rules, RuleContext ruleContext,
      ActorRef<AlertChange> debouncer, Clock clock) {
    super(context);
    context.setLoggerName(HomeMonitor.class);
    this.home = home;
    this.debouncer = debouncer;
    this.clock = clock;
    this.lastMeasurementAt = clock.instant();
    rules.stream().filter(r -> r.spec().appliesTo(home.id())).map(r -> r.forHome(home, ruleContext)).forEach(rule -> watched.add(
        new Watched(rule, new AlertTracker(new AlertKey(home.id(), rule.spec().name()), rule.spec().pendingFor()))));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Observe.class, this::onObserve)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .build();
  }

  private Behavior<Command> onObserve(Observe msg) {
    Measurement m = msg.measurement();
    lastMeasurementAt = clock.instant();
    lastPower = m.power();
    Instant at = m.timestamp().toInstant();
    for (Watched w : watched) {
      emit(w, w.rule().onMeasurement(m, w.tracker().firing()), at);
    }
    return this;
  }

  private Behavior<Command> onTick() {
    Instant now = clock.instant();
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

  /** Routes each measurement from the feed to its home's monitor. */
  public static Behavior<Measurement> router(Map<String, ActorRef<Command>> monitors) {
    Map<String, ActorRef<Command>> byHome = Map.copyOf(monitors);
    return Behaviors.receiveMessage(m -> {
      ActorRef<Command> monitor = byHome.get(m.homeId());
      if (monitor != null) {
        monitor.tell(new Observe(m));
      }
      return Behaviors.same();
    });
  }
}
