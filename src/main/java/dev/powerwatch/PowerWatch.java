package dev.powerwatch;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import dev.powerwatch.debounce.AlertRecord;
import dev.powerwatch.debounce.DebounceBook;
import dev.powerwatch.debounce.DebounceStore;
import dev.powerwatch.debounce.Debouncer;
import dev.powerwatch.feed.Disconnect;
import dev.powerwatch.feed.FeedStatus;
import dev.powerwatch.feed.HomeSelection;
import dev.powerwatch.feed.LiveFeed;
import dev.powerwatch.feed.ReconnectPolicy;
import dev.powerwatch.http.HttpSettings;
import dev.powerwatch.http.StatusServer;
import dev.powerwatch.notify.Notifier;
import dev.powerwatch.notify.Outbox;
import dev.powerwatch.rules.AlertKey;
import dev.powerwatch.rules.HomeMonitor;
import dev.powerwatch.rules.Rule;
import dev.powerwatch.rules.RuleSpec;
import dev.powerwatch.settings.Settings;
import dev.powerwatch.support.Durations;
import dev.powerwatch.support.Failures;
import dev.powerwatch.support.SettingsException;
import dev.powerwatch.support.StateHealth;
import dev.powerwatch.tibber.FeedEndpoint;
import dev.powerwatch.tibber.Home;
import dev.powerwatch.tibber.Measurement;
import dev.powerwatch.tibber.TibberApiException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The guardian: finds the homes to watch, then spawns the supervised children. A configuration
 * Tibber refuses (token, home) ends the daemon with {@code fatal} completed; anything transient is
 * retried.
 */
public final class PowerWatch extends AbstractBehavior<PowerWatch.Command> {

  public sealed interface Command {}

  public record GetFeed(ActorRef<ActorRef<LiveFeed.Command>> replyTo) implements Command {}

  private record Discovered(FeedEndpoint endpoint) implements Command {}

  private record DiscoveryFailed(Throwable cause) implements Command {}

  private enum Retry implements Command { INSTANCE }

  private record Listening(int port) implements Command {}

  private record CannotListen(Throwable cause) implements Command {}

  /** Extra consumers of measurements, spawned once the homes are known (the console printer). */
  public interface SubscriberFactory extends Function<List<Home>, Behavior<Measurement>> {}

  private final Settings settings;
  private final LiveFeed.Dependencies deps;
  private final List<SubscriberFactory> extraSubscribers;
  private final CompletableFuture<SettingsException> fatal;
  private final TimerScheduler<Command> timers;
  private final ReconnectPolicy retryPolicy;
  private final List<ActorRef<ActorRef<LiveFeed.Command>>> waitingForFeed = new ArrayList<>();
  private ActorRef<LiveFeed.Command> feed;
  private final AtomicReference<ActorRef<LiveFeed.Command>> feedForStatus = new AtomicReference<>();
  private final AtomicReference<ActorRef<Debouncer.Command>> debouncerForStatus = new AtomicReference<>();
  private final AtomicReference<ActorRef<Notifier.Command>> notifierForStatus = new AtomicReference<>();
  private int discoveryFailures;

  public static Behavior<Command> create(Settings settings, LiveFeed.Dependencies deps,
      List<SubscriberFactory> extraSubscribers, CompletableFuture<SettingsException> fatal) {
    return Behaviors.setup(context -> Behaviors.withTimers(
        timers -> new PowerWatch(context, timers, settings, deps, extraSubscribers, fatal)));
  }

  private PowerWatch(ActorContext<Command> context, TimerScheduler<Command> timers, Settings settings,
      LiveFeed.Dependencies deps, List<SubscriberFactory> extraSubscribers,
      CompletableFuture<SettingsException> fatal) {
    super(context);
    context.setLoggerName(PowerWatch.class);
    this.timers = timers;
    this.settings = settings;
    this.deps = deps;
    this.extraSubscribers = List.copyOf(extraSubscribers);
    this.fatal = fatal;
    this.retryPolicy = new ReconnectPolicy(settings.feed(), deps.random());
    if (settings.http().enabled()) {
      bindStatusServer();
    } else {
      discover();
    }
  }

