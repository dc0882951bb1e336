package dev.powerwatch.cluster;

import static dev.powerwatch.Fixtures.HOME_A;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.CoordinatedShutdown;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorSystem;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.Fixtures;
import dev.powerwatch.PowerWatch;
import dev.powerwatch.broker.MqttSettings;
import dev.powerwatch.mqtt.Mosquitto;
import dev.powerwatch.mqtt.TopicRecorder;
import dev.powerwatch.simulator.TibberSimulator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT on a cluster against Debian's mosquitto: one bridge for the whole cluster publishes the
 * homes of both accounts, its mute buttons make silences in the homes' journals, and when its
 * node leaves, the bridge goes on from another.
 */
class ClusterMqttTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @TempDir
  Path dir;
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final List<ActorSystem<PowerWatch.Command>> nodes = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    nodes.forEach(ActorSystem::terminate);
    nodes.forEach(n -> n.getWhenTerminated().toCompletableFuture().join());
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static String topic(String home, String... levels) {
    return "powerwatch/" + home + "/" + String.join("/", levels);
  }

  @Test
  void oneBridgeForTheClusterWhoseButtonsAndHomesGoOnFromTheNextNode() throws Exception {
    Mosquitto.assumeInstalled();
    Mosquitto broker = Mosquitto.start(dir, Optional.empty());
    closing.add(broker);
    TibberSimulator simulator = ClusterNodes.simulator(testKit.system(), Duration.ofMillis(50));
    closing.add(0, simulator::close);
    TopicRecorder ha = new TopicRecorder(broker.url(), Optional.empty());
    closing.add(0, ha);
    MqttSettings mqtt = new MqttSettings(Optional.of(URI.create(broker.url())), Optional.empty(), Optional.empty(),
        Optional.empty(), "powerwatch-cluster-test", "powerwatch", "homeassistant", true, Duration.ofMillis(100), 1,
        1000, Duration.ofMillis(100), Duration.ofMillis(400));
    String database = "jdbc:h2:mem:mqtt-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    List<Integer> ports = ClusterNodes.freePorts(2);
    for (int port : ports) {
      nodes.add(ClusterNodes.start(testKit.system(), simulator, dir, database, port,
          List.of("127.0.0.1:" + ports.get(0)), ConfigFactory.empty(), Clock.systemUTC(), mqtt));
    }
    Fixtures.awaitTrue(testKit, "two members up", Duration.ofSeconds(30), () -> nodes.stream().allMatch(n ->
        StreamSupport.stream(Cluster.get(n).state().getMembers().spliterator(), false)
            .filter(m -> m.status() == MemberStatus.up()).count() == 2));
    Fixtures.awaitTrue(testKit, "the power of a home of each account", Duration.ofSeconds(30),
        () -> ha.latest(topic(HOME_A, "power")) != null && ha.latest(topic(ClusterNodes.MILL, "power")) != null);

    ha.publish(topic(HOME_A, "mute", "set"), "PRESS");
    Fixtures.awaitTrue(testKit, "muted through the homes' journals", () -> "ON".equals(ha.latest(topic(HOME_A,
        "muted"))));

    ActorSystem<PowerWatch.Command> oldest = nodes.remove(0);
    CoordinatedShutdown.get(oldest).runAll(CoordinatedShutdown.unknownReason()).toCompletableFuture().join();
    int seenBefore = ha.payloads(topic(ClusterNodes.MILL, "power")).size();
    Fixtures.awaitTrue(testKit, "the bridge going on from the other node", Duration.ofSeconds(30),
        () -> ha.payloads(topic(ClusterNodes.MILL, "power")).size() > seenBefore + 3);
    ha.publish(topic(HOME_A, "unmute", "set"), "PRESS");
    Fixtures.awaitTrue(testKit, "unmuted from the node that runs the bridge now",
        () -> "OFF".equals(ha.latest(topic(HOME_A, "muted"))));
    assertTrue(ha.payloads(topic(HOME_A, "muted")).contains("ON"));
  }
}
