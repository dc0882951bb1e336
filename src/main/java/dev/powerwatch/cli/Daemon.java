package dev.powerwatch.cli;

import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.powerwatch.PowerWatch;
import dev.powerwatch.cluster.ClusterConfig;
import dev.powerwatch.feed.LiveFeed;
import dev.powerwatch.metrics.Metrics;
import dev.powerwatch.settings.Settings;
import dev.powerwatch.settings.StartupCheck;
import dev.powerwatch.support.Json;
import dev.powerwatch.support.LocalSerializers;
import dev.powerwatch.support.SettingsException;
import dev.powerwatch.systemd.ServiceManager;
import dev.powerwatch.tibber.TibberApi;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** Starts the daemon's actor system from settings and waits for it to end. */
public final class Daemon {
  private Daemon() {}

  /**
   * The configuration of a tool's actor system (check-config, test-notify): the user agent; never a
   * cluster node, so without the cluster's serializers even where the file enables a cluster.
   */
  public static Config actorSystemConfig(Config config, Settings settings) {
    return withUserAgent(settings.cluster().enabled() ? LocalSerializers.only(config) : config, settings);
  }

  /** The daemon's own: on a cluster, the node's part as well (remoting, sharding, the journal). */
  public static Config daemonConfig(Config config, Settings settings) {
    Config withAgent = withPushesFinishedOnStop(withUserAgent(config, settings), settings);
    return settings.cluster().ifEnabled()
        .map(cluster -> ClusterConfig.node(cluster, config.getConfig("powerwatch"), settings.tibber().accounts())
            .withFallback(withAgent))
        .orElse(withAgent);
  }

  /** A stop waits for the pushes under way: the phase it does so in lasts as long as the longest push. */
  private static Config withPushesFinishedOnStop(Config config, Settings settings) {
    Duration phase = PowerWatch.stopWaitingForPushes(settings.notifications()).plusSeconds(1);
    return ConfigFactory.empty()
        .withValue("akka.coordinated-shutdown.phases.service-requests-done.timeout",
            ConfigValueFactory.fromAnyRef(phase.toMillis() + "ms"))
        .withFallback(config);
  }

  private static Config withUserAgent(Config config, Settings settings) {
    return ConfigFactory.empty()
        .withValue("akka.http.client.user-agent-header", ConfigValueFactory.fromAnyRef(settings.tibber().userAgent()))
        .withFallback(config);
  }

  public static LiveFeed.Dependencies dependencies(ActorSystem<?> system, Settings settings) {
    ObjectMapper mapper = Json.mapper();
    Clock clock = settings.clock();
    return new LiveFeed.Dependencies(new TibberApi(system, settings.tibber(), mapper, clock),
        settings.tibber().token(), mapper, clock, new Random(), Metrics.create());
  }

  /**
   * Runs until the system terminates and returns the exit code: SIGTERM and SIGINT run Akka's
   * coordinated shutdown, and a clean stop exits 0 (not the JVM's 143 for a signal).
   */
  public static int run(StartupCheck.Checked checked, List<PowerWatch.SubscriberFactory> subscribers,
      PrintWriter err) {
    Started started = start(checked, subscribers);
    stopOnSignals(List.of(started.system()));
    return awaitEnd(started, err);
  }

  /** A daemon's actor system, started, and what ends it for a reason the operator must fix. */
  record Started(ActorSystem<PowerWatch.Command> system, CompletableFuture<SettingsException> fatal) {}

  static Started start(StartupCheck.Checked checked, List<PowerWatch.SubscriberFactory> subscribers) {
    Config config = checked.config();
    Settings settings = checked.settings();
    checked.warnings().forEach(warning -> LoggerFactory.getLogger(StartupCheck.class).warn("{}", warning));
    CompletableFuture<SettingsException> fatal = new CompletableFuture<>();
    ActorSystem<PowerWatch.Command> system = ActorSystem.create(
        guardian(settings, subscribers, fatal), ClusterConfig.SYSTEM_NAME,
        daemonConfig(config, settings));
    fatal.thenRun(system::terminate);
    return new Started(system, fatal);
  }

  /** Waits for the daemon to end; its exit code. */
  static int awaitEnd(Started started, PrintWriter err) {
    ActorSystem<PowerWatch.Command> system = started.system();
    system.getWhenTerminated().toCompletableFuture().join();
    if (started.fatal().isDone()) {
      err.println("powerwatch: " + started.fatal().join().getMessage());
      return ExitCodes.CONFIG;
    }
    return exitCode(CoordinatedShutdown.get(system).getShutdownReason(), err);
  }

  /** Why the actor system ended, as the exit code that tells systemd whether to start the daemon again. */
  static int exitCode(Optional<CoordinatedShutdown.Reason> reason, PrintWriter err) {
    if (reason.filter(CoordinatedShutdown.incompatibleConfigurationDetectedReason()::equals).isPresent()) {
      err.println("powerwatch: the cluster watches other homes, rules, channels or another account than this"
          + " node's configuration says; give every node the same file (only state-dir, http and cluster.host/port"
          + " may differ)");
      return ExitCodes.CONFIG;
    }
    if (reason.filter(CoordinatedShutdown.clusterDowningReason()::equals).isPresent()) {
      err.println("powerwatch: the other nodes of the cluster removed this one (it was unreachable or on the"
          + " smaller side of a split); exiting " + ExitCodes.TEMPFAIL + " so that systemd starts it again and it"
          + " joins afresh");
      return ExitCodes.TEMPFAIL;
    }
    LoggerFactory.getLogger(Daemon.class).info("Stopped");
    return ExitCodes.OK;
  }

  static void stopOnSignals(List<ActorSystem<?>> systems) {
    for (String name : List.of("TERM", "INT")) {
      Signal.handle(new Signal(name), signal -> systems.forEach(system ->
          CoordinatedShutdown.get(system).runAll(new SignalReason("SIG" + signal.getName()))));
    }
  }

  /** Why the daemon stops, as the "Stopping" log line says it. */
  private record SignalReason(String signal) implements CoordinatedShutdown.Reason {
    @Override
    public String toString() {
      return signal;
    }
  }

  private static akka.actor.typed.Behavior<PowerWatch.Command> guardian(Settings settings,
      List<PowerWatch.SubscriberFactory> subscribers, CompletableFuture<SettingsException> fatal) {
    return akka.actor.typed.javadsl.Behaviors.setup(context ->
        PowerWatch.create(settings, dependencies(context.getSystem(), settings), subscribers, fatal,
            ServiceManager.fromEnvironment(System.getenv())));
  }
}
