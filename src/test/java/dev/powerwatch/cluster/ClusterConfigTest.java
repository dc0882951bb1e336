package dev.powerwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.CommandRun;
import dev.powerwatch.Fixtures;
import dev.powerwatch.PowerWatch;
import dev.powerwatch.simulator.TibberSimulator;
import dev.powerwatch.support.Secret;
import dev.powerwatch.tibber.TibberAccount;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What makes nodes one cluster: the same watching configuration, and the journal's schema. */
class ClusterConfigTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Secret MAIN_TOKEN = Secret.of(Fixtures.TOKEN);
  private static final List<TibberAccount> ONE_ACCOUNT = accounts(MAIN_TOKEN);

  private static List<TibberAccount> accounts(Secret main, TibberAccount... more) {
    List<TibberAccount> all = new java.util.ArrayList<>(List.of(new TibberAccount(TibberAccount.MAIN, "powerwatch.tibber",
        main, List.of())));
    all.addAll(List.of(more));
    return all;
  }

  @TempDir
  Path dir;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static final String WATCHING = "powerwatch { " + ClusterNodes.RULE + " }\n";

  private static Config powerwatch(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve()
        .getConfig("powerwatch");
  }

  @Test
  void whereANodeListensAndKeepsItsFilesIsItsOwnBusiness() {
    String base = ClusterConfig.hash(powerwatch(WATCHING), ONE_ACCOUNT);
    assertEquals(base, ClusterConfig.hash(powerwatch(WATCHING + """
        powerwatch { state-dir = "/srv/other", http.port = 9000, tibber.token-file = "/etc/other",
          cluster { host = "10.0.0.12", port = 25521 } }"""), ONE_ACCOUNT));
  }

  @Test
  void anotherAccountCountsByItsTokenAndHomesNotWhereItsTokenFileLies() {
    TibberAccount north = new TibberAccount("north", "k", Secret.of("north-token"), List.of("h1"));
    String base = ClusterConfig.hash(powerwatch(WATCHING + "powerwatch.tibber.accounts = [{ name = north,"
        + " token-file = /etc/a }]"), accounts(MAIN_TOKEN, north));
    assertEquals(base, ClusterConfig.hash(powerwatch(WATCHING + "powerwatch.tibber.accounts = [{ name = north,"
        + " token-file = /srv/b }]"), accounts(MAIN_TOKEN, north)));
    assertNotEquals(base, ClusterConfig.hash(powerwatch(WATCHING), ONE_ACCOUNT));
    assertNotEquals(base, ClusterConfig.hash(powerwatch(WATCHING), accounts(MAIN_TOKEN,
        new TibberAccount("north", "k", Secret.of("north-token"), List.of("h2")))));
    assertNotEquals(base, ClusterConfig.hash(powerwatch(WATCHING), accounts(MAIN_TOKEN,
        new TibberAccount("north", "k", Secret.of("other-token"), List.of("h1")))));
  }

  @Test
  void whatItWatchesIsNot() {
    String base = ClusterConfig.hash(powerwatch(WATCHING), ONE_ACCOUNT);
    assertNotEquals(base, ClusterConfig.hash(powerwatch(WATCHING.replace("8000", "8001")), ONE_ACCOUNT));
    assertNotEquals(base, ClusterConfig.hash(powerwatch(WATCHING + "powerwatch.tibber.homes = [x]"), ONE_ACCOUNT));
    assertNotEquals(base, ClusterConfig.hash(powerwatch(WATCHING), accounts(Secret.of("another-account"))));
    assertTrue(base.matches("[0-9a-f]{64}") && !base.contains(Fixtures.TOKEN));
  }

  @Test
  void theShippedSchemaIsAkkaPersistenceJdbcsOwn() throws Exception {
    String shipped = Files.readString(Path.of("deploy/cluster/schema.sql")).lines()
        .filter(line -> !line.startsWith("--")).collect(Collectors.joining("\n"));
    try (InputStream in = getClass().getResourceAsStream("/schema/postgres/postgres-create-schema.sql")) {
      assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip(), shipped.strip());
    }
  }

  @Test
  void aNodeConfiguredDifferentlyIsRefusedAndExits78() throws Exception {
    TibberSimulator simulator = ClusterNodes.simulator(testKit.system(), Duration.ofMillis(50));
    String database = "jdbc:h2:mem:config-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    List<Integer> ports = ClusterNodes.freePorts(2);
    ActorSystem<PowerWatch.Command> first = ClusterNodes.start(testKit.system(), simulator, dir, database,
        ports.get(0), List.of("127.0.0.1:" + ports.get(0)));
    try {
      Path other = Files.writeString(dir.resolve("other.conf"), WATCHING.replace("cooldown = 1h", "cooldown = 2h") + """
          powerwatch { state-dir = "%s", http.enabled = false,
            tibber { token = "%s", api-url = "%s", homes = %s, %s },
            cluster { enabled = true, port = %d, seed-nodes = ["127.0.0.1:%d"], database.url = "%s" } }
          """.formatted(dir.resolve("other"), Fixtures.TOKEN, simulator.apiUrl(), quoted(ClusterNodes.MAIN_HOMES),
          ClusterNodes.NORTH_ACCOUNT, ports.get(1), ports.get(0), database));
      CommandRun run = CommandRun.besideDaemon("run", "--config", other.toString());
      assertEquals(78, run.exitCode(), run.all());
      assertTrue(run.err().contains("the cluster watches other homes, rules, channels or another account"),
          run.err());
    } finally {
      first.terminate();
      first.getWhenTerminated().toCompletableFuture().join();
      simulator.close();
    }
  }

  private static String quoted(List<String> ids) {
    return ids.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(", ", "[", "]"));
  }

  @Test
  void aClusterPortBeyondLoopbackWithoutTlsIsWarnedAbout() {
    Config plain = ConfigFactory.load();
    Config tls = ConfigFactory.parseString("akka.remote.artery.transport = tls-tcp").withFallback(plain);
    ClusterSettings lan = new ClusterSettings(true, "10.0.0.11", 25520, List.of(), java.time.Duration.ofSeconds(20),
        java.time.Duration.ofSeconds(3), true, "jdbc:h2:mem:x", "", Secret.of(""));
    ClusterSettings local = new ClusterSettings(true, "127.0.0.1", 25520, List.of(), java.time.Duration.ofSeconds(20),
        java.time.Duration.ofSeconds(3), true, "jdbc:h2:mem:x", "", Secret.of(""));
    assertTrue(ClusterConfig.plainTextWarning(lan, plain).orElseThrow().startsWith(
        "The cluster port 10.0.0.11:25520 is open beyond this machine without TLS"));
    assertTrue(ClusterConfig.plainTextWarning(lan, tls).isEmpty(), "TLS on");
    assertTrue(ClusterConfig.plainTextWarning(local, plain).isEmpty(), "loopback only");
  }

  @Test
  void checkingANodesConfigurationJoinsNothing() throws Exception {
    TibberSimulator simulator = ClusterNodes.simulator(testKit.system(), Duration.ofMillis(50));
    try {
      Path node = Files.writeString(dir.resolve("node.conf"), WATCHING + """
          powerwatch { state-dir = "%s", tibber { token = "%s", api-url = "%s", %s },
            cluster { enabled = true, host = "192.0.2.11", seed-nodes = ["192.0.2.11:25520"] } }
          """.formatted(dir.resolve("state"), Fixtures.TOKEN, simulator.apiUrl(), ClusterNodes.NORTH_ACCOUNT));
      CommandRun run = CommandRun.of("check-config", "--config", node.toString());
      assertEquals(0, run.exitCode(), run.all());
      assertTrue(run.out().contains(ClusterNodes.MILL + "  Mill  (Europe/Oslo)  account north"), run.out());
      assertFalse(run.all().contains(ClusterNodes.NORTH_TOKEN), "no token shown");
    } finally {
      simulator.close();
    }
  }
}
