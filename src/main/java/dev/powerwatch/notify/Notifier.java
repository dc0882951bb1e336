package dev.powerwatch.notify;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import dev.powerwatch.metrics.Metrics;
import dev.powerwatch.support.Backoff;
import dev.powerwatch.support.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * The notifier actor and the outbox's only writer: writes each submitted notice to the outbox
 * before any send, sends it on every targeted channel independently, records each channel's
 * acceptance in the entry as it comes, retries with backoff (honouring Retry-After), and removes
 * the entry when every channel is done. Whatever goes wrong on one channel stays with that
 * channel and that notice. When the outbox cannot be written, notices wait in memory, are still
 * sent, and are written once the folder can be written again. Runs on the blocking dispatcher.
 */
public final class Notifier extends AbstractBehavior<Notifier.Command> {

  public sealed interface Command {}

  /** A notice to deliver; {@code replyTo} hears {@link Accepted} once it is in the outbox (or in memory). */
  public record Submit(Notification notification, ActorRef<Accepted> replyTo) implements Command {}

  /** @param durable whether the notice is on disk, or waits in memory because the disk refused it */
  public record Accepted(String id, boolean durable) {}

  /**
   * A notice kept durable by its sender (a home's journal): nothing goes to the outbox, and
   * {@code replyTo} hears {@link Settled} as each targeted channel is done with it. Sent again
   * while it is under way, it only changes who hears.
   */
  public record Deliver(Notification notification, ActorRef<Settled> replyTo) implements Command {}

  /**
   * A notice from {@link Deliver} whose sender moved to another node, which delivers it from now
   * on: no more tries from here. A request already under way still ends; its answer is dropped.
   */
  public record Forget(String id) implements Command {}

  /** One channel is done with a notice: {@code delivered}, {@code refused} for good, or {@code gave-up}. */
  public record Settled(String id, String channel, String outcome) {}

  public record GetStatus(ActorRef<Status> replyTo) implements Command {}

  /** Tries now to write what waits in memory (on shutdown); answers when done. */
  public record FlushNow(ActorRef<Done> replyTo) implements Command {}

  /**
   * The daemon is stopping: no attempt starts from now on (what falls due waits in the outbox for
   * the next start), and the reply comes once the attempts under way have their answer, so that a
   * push the service took is not left in the outbox to be pushed again. An attempt's answer comes
   * within {@link ChannelSender#longestAttempt(Duration)} of the request timeout.
   */
  public record FinishAttempts(ActorRef<Done> replyTo) implements Command {}

  /**
   * @param backlog notices waiting, by channel
   * @param stateProblem why the outbox cannot be written now, if it cannot
   * @param recent the last attempts, newest first
   * @param waiting the notices some channel has yet to take, oldest first, with those channels
   */
  public record Status(Map<String, Integer> backlog, Optional<String> stateProblem, List<Attempt> recent,
      List<OutboxEntry> waiting) {}

  /** One answer from one channel for one notice. */
  public record Attempt(Instant at, String title, String channel, String outcome, String detail) {}

  private static final int RECENT = 20;
  private static final int SETTLED_KEPT = 10_000;

  private record Answered(String id, String channel, Outcome outcome) implements Command {}

  private record RetryDue(String id, String channel) implements Command {}

  private enum Flush implements Command { INSTANCE }

