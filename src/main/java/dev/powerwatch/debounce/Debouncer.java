package dev.powerwatch.debounce;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import dev.powerwatch.metrics.Metrics;
import dev.powerwatch.notify.Notification;
import dev.powerwatch.notify.Notifier;
import dev.powerwatch.support.StateHealth;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The debounce actor: feeds alert edges and a periodic tick through {@link DebounceBook}, submits
 * each notice to the Notifier and saves its own state once the Notifier has accepted them. Its
 * state is reloaded when it restarts, so a restart neither repeats a notice within its cooldown
 * nor forgets a firing alert. When the disk refuses the state, it works from memory and writes
 * again on a later tick. It holds the silences too (made and ended through its messages, saved
 * in their own file). Runs on the blocking dispatcher because it writes files.
 */
public final class Debouncer extends AbstractBehavior<Debouncer.Command> {

  /** Alert edges ({@link AlertChange}, the rules' part), queries, and the actor's own messages. */
  public sealed interface Command
      permits AlertChange, GetAlerts, GetStateHealth, Flush, AddSilence, EndSilence, GetSilences,
      WrappedAccepted, Tick {}

  public record GetAlerts(ActorRef<Map<AlertKey, AlertRecord>> replyTo) implements Command {}

  public record AddSilence(Silence.Request request, ActorRef<Silences.Outcome> replyTo) implements Command {}

  /** Answers the silence as it ended, or empty when there is none by that id. */
  public record EndSilence(String id, ActorRef<Optional<Silence>> replyTo) implements Command {}

  public record GetSilences(ActorRef<List<Silence>> replyTo) implements Command {}

  public record GetStateHealth(ActorRef<StateHealth> replyTo) implements Command {}

  /** Writes the state now if anything is unwritten (on shutdown); answers when done. */
  public record Flush(ActorRef<Done> replyTo) implements Command {}

  private record WrappedAccepted(Notifier.Accepted accepted) implements Command {}

  private enum Tick implements Command { INSTANCE }

  /**
   * Where the Debouncer keeps its state and hands its notices on.
   *
   * @param restored the state each start begins from
   */
  public record Delivery(DebounceStore store, ActorRef<Notifier.Command> notifier, RestoredAlerts restored) {}

  private final DebounceBook book;
  private final DebounceStore store;
  private final ActorRef<Notifier.Command> notifier;
  private final ActorRef<Notifier.Accepted> accepted;
  private final Clock clock;
  private final Metrics metrics;
  /** Submitted, not yet accepted, with the ticks since: resubmitted if the Notifier lost them (a restart). */
  private final Map<String, Unaccepted> unaccepted = new LinkedHashMap<>();
  private boolean unsaved;

  private static final class Unaccepted {
    final Notification notification;
    int ticks;

    Unaccepted(Notification notification) {
      this.notification = notification;
    }
  }

  /** Ticks to wait for the Notifier's acceptance before submitting again; it skips what it already has. */
  static final int RESUBMIT_AFTER_TICKS = 10;

