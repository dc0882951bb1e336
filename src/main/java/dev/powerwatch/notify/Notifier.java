package dev.powerwatch.notify;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import dev.powerwatch.support.Backoff;
import dev.powerwatch.support.Durations;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The notifier actor: writes each notification to the outbox before any send, sends it on every
 * targeted channel independently, retries with backoff (honouring Retry-After), and removes it
 * from the outbox only when every channel has succeeded or refused for good. On start it
 * delivers what the outbox still holds. Runs on the blocking dispatcher because it writes files.
 */
public final class Notifier extends AbstractBehavior<Notifier.Command> {

  /** {@link Notification}s, {@link Deliver}, and the actor's own messages. */
  public interface Command {}

  /** A notice its sender has already written to the outbox (the Debouncer does, before saving its state). */
  public record Deliver(OutboxEntry entry) implements Command {}

  private record Answered(String id, String channel, Outcome outcome) implements Command {}

  private record RetryDue(String id, String channel) implements Command {}

  private final NotifySettings settings;
  private final Map<String, Channel> channels = new LinkedHashMap<>();
  private final Outbox outbox;
  private final Clock clock;
  private final Backoff backoff;
  private final TimerScheduler<Command> timers;
  private final Map<String, OutboxEntry> entries = new LinkedHashMap<>();
  private final Map<String, Integer> failures = new HashMap<>();

  public static Behavior<Command> create(NotifySettings settings, Outbox outbox, Clock clock, RandomGenerator random) {
    return Behaviors.setup(context -> Behaviors.withTimers(
        timers -> new Notifier(context, timers, settings, outbox, clock, random)));
  }

  private Notifier(ActorContext<Command> context, TimerScheduler<Command> timers, NotifySettings settings,
      Outbox outbox, Clock clock, RandomGenerator random) {
    super(context);
    context.setLoggerName(Notifier.class);
    this.timers = timers;
    this.settings = settings;
    this.outbox = outbox;
    this.clock = clock;
    this.backoff = new Backoff(settings.retryMin(), settings.retryMax(), random);
    settings.channels().forEach(c -> channels.put(c.name(), c));
    List<OutboxEntry> waiting = outbox.loadAll();
    if (!waiting.isEmpty()) {
      context.getLog().info("Delivering {} notification(s) left in the outbox", waiting.size());
    }
    waiting.forEach(this::start);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Notification.class, this::onNotification)
        .onMessage(Deliver.class, this::onDeliver)
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(RetryDue.class, this::onRetryDue)
        .build();
  }

  private Behavior<Command> onNotification(Notification n) {
    outbox.enqueue(n, channels.keySet()).ifPresentOrElse(this::start, () -> getContext().getLog()
        .warn("No channel to send '{}' to; configure powerwatch.notify.channels", n.title()));
    return this;
  }

  /** Skips an entry already under way or already done (a restart may have loaded it from disk). */
  private Behavior<Command> onDeliver(Deliver msg) {
    String id = msg.entry().notification().id();
    if (!entries.containsKey(id) && outbox.holds(id)) {
      start(msg.entry());
    }
    return this;
  }

  /** The names of the configured channels, for senders that write the outbox themselves. */
  public static List<String> channelNames(NotifySettings settings) {
    return settings.channels().stream().map(Channel::name).toList();
  }

  private void start(OutboxEntry entry) {
    entries.put(entry.notification().id(), entry);
    for (String channel : entry.pending()) {
      if (channels.containsKey(channel)) {
        send(entry.notification(), channels.get(channel));
      } else {
        getContext().getLog().warn("Channel {} is no longer configured; dropping it from '{}'", channel,
            entry.notification().title());
        settle(entry.notification().id(), channel);
      }
    }
  }

  private void send(Notification n, Channel channel) {
    getContext().getLog().debug("Sending '{}' via {}", n.title(), channel.name());
    getContext().pipeToSelf(
        ChannelSender.send(getContext().getSystem(), channel, n, settings.requestTimeout(), clock),
        (outcome, failure) -> new Answered(n.id(), channel.name(),
            failure == null ? outcome : new Outcome.Retry(String.valueOf(failure), Optional.empty())));
  }

  private Behavior<Command> onAnswered(Answered msg) {
    OutboxEntry entry = entries.get(msg.id());
    if (entry == null) {
      return this;
    }
    String title = entry.notification().title();
    Outcome outcome = msg.outcome();
    if (outcome instanceof Outcome.Delivered) {
      getContext().getLog().info("Sent '{}' via {} ({})", title, msg.channel(), outcome.detail());
      settle(msg.id(), msg.channel());
    } else if (outcome instanceof Outcome.Permanent) {
      getContext().getLog().error("Channel {} refused '{}' for good: {}", msg.channel(), title, outcome.detail());
      settle(msg.id(), msg.channel());
    } else if (outcome instanceof Outcome.Retry retry) {
      scheduleRetry(entry, msg.channel(), retry);
    }
    return this;
  }

  private void scheduleRetry(OutboxEntry entry, String channel, Outcome.Retry retry) {
    Notification n = entry.notification();
    if (clock.instant().isAfter(n.createdAt().plus(settings.giveUpAfter()))) {
      getContext().getLog().error("Giving up on '{}' via {} after {}: {}", n.title(), channel,
          Durations.human(settings.giveUpAfter()), retry.detail());
      settle(n.id(), channel);
      return;
    }
    String key = n.id() + "/" + channel;
    int count = failures.merge(key, 1, Integer::sum);
    Duration wait = backoff.delay(count);
    if (retry.after().isPresent() && retry.after().get().compareTo(wait) > 0) {
      wait = retry.after().get();
    }
    getContext().getLog().warn("Channel {} failed '{}' ({}); retry {} in {}", channel, n.title(), retry.detail(),
        count, Durations.human(wait));
    timers.startSingleTimer(key, new RetryDue(n.id(), channel), wait);
  }

  private Behavior<Command> onRetryDue(RetryDue msg) {
    OutboxEntry entry = entries.get(msg.id());
    Channel channel = channels.get(msg.channel());
    if (entry != null && channel != null && entry.pending().contains(msg.channel())) {
      send(entry.notification(), channel);
    }
    return this;
  }

  /** The channel is done with this notification (delivered or refused for good). */
  private void settle(String id, String channel) {
    failures.remove(id + "/" + channel);
    OutboxEntry entry = entries.get(id);
    if (entry == null) {
      return;
    }
    OutboxEntry rest = entry.without(channel);
    if (rest.pending().isEmpty()) {
      entries.remove(id);
      outbox.remove(id);
    } else {
      entries.put(id, rest);
      outbox.save(rest);
    }
  }
}
