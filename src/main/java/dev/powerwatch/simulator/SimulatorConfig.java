package dev.powerwatch.simulator;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/** How to run the simulator: where it listens, which account it serves, how fast it measures. */
public record SimulatorConfig(
    String host,
    int httpPort,
    int socketPort,
    Set<String> tokens,
    List<SimulatedHome> homes,
    Duration interval,
    Duration initTimeout,
    int maxSocketsPerToken,
    long seed) {

  public static final String DEMO_TOKEN = "demo-token";
  public static final String DEMO_HOME_ID = "96a14971-525a-4420-aae9-e5aedaa129ff";

  public SimulatorConfig {
    tokens = Set.copyOf(tokens);
    homes = List.copyOf(homes);
  }

  /** One home with a Pulse, a reading every two seconds, on loopback ports chosen by the OS. */
  public static SimulatorConfig demo() {
    return new SimulatorConfig("127.0.0.1", 0, 0, Set.of(DEMO_TOKEN),
        List.of(new SimulatedHome(DEMO_HOME_ID, "Home", ZoneId.of("Europe/Oslo"), true)),
        Duration.ofSeconds(2), Duration.ofSeconds(10), 2, 42);
  }

  /** {@code count} homes with a Pulse, for load rehearsals: "Home 1" ... with stable ids. */
  public static List<SimulatedHome> manyHomes(int count) {
    List<SimulatedHome> homes = new java.util.ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String id = java.util.UUID.nameUUIDFromBytes(("home-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8))
          .toString();
      homes.add(new SimulatedHome(id, "Home " + i, ZoneId.of("Europe/Oslo"), true));
    }
    return homes;
  }

  public SimulatorConfig withPorts(int http, int socket) {
    return new SimulatorConfig(host, http, socket, tokens, homes, interval, initTimeout, maxSocketsPerToken, seed);
  }

  public SimulatorConfig withHomes(List<SimulatedHome> newHomes) {
    return new SimulatorConfig(host, httpPort, socketPort, tokens, newHomes, interval, initTimeout,
        maxSocketsPerToken, seed);
  }

  public SimulatorConfig withInterval(Duration newInterval) {
    return new SimulatorConfig(host, httpPort, socketPort, tokens, homes, newInterval, initTimeout,
        maxSocketsPerToken, seed);
  }

  public SimulatorConfig withTokens(Set<String> newTokens) {
    return new SimulatorConfig(host, httpPort, socketPort, newTokens, homes, interval, initTimeout,
        maxSocketsPerToken, seed);
  }
}
