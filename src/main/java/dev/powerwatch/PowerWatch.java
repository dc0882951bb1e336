package dev.powerwatch;

import akka.Done;
import akka.actor.CoordinatedShutdown;
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
import akka.http.javadsl.ServerBinding;
import dev.powerwatch.cluster.ClusterConfig;
import dev.powerwatch.cluster.ClusterMqtt;
import dev.powerwatch.cluster.ClusterNode;
import dev.powerwatch.cluster.ClusterSilences;
import dev.powerwatch.cluster.FeedEntity;
import dev.powerwatch.cluster.HomeEntity;
import dev.powerwatch.debounce.DebounceBook;
import dev.powerwatch.debounce.DebounceStore;
import dev.powerwatch.debounce.Debouncer;
import dev.powerwatch.debounce.NoticePolicy;
import dev.powerwatch.debounce.RestoredAlerts;
import dev.powerwatch.debounce.QuietHoursHold;
import dev.powerwatch.debounce.SilenceDesk;
import dev.powerwatch.feed.Disconnect;
import dev.powerwatch.feed.FeedSubscriber;
import dev.powerwatch.settings.HomeSelection;
import dev.powerwatch.feed.LiveFeed;
import dev.powerwatch.feed.ReconnectPolicy;
import dev.powerwatch.http.HttpApi;
import dev.powerwatch.http.HttpSettings;
import dev.powerwatch.http.LiveHub;
import dev.powerwatch.mqtt.DiscoveryMemory;
import dev.powerwatch.mqtt.MqttBridge;
import dev.powerwatch.notify.Channel;
import dev.powerwatch.notify.ChannelSender;
import dev.powerwatch.notify.Notifier;
import dev.powerwatch.notify.NotifySettings;
import dev.powerwatch.notify.Outbox;
import dev.powerwatch.notify.OutboxEntry;
import dev.powerwatch.notify.TibberPushChannel;
import dev.powerwatch.rules.HomeMonitor;
import dev.powerwatch.rules.Rule;
import dev.powerwatch.rules.RuleContext;
import dev.powerwatch.settings.Settings;
import dev.powerwatch.settings.WatchedAccount;
import dev.powerwatch.settings.Version;
import dev.powerwatch.status.BrokerStatus;
import dev.powerwatch.status.ClusterParts;
import dev.powerwatch.status.DaemonParts;
import dev.powerwatch.status.StatusQuery;
import dev.powerwatch.support.Durations;
import dev.powerwatch.support.Failures;
import dev.powerwatch.support.Secret;
import dev.powerwatch.support.SettingsException;
import dev.powerwatch.support.SteadyTime;
import dev.powerwatch.systemd.ServiceManager;
import dev.powerwatch.systemd.SystemdNotify;
import dev.powerwatch.tibber.AcceptedTokens;
import dev.powerwatch.tibber.Home;
import dev.powerwatch.tibber.Measurement;
import dev.powerwatch.tibber.TibberAccount;
import dev.powerwatch.tibber.TibberApi;
import dev.powerwatch.tibber.TibberApiException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * The guardian: binds the HTTP server, finds the homes to watch, then spawns the supervised
 * children and wires them. A configuration Tibber refuses (a token it never accepted here, a home)
 * or a port in use ends the daemon with {@code fatal} completed; anything transient is retried,
 * a token Tibber accepted before and refuses now included.
 */
public final class PowerWatch extends AbstractBehavior<PowerWatch.Command> {

  public sealed interface Command {}

  public record GetFeed(ActorRef<ActorRef<LiveFeed.Command>> replyTo) implements Command {}

  /** What runs now, for the HTTP server to ask each part. */
  public record GetParts(ActorRef<DaemonParts> replyTo) implements Command {}

  /** Each account's answer: its homes, or why Tibber could not list them. */
  private record Discovered(List<Listing> listings) implements Command {}

  private record Listing(TibberAccount account, HomeSelection.Listed listed, Throwable failure) {}

  private enum Retry implements Command { INSTANCE }

  /** The watchdog's heartbeat: it goes out only while the guardian handles its messages. */
  private enum Heartbeat implements Command { INSTANCE }

  private record Listening(ServerBinding binding) implements Command {}

  private record CannotListen(Throwable cause) implements Command {}