  private final NotifySettings settings;
  private final Map<String, Channel> channels = new LinkedHashMap<>();
  private final Outbox outbox;
  private final Clock clock;
  private final Backoff backoff;
  private final Duration flushInterval;
  private final TimerScheduler<Command> timers;
  private final Map<String, OutboxEntry> entries = new LinkedHashMap<>();
  private final Map<String, Integer> failures = new HashMap<>();
  /** Who hears of each delivered notice, for those its sender keeps durable (not in the outbox). */
  private final Map<String, ActorRef<Settled>> journaled = new HashMap<>();
  /**
   * How each channel settled the journaled notices this node settled lately, by notice id: a
   * sender whose journal could not record a settlement (a full disk) sends the notice again when it
   * starts anew, and hears the settlement again instead of the phone hearing the notice again.
   */
  private final Map<String, Map<String, String>> settledLately = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Map<String, String>> eldest) {
      return size() > SETTLED_KEPT;
    }
  };
  private final Deque<Attempt> recent = new ArrayDeque<>();
  private final Metrics metrics;
  private final QuietHold quiet;
  private final Set<String> held = new HashSet<>();
  /** The attempts whose request has left and whose answer has not come, by attempt key. */
  private final Set<String> underWay = new HashSet<>();
  private final List<ActorRef<Done>> finishing = new ArrayList<>();
  private boolean stopping;

  /** @param flushInterval how often to try writing the outbox again while the disk refuses it */
  public static Behavior<Command> create(NotifySettings settings, Outbox outbox, Clock clock, RandomGenerator random,
      Duration flushInterval, Metrics metrics) {
    return create(settings, outbox, clock, random, flushInterval, metrics, QuietHold.NEVER);
  }

  /** @param quiet holds a notice whose quiet hours began before it could be delivered, checked every flushInterval */
  public static Behavior<Command> create(NotifySettings settings, Outbox outbox, Clock clock, RandomGenerator random,
      Duration flushInterval, Metrics metrics, QuietHold quiet) {
    return Behaviors.setup(context -> Behaviors.withTimers(
        timers -> new Notifier(context, timers, settings, outbox, clock, random, flushInterval, metrics, quiet)));
  }

  private Notifier(ActorContext<Command> context, TimerScheduler<Command> timers, NotifySettings settings,
      Outbox outbox, Clock clock, RandomGenerator random, Duration flushInterval, Metrics metrics, QuietHold quiet) {
    super(context);
    this.quiet = quiet;
    this.metrics = metrics;
    context.setLoggerName(Notifier.class);
    this.timers = timers;
    this.settings = settings;
    this.outbox = outbox;
    this.clock = clock;
    this.flushInterval = flushInterval;
    this.backoff = new Backoff(settings.retryMin(), settings.retryMax(), random);
    settings.channels().forEach(c -> channels.put(c.name(), c));
    List<OutboxEntry> waiting = outbox.loadAll();
    if (!waiting.isEmpty()) {
      context.getLog().info("Delivering {} notification(s) left in the outbox", waiting.size());
    }
    waiting.forEach(this::start);
    flushLater();
    recordBacklog();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Submit.class, this::onSubmit)
        .onMessage(Deliver.class, this::onDeliver)
        .onMessage(Forget.class, this::onForget)
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(RetryDue.class, this::onRetryDue)
        .onMessageEquals(Flush.INSTANCE, this::onFlush)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(FlushNow.class, this::onFlushNow)
        .onMessage(FinishAttempts.class, this::onFinishAttempts)
        .build();
  }

  private Behavior<Command> onSubmit(Submit msg) {
    Notification n = msg.notification();
    if (entries.containsKey(n.id())) {
      msg.replyTo().tell(new Accepted(n.id(), !outbox.hasUnwritten()));
      return this;
    }
    List<String> targets = targets(n);
    if (targets.isEmpty()) {
      msg.replyTo().tell(new Accepted(n.id(), true));
      return this;
    }
    OutboxEntry entry = new OutboxEntry(n, targets);
    boolean written = outbox.saveBeforeSync(entry);
    start(entry);
    boolean durable = outbox.sync() && written;
    flushLater();
    msg.replyTo().tell(new Accepted(n.id(), durable));
    recordBacklog();
    return this;
  }

  private Behavior<Command> onDeliver(Deliver msg) {
    Notification n = msg.notification();
    if (entries.containsKey(n.id())) {
      journaled.replace(n.id(), msg.replyTo());
      return this;
    }
    Map<String, String> settledHere = settledLately.getOrDefault(n.id(), Map.of());
    settledHere.forEach((channel, outcome) -> msg.replyTo().tell(new Settled(n.id(), channel, outcome)));
    List<String> known = targets(n);
    List<String> targets = known.stream().filter(c -> !settledHere.containsKey(c)).toList();
    journaled.put(n.id(), msg.replyTo());
    n.channels().stream().filter(c -> !known.contains(c)).forEach(gone -> unknownChannel(n, gone));
    if (targets.isEmpty()) {
      journaled.remove(n.id());
    } else {
      start(new OutboxEntry(n, targets));
      recordBacklog();
    }
    return this;
  }

  private Behavior<Command> onForget(Forget msg) {
    if (journaled.remove(msg.id()) == null) {
      return this;
    }
    OutboxEntry entry = entries.remove(msg.id());
    if (entry != null) {
      entry.pending().forEach(channel -> {
        String key = attemptKey(msg.id(), channel);
        timers.cancel(key);
        failures.remove(key);
        held.remove(key);
      });
    }
    recordBacklog();
    return this;
  }

  private List<String> targets(Notification n) {
    List<String> targets = n.channels().isEmpty() ? List.copyOf(channels.keySet())
        : n.channels().stream().filter(channels::containsKey).toList();
    if (targets.isEmpty()) {
      getContext().getLog().warn("No channel to send '{}' to; configure powerwatch.notify.channels", n.title());
    }
    return targets;
  }

  private void start(OutboxEntry entry) {
    entries.put(entry.notification().id(), entry);
    for (String channel : entry.pending()) {
      if (channels.containsKey(channel)) {
        send(entry.notification(), channels.get(channel));
      } else {
        unknownChannel(entry.notification(), channel);
      }
    }
  }

  private void unknownChannel(Notification n, String channel) {
    getContext().getLog().warn("Channel {} is no longer configured; dropping it from '{}'", channel, n.title());
    settle(n.id(), channel, "refused");
  }

  /** One notice on one channel: its retry timer, failure count and hold go by this. */
  private static String attemptKey(String id, String channel) {
    return id + "/" + channel;
  }

  private void send(Notification n, Channel channel) {
    if (stopping) {
      return;
    }
    String key = attemptKey(n.id(), channel.name());
    Optional<Instant> quietUntil = quiet.until(n, clock.instant());
    if (quietUntil.isPresent()) {
      if (held.add(key)) {
        getContext().getLog().info("Holding '{}' for {} until its quiet hours end at {}", n.title(), channel.name(),
            quietUntil.get());
      }
      timers.startSingleTimer(key, new RetryDue(n.id(), channel.name()), flushInterval);
      return;
    }
    held.remove(key);
    getContext().getLog().debug("Sending '{}' via {}", n.title(), channel.name());
    underWay.add(key);
    getContext().pipeToSelf(
        ChannelSender.send(getContext().getSystem(), channel, n, settings.requestTimeout(), clock),
        (outcome, failure) -> new Answered(n.id(), channel.name(), failure == null ? outcome
            : new Outcome.Retry(channel.redact(String.valueOf(failure)), Optional.empty())));
  }

  private Behavior<Command> onAnswered(Answered msg) {
    underWay.remove(attemptKey(msg.id(), msg.channel()));
    answer(msg);
    if (stopping && underWay.isEmpty()) {
      finishing.forEach(waiting -> waiting.tell(Done.done()));
      finishing.clear();
    }
    return this;
  }

  private void answer(Answered msg) {
    OutboxEntry entry = entries.get(msg.id());
    if (entry == null) {
      return;
    }
    String title = entry.notification().title();
    Outcome outcome = msg.outcome();
    remember(new Attempt(clock.instant(), title, msg.channel(), outcomeName(outcome), outcome.detail()));
    if (outcome instanceof Outcome.Delivered) {
      getContext().getLog().info("Sent '{}' via {} ({})", title, msg.channel(), outcome.detail());
      settle(msg.id(), msg.channel(), "delivered");
    } else if (outcome instanceof Outcome.Permanent) {
      getContext().getLog().error("Not retrying '{}' via {}: {}", title, msg.channel(), outcome.detail());
      settle(msg.id(), msg.channel(), "refused");
    } else if (outcome instanceof Outcome.Retry retry) {
      scheduleRetry(entry, msg.channel(), retry);
    }
  }

  private void scheduleRetry(OutboxEntry entry, String channel, Outcome.Retry retry) {
    Notification n = entry.notification();
    if (clock.instant().isAfter(n.createdAt().plus(settings.giveUpAfter()))) {
      getContext().getLog().error("Giving up on '{}' via {} after {}: {}", n.title(), channel,
          Durations.human(settings.giveUpAfter()), retry.detail());
      settle(n.id(), channel, "gave-up");
      return;
    }
    String key = attemptKey(n.id(), channel);
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

  /** The channel is done with this notice (delivered, or refused or given up for good): recorded at once. */
  private void settle(String id, String channel, String outcome) {
    String key = attemptKey(id, channel);
    failures.remove(key);
    held.remove(key);
    ActorRef<Settled> sender = journaled.get(id);
    if (sender != null) {
      sender.tell(new Settled(id, channel, outcome));
      settledLately.computeIfAbsent(id, any -> new HashMap<>()).put(channel, outcome);
    }
    OutboxEntry entry = entries.get(id);
    if (entry == null) {
      return;
    }
    OutboxEntry rest = entry.without(channel);
    if (rest.pending().isEmpty()) {
      entries.remove(id);
      journaled.remove(id);
      if (sender == null) {
        outbox.remove(id);
      }
    } else {
      entries.put(id, rest);
      if (sender == null) {
        outbox.save(rest);
      }
    }
    flushLater();
    recordBacklog();
  }

  private void remember(Attempt attempt) {
    metrics.notification(attempt.channel(), attempt.outcome());
    recent.addFirst(attempt);
    if (recent.size() > RECENT) {
      recent.removeLast();
    }
  }

  private static String outcomeName(Outcome outcome) {
    if (outcome instanceof Outcome.Delivered) {
      return "delivered";
    }
    return outcome instanceof Outcome.Permanent ? "refused" : "failed";
  }

  private Map<String, Integer> backlog() {
    Map<String, Integer> backlog = new TreeMap<>();
    channels.keySet().forEach(name -> backlog.put(name, 0));
    entries.values().forEach(e -> e.pending().forEach(c -> backlog.merge(c, 1, Integer::sum)));
    return backlog;
  }

  private void recordBacklog() {
    backlog().forEach(metrics::outboxBacklog);
    metrics.stateWritable(outbox.problem().isEmpty());
  }

  private Behavior<Command> onFlush() {
    outbox.flush();
    flushLater();
    recordBacklog();
    return this;
  }

  /** While the outbox cannot be written, writing is tried again now and then. */
  private void flushLater() {
    if (outbox.needsFlush() && !timers.isTimerActive(Flush.INSTANCE)) {
      timers.startSingleTimer(Flush.INSTANCE, flushInterval);
    }
  }

  private Behavior<Command> onFlushNow(FlushNow msg) {
    onFlush();
    msg.replyTo().tell(Done.done());
    return this;
  }

  private Behavior<Command> onFinishAttempts(FinishAttempts msg) {
    stopping = true;
    if (underWay.isEmpty()) {
      msg.replyTo().tell(Done.done());
    } else {
      getContext().getLog().info("Waiting for the answer to {} push(es) under way before stopping", underWay.size());
      finishing.add(msg.replyTo());
    }
    return this;
  }

  private Behavior<Command> onGetStatus(GetStatus msg) {
    msg.replyTo().tell(new Status(backlog(), outbox.problem(), List.copyOf(recent), List.copyOf(entries.values())));
    return this;
  }
}