  /** The port comes first: a port in use stops start with one line, before Tibber is asked anything. */
  private void bindStatusServer() {
    HttpSettings http = settings.http();
    ActorSystem<Void> system = getContext().getSystem();
    Duration timeout = Duration.ofSeconds(3);
    StatusServer.Sources sources = new StatusServer.Sources() {
      @Override
      public Optional<CompletionStage<FeedStatus>> feed() {
        return Optional.ofNullable(feedForStatus.get())
            .map(ref -> AskPattern.ask(ref, LiveFeed.GetStatus::new, timeout, system.scheduler()));
      }

      @Override
      public Optional<CompletionStage<Map<AlertKey, AlertRecord>>> alerts() {
        return Optional.ofNullable(debouncerForStatus.get())
            .map(ref -> AskPattern.ask(ref, Debouncer.GetAlerts::new, timeout, system.scheduler()));
      }

      @Override
      public List<CompletionStage<StateHealth>> state() {
        List<CompletionStage<StateHealth>> answers = new ArrayList<>();
        Optional.ofNullable(debouncerForStatus.get()).ifPresent(ref -> answers.add(
            AskPattern.ask(ref, Debouncer.GetStateHealth::new, timeout, system.scheduler())));
        Optional.ofNullable(notifierForStatus.get()).ifPresent(ref -> answers.add(
            AskPattern.ask(ref, Notifier.GetStateHealth::new, timeout, system.scheduler())));
        return answers;
      }
    };
    getContext().pipeToSelf(StatusServer.bind(system, http, sources, deps.mapper()), (binding, failure) ->
        failure == null ? new Listening(binding.localAddress().getPort()) : new CannotListen(failure));
  }

  private Behavior<Command> onListening(Listening msg) {
    getContext().getLog().info("Status at http://{}:{}/health and /state", settings.http().host(), msg.port());
    discover();
    return this;
  }

