package dev.powerwatch.debounce;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import dev.powerwatch.notify.Notification;
import dev.powerwatch.notify.Notifier;
import dev.powerwatch.notify.Outbox;
import dev.powerwatch.notify.OutboxEntry;
import dev.powerwatch.rules.AlertChange;
import dev.powerwatch.rules.AlertKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The debounce actor: feeds alert edges and a periodic tick through {@link DebounceBook}, writes
 * each notice to the outbox, hands it to the Notifier, then saves its own state. Its state is
 * read from disk when it starts, so a restart neither repeats a notice within its cooldown nor
 * forgets a firing alert. Runs on the blocking dispatcher because it writes files.
 */
public final class Debouncer extends AbstractBehavior<Debouncer.Command> {

  /** Alert edges ({@link AlertChange}) and the actor's own tick. */
  public interface Command {}

  public record GetAlerts(ActorRef<Map<AlertKey, AlertRecord>> replyTo) implements Command {}

  private enum Tick implements Command { INSTANCE }

  private final DebounceBook book;
  private final DebounceStore store;
  private final Outbox outbox;
  private final List<String> channels;
  private final ActorRef<Notifier.Command> notifier;
  private final Clock clock;

  /** Where the Debouncer keeps its state and hands its notices on. */
  public record Delivery(DebounceStore store, Outbox outbox, List<String> channels,
      ActorRef<Notifier.Command> notifier) {}

  /** @param newBook makes the book from the restored state, so a restart reloads it from disk */
  public static Behavior<Command> create(Delivery delivery, Function<Map<AlertKey, AlertRecord>, DebounceBook> newBook,
      Clock clock, Duration tick) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, tick);
      return new Debouncer(context, newBook.apply(delivery.store().load()), delivery, clock);
    }));
  }

  private Debouncer(ActorContext<Command> context, DebounceBook book, Delivery delivery, Clock clock) {
    super(context);
    context.setLoggerName(Debouncer.class);
    this.book = book;
    this.store = delivery.store();
    this.outbox = delivery.outbox();
    this.channels = List.copyOf(delivery.channels());
    this.notifier = delivery.notifier();
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

  /**
   * Notices go to the outbox (and on to the Notifier) before the state that says they were sent
   * is saved: a crash between the two writes can repeat a notice once, but never lose one, and
   * the state's write is not on the way to the phone.
   */
  private Behavior<Command> decide(Supplier<List<Notification>> decision, boolean alwaysSave) {
    List<Notification> notices = decision.get();
    List<OutboxEntry> queued = new ArrayList<>();
    for (Notification n : notices) {
      getContext().getLog().info("Notify {} {}: {}", n.kind().name().toLowerCase(), n.rule() + "@" + n.homeId(),
          n.title());
      outbox.enqueue(n, channels).ifPresentOrElse(queued::add, () -> getContext().getLog()
          .warn("No channel to send '{}' to; configure powerwatch.notify.channels", n.title()));
    }
    queued.forEach(entry -> notifier.tell(new Notifier.Deliver(entry)));
    if (alwaysSave || !notices.isEmpty()) {
      store.save(book.snapshot());
    }
    return this;
  }

  private Behavior<Command> onGetAlerts(GetAlerts msg) {
    msg.replyTo().tell(book.snapshot());
    return this;
  }
}
