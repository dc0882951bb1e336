package dev.powerwatch.debounce;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import dev.powerwatch.notify.Notification;
import dev.powerwatch.rules.AlertChange;
import dev.powerwatch.rules.AlertKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The debounce actor: feeds alert edges and a periodic tick through {@link DebounceBook}, saves
 * the state before any notice leaves, and hands notices to the Notifier. Its state is read from
 * disk when it starts, so a restart neither repeats a notice within its cooldown nor forgets a
 * firing alert. Runs on the blocking dispatcher because it writes files.
 */
public final class Debouncer extends AbstractBehavior<Debouncer.Command> {

  /** Alert edges ({@link AlertChange}) and the actor's own tick. */
  public interface Command {}

  public record GetAlerts(ActorRef<Map<AlertKey, AlertRecord>> replyTo) implements Command {}

  private enum Tick implements Command { INSTANCE }

  private final DebounceBook book;
  private final DebounceStore store;
  private final ActorRef<Notification> notifier;
  private final Clock clock;

  /** @param newBook makes the book from the restored state, so a restart reloads it from disk */
  public static Behavior<Command> create(DebounceStore store,
      java.util.function.Function<Map<AlertKey, AlertRecord>, DebounceBook> newBook, ActorRef<Notification> notifier,
      Clock clock, Duration tick) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, tick);
      return new Debouncer(context, newBook.apply(store.load()), store, notifier, clock);
    }));
  }

  private Debouncer(ActorContext<Command> context, DebounceBook book, DebounceStore store,
      ActorRef<Notification> notifier, Clock clock) {
    super(context);
    this.book = book;
    this.store = store;
    this.notifier = notifier;
    this.clock = clock;
    long firing = book.snapshot().values().stream().filter(AlertRecord::firing).count();
    if (firing > 0) {
      context.getLog().info("Restored {} firing alert(s) from the state directory", firing);
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(AlertChange.class, change -> decide(() -> book.onChange(change, clock.instant()), true))
        .onMessageEquals(Tick.INSTANCE, () -> decide(() -> book.onTick(clock.instant()), false))
        .onMessage(GetAlerts.class, this::onGetAlerts)
        .build();
  }

  private Behavior<Command> decide(Supplier<List<Notification>> decision, boolean alwaysSave) {
    List<Notification> notices = decision.get();
    if (alwaysSave || !notices.isEmpty()) {
      store.save(book.snapshot());
    }
    for (Notification n : notices) {
      getContext().getLog().info("Notify {} {}: {}", n.kind().name().toLowerCase(), n.rule() + "@" + n.homeId(),
          n.title());
      notifier.tell(n);
    }
    return this;
  }

  private Behavior<Command> onGetAlerts(GetAlerts msg) {
    msg.replyTo().tell(book.snapshot());
    return this;
  }
}