  private Behavior<Command> onCannotListen(CannotListen msg) {
    HttpSettings http = settings.http();
    return stopWith(new SettingsException("powerwatch.http.port", "cannot listen on " + http.host() + ":"
        + http.port() + " (" + Failures.rootCause(msg.cause()) + "); stop what uses it, choose another port,"
        + " or set powerwatch.http.enabled = false"));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Discovered.class, this::onDiscovered)
        .onMessage(DiscoveryFailed.class, this::onDiscoveryFailed)
        .onMessageEquals(Retry.INSTANCE, this::onRetry)
        .onMessage(GetFeed.class, this::onGetFeed)
        .onMessage(Listening.class, this::onListening)
        .onMessage(CannotListen.class, this::onCannotListen)
        .build();
  }

  private void discover() {
    getContext().getLog().info("Asking Tibber at {} for the account's homes", settings.tibber().apiUrl());
    getContext().pipeToSelf(deps.api().feedEndpoint(), (endpoint, failure) -> failure == null
        ? new Discovered(endpoint)
        : new DiscoveryFailed(Failures.unwrap(failure)));
  }

  private Behavior<Command> onDiscovered(Discovered msg) {
    List<Home> homes;
    try {
      homes = HomeSelection.select(settings.tibber().homeIds(), msg.endpoint().homes());
    } catch (SettingsException e) {
      return stopWith(e);
    }
    homes.forEach(h -> getContext().getLog().info("Watching home {} ({}, {})", h.id(), h.displayName(), h.timeZone()));
    try {
      HomeSelection.checkRuleHomes(settings.rules(), homes);
    } catch (SettingsException e) {
      return stopWith(e);
    }
    List<ActorRef<Measurement>> subscribers = new ArrayList<>();
    subscribers.add(getContext().spawn(HomeMonitor.router(spawnAlerting(homes)), "router"));
    for (int i = 0; i < extraSubscribers.size(); i++) {
      subscribers.add(getContext().spawn(extraSubscribers.get(i).apply(homes), "subscriber-" + i));
    }
    List<String> ids = homes.stream().map(Home::id).toList();
    feed = getContext().spawn(
        Behaviors.supervise(LiveFeed.create(settings.feed(), deps, ids, subscribers))
            .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 0.2)),
        "live-feed");
    feedForStatus.set(feed);
    waitingForFeed.forEach(replyTo -> replyTo.tell(feed));
    waitingForFeed.clear();
    return this;
  }

  /** Notifier, Debouncer and one HomeMonitor per home; returns the monitors by home id. */
  private Map<String, ActorRef<HomeMonitor.Command>> spawnAlerting(List<Home> homes) {
    DispatcherSelector blockingIo = DispatcherSelector.fromConfig("powerwatch.blocking-io-dispatcher");
    Path stateDir = settings.stateDir();
    Outbox outbox = new Outbox(stateDir, deps.mapper());
    ActorRef<Notifier.Command> notifier = getContext().spawn(
        Behaviors.supervise(Notifier.create(settings.notifications(), outbox, deps.clock(), deps.random(),
                settings.alertTick()))
            .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(30), 0.2)),
        "notifier", blockingIo);
    notifierForStatus.set(notifier);
    Map<String, RuleSpec> specs = settings.rules().stream()
        .collect(Collectors.toMap(r -> r.spec().name(), Rule::spec));
    Map<String, ZoneId> zones = homes.stream().collect(Collectors.toMap(Home::id, PowerWatch::zoneOf));
    ActorRef<Debouncer.Command> debouncer = getContext().spawn(
        Behaviors.supervise(Debouncer.create(
                new Debouncer.Delivery(new DebounceStore(stateDir, deps.mapper(), deps.clock()), notifier),
                restored -> new DebounceBook(specs, zones, restored), deps.clock(), settings.alertTick()))
            .onFailure(SupervisorStrategy.restart()),
        "debouncer", blockingIo);
    debouncerForStatus.set(debouncer);
    Map<String, ActorRef<HomeMonitor.Command>> monitors = new HashMap<>();
    for (Home home : homes) {
      monitors.put(home.id(), getContext().spawn(
          Behaviors.supervise(HomeMonitor.create(home, settings.rules(), debouncer.narrow(), deps.clock(),
              settings.alertTick())).onFailure(SupervisorStrategy.restart()),
          "home-" + URLEncoder.encode(home.id(), StandardCharsets.UTF_8)));
    }
    return monitors;
  }

  private static ZoneId zoneOf(Home home) {
    try {
      return home.timeZone() == null ? ZoneId.systemDefault() : ZoneId.of(home.timeZone());
    } catch (DateTimeException e) {
      return ZoneId.systemDefault();
    }
  }

  private Behavior<Command> onDiscoveryFailed(DiscoveryFailed msg) {
    if (msg.cause() instanceof TibberApiException api && api.kind() == TibberApiException.Kind.UNAUTHENTICATED) {
      return stopWith(api.asRejectedToken());
    }
    discoveryFailures++;
    Duration delay = msg.cause() instanceof TibberApiException api
        ? retryPolicy.delay(Disconnect.fromApi(api), discoveryFailures)
        : retryPolicy.backoff(discoveryFailures);
    getContext().getLog().warn("Cannot list the homes yet ({}); trying again in {}", msg.cause().getMessage(),
        Durations.human(delay));
    timers.startSingleTimer(Retry.INSTANCE, delay);
    return this;
  }

  private Behavior<Command> onRetry() {
    discover();
    return this;
  }

  private Behavior<Command> onGetFeed(GetFeed msg) {
    if (feed == null) {
      waitingForFeed.add(msg.replyTo());
    } else {
      msg.replyTo().tell(feed);
    }
    return this;
  }

  private Behavior<Command> stopWith(SettingsException problem) {
    fatal.complete(problem);
    return Behaviors.stopped();
  }
}