  /** Extra consumers of measurements, spawned once the homes are known (the console printer). */
  /** Something more to do with each measurement, given the homes; runs in an actor of its own. */
  public interface SubscriberFactory extends Function<List<Home>, Consumer<Measurement>> {}

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);
  private static final DispatcherSelector BLOCKING_IO = DispatcherSelector.fromConfig("powerwatch.blocking-io-dispatcher");

  private final Settings settings;
  private final LiveFeed.Dependencies deps;
  private final List<SubscriberFactory> extraSubscribers;
  private final CompletableFuture<SettingsException> fatal;
  private final TimerScheduler<Command> timers;
  private final ReconnectPolicy retryPolicy;
  private final AcceptedTokens acceptedTokens;
  private final LiveHub hub;
  private final ServiceManager serviceManager;
  private final List<ActorRef<ActorRef<LiveFeed.Command>>> waitingForFeed = new ArrayList<>();
  private final Map<TibberAccount, TibberApi> apis = new LinkedHashMap<>();
  private List<WatchedAccount> accounts = List.of();
  private List<Home> homes = List.of();
  private String discovering = "asking Tibber for the account's homes";
  private ActorRef<LiveFeed.Command> feed;
  private ActorRef<Debouncer.Command> debouncer;
  private ActorRef<Notifier.Command> notifier;
  private DebounceStore alertStore;
  private RestoredAlerts restored;
  private Map<String, ActorRef<HomeMonitor.Command>> monitors = Map.of();
  private Optional<Supplier<CompletionStage<BrokerStatus>>> broker = Optional.empty();
  private int discoveryFailures;

  public static Behavior<Command> create(Settings settings, LiveFeed.Dependencies deps,
      List<SubscriberFactory> extraSubscribers, CompletableFuture<SettingsException> fatal) {
    return create(settings, deps, extraSubscribers, fatal, ServiceManager.none());
  }

  public static Behavior<Command> create(Settings settings, LiveFeed.Dependencies deps,
      List<SubscriberFactory> extraSubscribers, CompletableFuture<SettingsException> fatal,
      ServiceManager serviceManager) {
    return Behaviors.setup(context -> Behaviors.withTimers(
        timers -> new PowerWatch(context, timers, settings, deps, extraSubscribers, fatal, serviceManager)));
  }

  private PowerWatch(ActorContext<Command> context, TimerScheduler<Command> timers, Settings settings,
      LiveFeed.Dependencies deps, List<SubscriberFactory> extraSubscribers,
      CompletableFuture<SettingsException> fatal, ServiceManager serviceManager) {
    super(context);
    this.serviceManager = serviceManager;
    context.setLoggerName(PowerWatch.class);
    this.timers = timers;
    this.settings = settings;
    this.deps = deps;
    this.extraSubscribers = List.copyOf(extraSubscribers);
    this.fatal = fatal;
    this.retryPolicy = new ReconnectPolicy(settings.feed(), deps.random());
    this.acceptedTokens = new AcceptedTokens(settings.stateDir());
    this.hub = new LiveHub(deps.mapper(), deps.metrics());
    settings.tibber().accounts().forEach(account -> apis.put(account, account.name().equals(TibberAccount.MAIN)
        ? deps.api() : new TibberApi(context.getSystem(), settings.tibber().forAccount(account), deps.mapper(), deps.clock())));
    addShutdownTasks();
    if (settings.http().enabled()) {
      bindHttp();
    } else {
      running();
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Discovered.class, this::onDiscovered)
        .onMessageEquals(Retry.INSTANCE, this::onRetry)
        .onMessage(GetFeed.class, this::onGetFeed)
        .onMessage(GetParts.class, this::onGetParts)
        .onMessage(Listening.class, this::onListening)
        .onMessage(CannotListen.class, this::onCannotListen)
        .onMessageEquals(Heartbeat.INSTANCE, this::onHeartbeat)
        .build();
  }

  // --- the HTTP server --------------------------------------------------------------------

  /** The port comes first: a port in use stops start with one line, before Tibber is asked anything. */
  private void bindHttp() {
    getContext().pipeToSelf(HttpApi.bind(getContext().getSystem(), settings.http(), parts(), deps.mapper(), hub,
            deps.metrics()),
        (binding, failure) -> failure == null ? new Listening(binding) : new CannotListen(failure));
  }

  /** What runs now, asked of this guardian: what the HTTP API and MQTT report on. */
  private Supplier<CompletionStage<DaemonParts>> parts() {
    ActorSystem<Void> system = getContext().getSystem();
    ActorRef<Command> self = getContext().getSelf();
    return () -> AskPattern.ask(self, GetParts::new, ASK_TIMEOUT, system.scheduler());
  }

  private Behavior<Command> onListening(Listening msg) {
    getContext().getLog().info("Serving http://{}:{}/ (health, ready, api/state, metrics, api/live, dashboard)",
        settings.http().host(), msg.binding().localAddress().getPort());
    msg.binding().addToCoordinatedShutdown(Duration.ofSeconds(3), getContext().getSystem());
    running();
    return this;
  }

  /** Up and serving: systemd hears READY=1 now, whatever Tibber says later (a daemon backing off is up). */
  private void running() {
    serviceManager.notifier().send(SystemdNotify.READY);
    serviceManager.heartbeat().ifPresent(every -> {
      getContext().getLog().info("Telling systemd's watchdog every {}", Durations.human(every));
      timers.startTimerWithFixedDelay(Heartbeat.INSTANCE, every);
    });
    if (!settings.cluster().enabled()) {
      startDelivery();
    }
    discover();
  }

  /**
   * What a crash or a stop left in the outbox goes out from the start, also while Tibber cannot
   * list the homes yet: each notice names its home's time zone for the quiet hours of a retry. The
   * alert state is read first, as it was before the Notifier delivers (and removes) anything.
   */
  private void startDelivery() {
    alertStore = new DebounceStore(settings.stateDir(), deps.mapper(), deps.clock());
    restored = new RestoredAlerts(alertStore, () -> new Outbox(settings.stateDir(), deps.mapper()).loadAll()
        .stream().map(OutboxEntry::notification).toList());
    notifier = spawnNotifier();
    addOutboxShutdownTasks(notifier);
  }

  private Behavior<Command> onHeartbeat() {
    serviceManager.notifier().send(SystemdNotify.WATCHDOG);
    return this;
  }

  private Behavior<Command> onCannotListen(CannotListen msg) {
    HttpSettings http = settings.http();
    return stopWith(new SettingsException("powerwatch.http.port", "cannot listen on " + http.host() + ":"
        + http.port() + " (" + Failures.rootCause(msg.cause()) + "); stop what uses it, choose another port,"
        + " or set powerwatch.http.enabled = false"));
  }

  private Behavior<Command> onGetParts(GetParts msg) {
    Map<String, NoticePolicy> policies = settings.rules().stream()
        .collect(Collectors.toMap(r -> r.spec().name(), r -> r.spec().notice()));
    ActorSystem<Void> system = getContext().getSystem();
    Optional<ClusterParts> cluster = settings.cluster().ifEnabled()
        .map(enabled -> ClusterNode.statusParts(system, homes.stream().map(Home::id).toList(), policies.keySet(),
            deps.clock()));
    msg.replyTo().tell(new DaemonParts(homes, policies, Optional.ofNullable(discovering), Optional.ofNullable(feed),
        Optional.ofNullable(debouncer), Optional.ofNullable(notifier), monitors, broker, cluster));
    return this;
  }

  // --- discovery --------------------------------------------------------------------------

  private void discover() {
    getContext().getLog().info("Asking Tibber at {} for the homes of {}", settings.tibber().apiUrl(),
        apis.size() == 1 ? "the account" : apis.size() + " accounts");
    List<CompletableFuture<Listing>> listings = apis.entrySet().stream().map(entry -> {
      TibberAccount account = entry.getKey();
      return entry.getValue().feedEndpoint().toCompletableFuture().handle((endpoint, failure) -> failure == null
          ? new Listing(account, new HomeSelection.Listed(account, entry.getValue(), endpoint.homes()), null)
          : new Listing(account, null, Failures.unwrap(failure)));
    }).toList();
    getContext().pipeToSelf(CompletableFuture.allOf(listings.toArray(CompletableFuture[]::new)),
        (done, never) -> new Discovered(listings.stream().map(CompletableFuture::join).toList()));
  }

  private Behavior<Command> onDiscovered(Discovered msg) {
    Optional<Listing> failed = msg.listings().stream().filter(listing -> listing.failure() != null).findFirst();
    if (failed.isPresent()) {
      return onDiscoveryFailed(failed.get().account(), failed.get().failure());
    }
    try {
      accounts = HomeSelection.selectAll(msg.listings().stream().map(Listing::listed).toList());
      homes = accounts.stream().flatMap(account -> account.homes().stream()).toList();
      HomeSelection.checkRuleHomes(settings.rules(), homes);
    } catch (SettingsException e) {
      return stopWith(e);
    }
    discovering = null;
    accounts.forEach(watched -> acceptedTokens.remember(watched.account().token()));
    Map<String, Secret> tokenByHome = new HashMap<>();
    accounts.forEach(watched -> watched.homes().forEach(home -> tokenByHome.put(home.id(), watched.account().token())));
    settings.notifications().channels().stream().filter(TibberPushChannel.class::isInstance)
        .forEach(channel -> ((TibberPushChannel) channel).homesOfAccounts(tokenByHome));
    for (WatchedAccount watched : accounts) {
      String through = accounts.size() == 1 ? "" : " through account " + watched.account().name();
      watched.homes().forEach(h -> getContext().getLog().info("Watching home {} ({}, {}){}", h.id(), h.displayName(),
          h.timeZone(), through));
    }
    spawnChildren();
    return this;
  }

  private Behavior<Command> onDiscoveryFailed(TibberAccount account, Throwable cause) {
    if (cause instanceof TibberApiException api && api.kind() == TibberApiException.Kind.UNAUTHENTICATED
        && !acceptedTokens.acceptedBefore(account.token())) {
      return stopWith(api.asRejectedToken(account.tokenKey()));
    }
    discoveryFailures++;
    Duration delay = cause instanceof TibberApiException api
        ? retryPolicy.delay(Disconnect.fromApi(api), discoveryFailures)
        : retryPolicy.backoff(discoveryFailures);
    String whose = account.name().equals(TibberAccount.MAIN) ? "" : " of account " + account.name();
    discovering = "cannot list the homes" + whose + " yet (" + cause.getMessage() + "); next try in "
        + Durations.human(delay);
    getContext().getLog().warn("Cannot list the homes{} yet ({}); trying again in {}", whose, cause.getMessage(),
        Durations.human(delay));
    timers.startSingleTimer(Retry.INSTANCE, delay);
    return this;
  }

  private Behavior<Command> onRetry() {
    discover();
    return this;
  }

  // --- the children -----------------------------------------------------------------------

  private void spawnChildren() {
    if (settings.cluster().enabled()) {
      spawnNode();
      return;
    }
    List<FeedSubscriber> subscribers = new ArrayList<>();
    monitors = spawnAlerting();
    Map<String, ActorRef<HomeMonitor.Command>> byHome = Map.copyOf(monitors);
    subscribers.add((batch, done) -> HomeMonitor.route(byHome, batch, done));
    subscribers.addAll(localSubscribers());
    List<String> ids = homes.stream().map(Home::id).toList();
    feed = getContext().spawn(
        Behaviors.supervise(LiveFeed.create(settings.feed(), deps, ids, subscribers))
            .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 0.2)),
        "live-feed");
    waitingForFeed.forEach(replyTo -> replyTo.tell(feed));
    waitingForFeed.clear();
    addChildShutdownTasks(feed, debouncer);
  }

  /** What this process does with the measurements besides the rules: the live hub, MQTT, --print. */
  private List<FeedSubscriber> localSubscribers() {
    List<FeedSubscriber> subscribers = new ArrayList<>();
    subscribers.add(worker(hub::publish, "live-hub", DispatcherSelector.defaultDispatcher()));
    if (settings.mqtt().enabled() && settings.cluster().enabled()) {
      startClusterMqtt();
    } else if (settings.mqtt().enabled()) {
      ActorRef<MqttBridge.Command> bridge = getContext().spawn(mqttBridge(SilenceDesk.of(debouncer,
          getContext().getSystem(), ASK_TIMEOUT)), "mqtt");
      ActorSystem<Void> system = getContext().getSystem();
      broker = Optional.of(() -> AskPattern.ask(bridge, MqttBridge.GetStatus::new, ASK_TIMEOUT, system.scheduler()));
      subscribers.add((batch, done) -> bridge.tell(new MqttBridge.Measured(batch, done)));
    }
    for (int i = 0; i < extraSubscribers.size(); i++) {
      // --print writes to stdout, which may block: not on the default dispatcher
      subscribers.add(worker(extraSubscribers.get(i).apply(homes), "subscriber-" + i, DispatcherSelector.blocking()));
    }
    return subscribers;
  }

  /**
   * On a cluster the homes and the account's feed are sharded entities: this node hosts its share
   * of them, delivers their notices through a Notifier of its own, and hears the measurements of
   * the feed when it hosts it.
   */
  private void spawnNode() {
    ClusterConfig.plainTextWarning(settings.cluster(), getContext().getSystem().settings().config())
        .ifPresent(getContext().getLog()::warn);
    notifier = spawnNotifier();
    HomeEntity.Parts home = new HomeEntity.Parts(settings.rules(), ruleContext(), noticePolicies(),
        settings.notifications().channels().stream().map(Channel::name).toList(), notifier, deps.clock(),
        settings.alertTick(), deps.metrics().cluster());
    List<FeedEntity.Account> feeds = accounts.stream().map(watched -> new FeedEntity.Account(
        watched.account().name(), new LiveFeed.Dependencies(watched.api(), watched.account().token(), deps.mapper(),
            deps.clock(), deps.random(), deps.metrics()), watched.homeIds())).toList();
    getContext().spawn(ClusterNode.create(new ClusterNode.Parts(settings.feed(), feeds, homes, home,
        localSubscribers(), settings.cluster().createSchema(), settings.cluster().homeTimeout())), "cluster-node");
    feed = getContext().spawn(FeedEntity.statusProxy(feeds), "live-feed");
    waitingForFeed.forEach(replyTo -> replyTo.tell(feed));
    waitingForFeed.clear();
  }

  private FeedSubscriber worker(Consumer<Measurement> each, String name, DispatcherSelector dispatcher) {
    return FeedSubscriber.of(getContext().spawn(
        Behaviors.supervise(FeedSubscriber.worker(each)).onFailure(SupervisorStrategy.restart()), name, dispatcher));
  }

  /** The MQTT bridge: it reads the daemon's status as /api/state does, and mutes through {@code silences}. */
  private Behavior<MqttBridge.Command> mqttBridge(SilenceDesk silences) {
    StatusQuery status = new StatusQuery(getContext().getSystem(), parts(), hub::latest);
    MqttBridge.Parts parts = new MqttBridge.Parts(homes, settings.rules().stream().map(Rule::spec).toList(),
        status::snapshot, silences);
    return Behaviors.supervise(MqttBridge.create(settings.mqtt(), parts,
            new DiscoveryMemory(settings.stateDir(), deps.mapper(), deps.clock()), Version.current(), deps.mapper(),
            deps.metrics(), deps.clock(), deps.random()))
        .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 0.2));
  }

  /** On a cluster one node runs the bridge at a time; every node offers it and can ask it how the broker is. */
  private void startClusterMqtt() {
    ActorSystem<Void> system = getContext().getSystem();
    ActorRef<ClusterMqtt.Command> bridge = ClusterMqtt.start(system, mqttBridge(new ClusterSilences(system,
        homes.stream().map(Home::id).toList(), noticePolicies().keySet(), deps.clock())));
    broker = Optional.of(() -> AskPattern.ask(bridge, ClusterMqtt.GetStatus::new, ASK_TIMEOUT, system.scheduler()));
  }

  /** The Debouncer and one HomeMonitor per home, to the Notifier started before; returns the monitors by home id. */
  private Map<String, ActorRef<HomeMonitor.Command>> spawnAlerting() {
    Map<String, NoticePolicy> notices = noticePolicies();
    Map<String, ZoneId> zones = zones();
    debouncer = getContext().spawn(
        Behaviors.supervise(Debouncer.create(
                new Debouncer.Delivery(alertStore, notifier, restored),
                DebounceBook.forDaemon(notices, zones, SteadyTime.of(deps.clock())),
                deps.clock(), settings.alertTick(), deps.metrics()))
            .onFailure(SupervisorStrategy.restart()),
        "debouncer", BLOCKING_IO);
    RuleContext ruleContext = ruleContext();
    Map<String, ActorRef<HomeMonitor.Command>> monitors = new HashMap<>();
    for (Home home : homes) {
      monitors.put(home.id(), getContext().spawn(
          Behaviors.supervise(HomeMonitor.create(home, settings.rules(), ruleContext, debouncer.narrow(), deps.clock(),
              settings.alertTick())).onFailure(SupervisorStrategy.restart()),
          "home-" + URLEncoder.encode(home.id(), StandardCharsets.UTF_8)));
      monitors.get(home.id()).tell(HomeMonitor.Restored.of(home.id(), restored.atProcessStart()));
    }
    return monitors;
  }

  private ActorRef<Notifier.Command> spawnNotifier() {
    return getContext().spawn(
        Behaviors.supervise(Notifier.create(settings.notifications(), new Outbox(settings.stateDir(), deps.mapper()),
                deps.clock(), deps.random(), settings.alertTick(), deps.metrics(),
                new QuietHoursHold(noticePolicies(), zones())))
            .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(30), 0.2)),
        "notifier", BLOCKING_IO);
  }

  private Map<String, ZoneId> zones() {
    return homes.stream().collect(Collectors.toMap(Home::id, Home::zone));
  }

  private Map<String, NoticePolicy> noticePolicies() {
    return settings.rules().stream().collect(Collectors.toMap(r -> r.spec().name(), r -> r.spec().notice()));
  }

  private RuleContext ruleContext() {
    Map<String, TibberApi> apiByHome = new HashMap<>();
    accounts.forEach(watched -> watched.homes().forEach(home -> apiByHome.put(home.id(), watched.api())));
    return new RuleContext(settings.stateDir(), deps.mapper(),
        getContext().getSystem().dispatchers().lookup(BLOCKING_IO),
        (homeId, hours) -> apiByHome.getOrDefault(homeId, deps.api()).hourlyConsumption(homeId, hours));
  }

  // --- stopping ---------------------------------------------------------------------------

  /**
   * On SIGTERM or SIGINT: the live clients get a close frame, the feed ends its subscriptions and
   * closes with 1000, the pushes under way are answered, the alert state and the outbox are written;
   * the HTTP server unbinds itself.
   */
  private void addShutdownTasks() {
    ActorSystem<Void> system = getContext().getSystem();
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "say-stopping", () -> {
      LoggerFactory.getLogger(PowerWatch.class).info("Stopping ({})",
          shutdown.getShutdownReason().map(Object::toString).orElse("asked to"));
      serviceManager.notifier().send(SystemdNotify.STOPPING);
      hub.closeAll();
      return CompletableFuture.completedFuture(Done.done());
    });
  }

  /** Once the children run: the feed closes its socket, then the alert state and the outbox are written. */
  private void addChildShutdownTasks(ActorRef<LiveFeed.Command> liveFeed, ActorRef<Debouncer.Command> state) {
    ActorSystem<Void> system = getContext().getSystem();
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "close-live-feed", () ->
        AskPattern.<LiveFeed.Command, LiveFeed.Stopped>ask(liveFeed, LiveFeed.Stop::new,
                LiveFeed.CLOSE_GRACE.plusSeconds(1), system.scheduler())
            .handle((stopped, failure) -> Done.done()));
    shutdown.addTask(CoordinatedShutdown.PhaseServiceStop(), "write-alert-state", () ->
        AskPattern.<Debouncer.Command, Done>ask(state, Debouncer.Flush::new, ASK_TIMEOUT, system.scheduler())
            .handle((done, failure) -> Done.done()));
  }

  /** The pushes under way have their answer before the outbox is written, so that none goes out again. */
  private void addOutboxShutdownTasks(ActorRef<Notifier.Command> outbox) {
    ActorSystem<Void> system = getContext().getSystem();
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "finish-pushes", () ->
        AskPattern.<Notifier.Command, Done>ask(outbox, Notifier.FinishAttempts::new,
                stopWaitingForPushes(settings.notifications()), system.scheduler())
            .handle((done, failure) -> Done.done()));
    shutdown.addTask(CoordinatedShutdown.PhaseServiceStop(), "write-outbox", () ->
        AskPattern.<Notifier.Command, Done>ask(outbox, Notifier.FlushNow::new, ASK_TIMEOUT, system.scheduler())
            .handle((done, failure) -> Done.done()));
  }

  /** How long a stop waits for the pushes under way; the phase it runs in is given as long (see Daemon). */
  public static Duration stopWaitingForPushes(NotifySettings notify) {
    return ChannelSender.longestAttempt(notify.requestTimeout()).plusSeconds(1);
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
