package dev.powerwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorSystem;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.Fixtures;
import dev.powerwatch.PowerWatch;
import dev.powerwatch.simulator.TibberSimulator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's way to turn TLS on for the cluster port: one key pair made with keytool, mutual authentication. */
class ClusterTlsTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final String PASSWORD = "cluster-store-pw";

  @TempDir
  Path dir;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void twoNodesFormAClusterOverTls() throws Exception {
    Path store = dir.resolve("cluster.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "powerwatch", "-keyalg", "EC", "-groupname",
        "secp256r1", "-dname", "CN=powerwatch-cluster", "-validity", "3650", "-storetype", "pkcs12",
        "-keystore", store.toString(), "-storepass", PASSWORD).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertEquals(0, p.waitFor(), "keytool made the key pair");
    Config tls = ConfigFactory.parseString("""
        akka.remote.artery {
          transport = tls-tcp
          ssl.config-ssl-engine {
            key-store = "%1$s"
            trust-store = "%1$s"
            key-store-password = "%2$s"
            key-password = "%2$s"
            trust-store-password = "%2$s"
            protocol = "TLSv1.3"
            enabled-algorithms = ["TLS_AES_256_GCM_SHA384"]
          }
        }""".formatted(store, PASSWORD));
    TibberSimulator simulator = ClusterNodes.simulator(testKit.system(), Duration.ofMillis(50));
    String database = "jdbc:h2:mem:tls-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    List<Integer> ports = ClusterNodes.freePorts(2);
    List<ActorSystem<PowerWatch.Command>> nodes = new ArrayList<>();
    try {
      for (int port : ports) {
        nodes.add(ClusterNodes.start(testKit.system(), simulator, dir, database, port,
            List.of("127.0.0.1:" + ports.get(0)), tls, Clock.systemUTC()));
      }
      Fixtures.awaitTrue(testKit, "two members up over TLS", Duration.ofSeconds(30),
          () -> nodes.stream().allMatch(n -> StreamSupport.stream(Cluster.get(n).state().getMembers().spliterator(),
              false).filter(m -> m.status() == MemberStatus.up()).count() == 2));
      nodes.forEach(n -> assertEquals("tls-tcp", n.settings().config().getString("akka.remote.artery.transport")));
    } finally {
      nodes.forEach(ActorSystem::terminate);
      // Stopped together, the nodes may see each other vanish before they leave; the last then
      // waits out the split brain resolver and the sharding coordinator's timeouts (over 20 s once
      // in a run of the whole suite on this machine), which this test is not about.
      for (ActorSystem<PowerWatch.Command> n : nodes) {
        n.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
      simulator.close();
    }
  }
}
