package dev.powerwatch.cli;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.PowerWatch;
import dev.powerwatch.feed.MeasurementPrinter;
import dev.powerwatch.settings.SettingsLoader;
import dev.powerwatch.settings.StartupCheck;
import dev.powerwatch.simulator.SimulatorConfig;
import dev.powerwatch.simulator.TibberSimulator;
import dev.powerwatch.support.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the daemon. With --demo, against a built-in Tibber simulator (no account needed).")
public final class RunCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", description = "The operator's HOCON file.")
  Path configFile;

  @Option(names = "--demo", description = "Start the Tibber simulator in-process and watch it.")
  boolean demo;

  @Option(names = "--print", description = "Print every measurement on standard output.")
  boolean print;

  @Option(names = "--nodes", paramLabel = "N", defaultValue = "1",
      description = "With --demo: N cluster nodes (3 to 5) in this process, on a journal in memory; after a minute"
          + " the first stops as if its machine died, and the others take over its homes.")
  int nodes;

  /** How long the cluster demo runs before it stops its first node; shorter in tests. */
  @Option(names = "--stop-first-node-after", hidden = true, defaultValue = "60s", converter = DurationConverter.class)
  java.time.Duration stopFirstNodeAfter;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (nodes != 1 && (nodes < 3 || nodes > 5 || !demo)) {
      // Two nodes cannot lose one: the Split Brain Resolver keeps a majority, and one of two is none.
      spec.commandLine().getErr().println("powerwatch: --nodes takes 3 to 5, and only with --demo (a real cluster"
          + " runs one process per machine: README, \"Running several nodes\")");
      return ExitCodes.USAGE;
    }
    if (!demo) {
      StartupCheck.Checked checked = StartupCheck.daemon(configFile, System.getenv());
      return Daemon.run(checked, subscribers(print), spec.commandLine().getErr());
    }
    Config config = SettingsLoader.loadConfig(configFile);
    ActorSystem<Void> simulatorSystem = ActorSystem.create(Behaviors.empty(), "simulator", config);
    try (TibberSimulator simulator = TibberSimulator.start(simulatorSystem, SimulatorConfig.demo(), Json.mapper(),
        Clock.systemUTC())) {
      return runDemo(config, simulator, spec.commandLine().getErr());
    } finally {
      simulatorSystem.terminate();
    }
  }

  /** A demo keeps its state in a folder of its own, gone when it ends. */
  private int runDemo(Config config, TibberSimulator simulator, PrintWriter err) throws IOException {
    Path stateDir = Files.createTempDirectory("powerwatch-demo");
    try {
      return runDemo(config, simulator, stateDir, err);
    } finally {
      deleteTree(stateDir);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private int runDemo(Config config, TibberSimulator simulator, Path stateDir, PrintWriter err) throws IOException {
    if (nodes > 1) {
      System.out.println("powerwatch demo: " + nodes + " nodes of a cluster watching a simulated Tibber Pulse at "
          + simulator.apiUrl() + " (Ctrl-C to stop)");
      DemoScript script = DemoScript.start(simulator, System.out);
      try {
        // The libraries' own defaults: a single process's configuration leaves the cluster's serializers out.
        return ClusterDemo.run(demoOverrides(simulator, stateDir).withFallback(ConfigFactory.load()), simulator,
            stateDir, nodes, stopFirstNodeAfter, subscribers(true), err);
      } finally {
        script.close();
      }
    }
    StartupCheck.Checked checked = StartupCheck.daemon(demoOverrides(simulator, stateDir).withFallback(config),
        Map.of());
    System.out.println("powerwatch demo: watching a simulated Tibber Pulse at " + simulator.apiUrl()
        + " (Ctrl-C to stop)");
    System.out.println("Rule: notify at 8000 W or more, again every 30 s while it lasts, and when it is over.");
    DemoScript script = DemoScript.start(simulator, System.out);
    try {
      return Daemon.run(checked, subscribers(true), err);
    } finally {
      script.close();
    }
  }

  private static Config demoOverrides(TibberSimulator simulator, Path stateDir) {
    return ConfigFactory.parseString("powerwatch.rules = " + DemoScript.RULES
            + "\npowerwatch.notify.channels = [{ type = tibber }]")
        .withFallback(ConfigFactory.parseMap(Map.of(
            "powerwatch.tibber.api-url", simulator.apiUrl().toString(),
            "powerwatch.tibber.token", SimulatorConfig.DEMO_TOKEN,
            "powerwatch.tibber.token-file", "",
            "powerwatch.tibber.homes", List.of(),
            "powerwatch.state-dir", stateDir.toString(),
            "powerwatch.http.port", 0)));
  }

  private static List<PowerWatch.SubscriberFactory> subscribers(boolean print) {
    List<PowerWatch.SubscriberFactory> subscribers = new ArrayList<>();
    if (print) {
      PrintStream out = System.out;
      subscribers.add(homes -> MeasurementPrinter.create(homes, out));
    }
    return subscribers;
  }
}
