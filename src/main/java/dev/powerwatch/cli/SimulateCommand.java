package dev.powerwatch.cli;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import dev.powerwatch.settings.SettingsLoader;
import dev.powerwatch.simulator.SimulatedClock;
import dev.powerwatch.simulator.SimulatorConfig;
import dev.powerwatch.simulator.TibberSimulator;
import dev.powerwatch.support.CompressedClock;
import dev.powerwatch.support.Json;
import dev.powerwatch.support.SettingsException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Run a Tibber-compatible server for dry runs: GraphQL API, live feed, fault controls.")
public final class SimulateCommand implements Callable<Integer> {

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "HTTP port of the GraphQL API (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--socket-port", paramLabel = "PORT", description = "Port of the live feed socket (default: --port + 1).")
  Integer socketPort;

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
      description = "Time between readings (default ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--homes", paramLabel = "COUNT", defaultValue = "1",
      description = "How many homes with a Pulse the account has (default ${DEFAULT-VALUE}).")
  int homes;

  @Option(names = "--meter-start", paramLabel = "INSTANT",
      description = "Run the meter's clock from this time (e.g. 2026-11-22T02:00:00Z) instead of now.")
  Instant meterStart;

  @Option(names = "--meter-step", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "With --meter-start: how far the meter's clock moves per reading (default: --interval).")
  Duration meterStep;

  @Option(names = "--clock-speed", paramLabel = "FACTOR", defaultValue = "1",
      description = "Run the clock this many times faster than real time, for a rehearsal with a daemon given the"
          + " same powerwatch.rehearsal values (default ${DEFAULT-VALUE}).")
  double clockSpeed;

  @Option(names = "--clock-origin", paramLabel = "INSTANT",
      description = "With --clock-speed: what the clock reads at --clock-anchor.")
  Instant clockOrigin;

  @Option(names = "--clock-anchor", paramLabel = "INSTANT",
      description = "With --clock-speed: the real moment at which the clock reads --clock-origin (default: now).")
  Instant clockAnchor;

  @Option(names = "--clock-anchor-nanos", paramLabel = "NANOS",
      description = "With --clock-speed, instead of --clock-anchor: the reading of the machine's monotonic clock"
          + " (System.nanoTime, CLOCK_MONOTONIC on Linux) at which the clock reads --clock-origin; no step of the"
          + " wall clock moves such a timeline.")
  Long clockAnchorNanos;

  @Option(names = "--deliveries", paramLabel = "FILE",
      description = "Write every reading the feed sends to FILE, a line each: home, timestamp, power, subscriptions.")
  Path deliveries;

  @Option(names = "--token", paramLabel = "TOKEN", defaultValue = SimulatorConfig.DEMO_TOKEN,
      description = "The token the simulator accepts (default ${DEFAULT-VALUE}).")
  String token;

  @Option(names = "--account", paramLabel = "TOKEN=HOME,...",
      description = "An account that sees only these homes, by id (repeatable); its token is accepted too."
          + " A token not named here sees every home.")
  Map<String, String> accounts = new LinkedHashMap<>();

  /** The tokens accepted: {@code --token} and each account's. */
  Set<String> tokens() {
    Set<String> tokens = new LinkedHashSet<>(accounts.keySet());
    tokens.add(token);
    return tokens;
  }

  /** Each {@code --account}'s homes by its token. */
  Map<String, Set<String>> homesByAccount() {
    Map<String, Set<String>> homes = new LinkedHashMap<>();
    accounts.forEach((account, ids) -> {
      Set<String> own = Arrays.stream(ids.split(",")).map(String::strip).filter(id -> !id.isEmpty())
          .collect(Collectors.toCollection(LinkedHashSet::new));
      if (own.isEmpty()) {
        throw new SettingsException("--account", "names no home; give it as TOKEN=HOME-ID,HOME-ID");
      }
      homes.put(account, own);
    });
    return homes;
  }

  @Override
  public Integer call() throws InterruptedException, IOException {
    SimulatorConfig config = SimulatorConfig.demo()
        .withPorts(port, socketPort == null ? port + 1 : socketPort)
        .withInterval(interval)
        .withTokens(tokens());
    if (homes < 1) {
      throw new SettingsException("--homes", "must be at least 1, was " + homes);
    }
    Map<String, Set<String>> assigned = homesByAccount();
    config = new SimulatorConfig(host, config.httpPort(), config.socketPort(), config.tokens(),
        homes == 1 ? config.homes() : SimulatorConfig.manyHomes(homes), config.interval(), config.initTimeout(),
        config.maxSocketsPerToken(), config.seed());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "simulator",
        SettingsLoader.loadConfig(null));
    Clock clock = clock();
    TibberSimulator simulator = TibberSimulator.start(system, config, Json.mapper(), clock);
    assigned.forEach(simulator::assignHomes);
    if (deliveries != null) {
      simulator.recordDeliveries(deliveries);
    }
    if (clock instanceof SimulatedClock meter) {
      simulator.advancePerReading(meter, meterStep == null ? interval : meterStep);
      System.out.println("Meter clock from " + meterStart + ", " + (meterStep == null ? interval : meterStep)
          + " per reading");
    }
    System.out.println("Tibber simulator running. Point powerwatch at it with:");
    System.out.println("  powerwatch.tibber.api-url = \"" + simulator.apiUrl() + "\"");
    System.out.println("  " + SettingsLoader.TOKEN_ENV + "=" + token);
    System.out.println("Live feed: " + simulator.websocketUrl());
    System.out.println("Controls:  " + simulator.apiUrl().resolve("/simulator/status") + " (see README)");
    Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
    system.getWhenTerminated().toCompletableFuture().join();
    return ExitCodes.OK;
  }

  private Clock clock() {
    if (!(clockSpeed >= 1)) {
      throw new SettingsException("--clock-speed", "must be 1 (real time) or more, was " + clockSpeed);
    }
    if (clockSpeed == 1) {
      return meterStart == null ? Clock.systemUTC() : new SimulatedClock(meterStart);
    }
    if (meterStart != null || clockOrigin == null) {
      throw new SettingsException("--clock-speed", "takes --clock-origin, and not --meter-start");
    }
    if (clockAnchorNanos != null) {
      return CompressedClock.onMonotonic(clockOrigin, clockAnchorNanos, clockSpeed);
    }
    return CompressedClock.of(clockOrigin, clockAnchor == null ? Instant.now() : clockAnchor, clockSpeed);
  }
}