  /** @param newBook makes the book from the restored alerts and silences, so a restart reloads them */
  public static Behavior<Command> create(Delivery delivery,
      BiFunction<RestoredAlerts.Start, List<Silence>, DebounceBook> newBook, Clock clock, Duration tick,
      Metrics metrics) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, tick);
      RestoredAlerts.Start start = delivery.restored().next();
      Debouncer debouncer = new Debouncer(context, newBook.apply(start, delivery.store().loadSilences()), delivery,
          clock, metrics);
      debouncer.unsaved = !start.alerts().equals(start.saved());
      return debouncer;
    }));
  }

  private Debouncer(ActorContext<Command> context, DebounceBook book, Delivery delivery, Clock clock,
      Metrics metrics) {
    super(context);
    this.metrics = metrics;
    context.setLoggerName(Debouncer.class);
    this.book = book;
    this.store = delivery.store();
    this.notifier = delivery.notifier();
    this.clock = clock;
    this.accepted = context.messageAdapter(Notifier.Accepted.class, WrappedAccepted::new);
    book.snapshot().forEach((key, record) -> metrics.alertFiring(key.homeId(), key.rule(), record.firing()));
    long firing = book.snapshot().values().stream().filter(AlertRecord::firing).count();
    if (firing > 0) {
      context.getLog().info("Restored {} firing alert(s) from the state directory", firing);
    }
    metrics.silences(book.silences().size());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(AlertChange.class, this::onChange)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessage(WrappedAccepted.class, this::onAccepted)
        .onMessage(GetAlerts.class, this::onGetAlerts)
        .onMessage(GetStateHealth.class, this::onGetStateHealth)
        .onMessage(Flush.class, this::onFlush)
        .onMessage(AddSilence.class, this::onAddSilence)
        .onMessage(EndSilence.class, this::onEndSilence)
        .onMessage(GetSilences.class, this::onGetSilences)
        .build();
  }

  private Behavior<Command> onChange(AlertChange change) {
    metrics.alertFiring(change.key().homeId(), change.key().rule(), change instanceof AlertChange.Firing);
    List<Notification> notices = book.onChange(change, clock.instant());
    reportSilenced();
    return submit(notices);
  }

  private Behavior<Command> onFlush(Flush msg) {
    if (unsaved || store.hasUnwritten()) {
      save();
    }
    msg.replyTo().tell(Done.done());
    return this;
  }

  private Behavior<Command> onTick() {
    resubmitOverdue();
    if (book.expireSilences(clock.instant()) || store.hasUnwrittenSilences()) {
      saveSilences();
    }
    return sendDue();
  }

  /** Repeats whose cooldown passed, and what quiet hours or a silence that ended held back. */
  private Behavior<Command> sendDue() {
    List<Notification> notices = book.onTick(clock.instant());
    reportSilenced();
    if (!notices.isEmpty()) {
      return submit(notices);
    }
    if ((unsaved || store.hasUnwritten()) && unaccepted.isEmpty()) {
      save();
    }
    return this;
  }

  private void reportSilenced() {
    for (AlertKey key : book.takeNewlySilenced()) {
      getContext().getLog().info("Notice for {} held back by a silence", key.rule() + "@" + key.homeId());
      metrics.noticeSilenced(key.homeId(), key.rule());
    }
  }

  private void resubmitOverdue() {
    for (Unaccepted waiting : unaccepted.values()) {
      if (++waiting.ticks >= RESUBMIT_AFTER_TICKS) {
        waiting.ticks = 0;
        getContext().getLog().warn("The Notifier has not accepted '{}' yet; submitting it again",
            waiting.notification.title());
        notifier.tell(new Notifier.Submit(waiting.notification, accepted));
      }
    }
  }

  /**
   * The state that says a notice went out is saved only after the Notifier has it in its outbox:
   * a crash between the two can repeat a notice once, never lose one.
   */
  private Behavior<Command> submit(List<Notification> notices) {
    for (Notification n : notices) {
      getContext().getLog().info("Notify {}", n.summary());
      notifier.tell(new Notifier.Submit(n, accepted));
      unaccepted.put(n.id(), new Unaccepted(n));
    }
    unsaved = true;
    if (unaccepted.isEmpty()) {
      save();
    }
    return this;
  }

  private Behavior<Command> onAccepted(WrappedAccepted msg) {
    if (unaccepted.remove(msg.accepted().id()) != null && unaccepted.isEmpty()) {
      save();
    }
    return this;
  }

  private void save() {
    store.save(book.snapshot());
    unsaved = false;
  }

  private void saveSilences() {
    store.saveSilences(book.silences());
    metrics.silences(book.silences().size());
  }

  private Behavior<Command> onAddSilence(AddSilence msg) {
    Silences.Outcome outcome = book.addSilence(msg.request(), clock.instant());
    if (outcome instanceof Silences.Outcome.Created created) {
      Silence s = created.silence();
      getContext().getLog().info("Silence {} made by {} for {} until {}: {}", s.id(), s.createdBy(), scope(s),
          s.endsAt(), s.comment());
      saveSilences();
    }
    msg.replyTo().tell(outcome);
    return this;
  }

  private Behavior<Command> onEndSilence(EndSilence msg) {
    Optional<Silence> ended = book.endSilence(msg.id(), clock.instant());
    msg.replyTo().tell(ended);
    return afterEnding(ended.stream().toList());
  }

  /** Saved at once, and what they held back goes out now if its alert still fires. */
  private Behavior<Command> afterEnding(List<Silence> ended) {
    if (ended.isEmpty()) {
      return this;
    }
    ended.forEach(s -> getContext().getLog().info("Silence {} for {} ended", s.id(), scope(s)));
    saveSilences();
    return sendDue();
  }

  private static String scope(Silence s) {
    return (s.rule() == null ? "every rule" : s.rule()) + "@" + (s.homeId() == null ? "every home" : s.homeId());
  }

  private Behavior<Command> onGetSilences(GetSilences msg) {
    msg.replyTo().tell(book.silences());
    return this;
  }

  private Behavior<Command> onGetAlerts(GetAlerts msg) {
    msg.replyTo().tell(book.snapshot());
    return this;
  }

  private Behavior<Command> onGetStateHealth(GetStateHealth msg) {
    msg.replyTo().tell(new StateHealth("debouncer", store.problem()));
    return this;
  }
}
