package dev.powerwatch.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import dev.powerwatch.DaemonProcess;
import dev.powerwatch.Fixtures;
import dev.powerwatch.simulator.TibberSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A daemon killed with SIGKILL cannot say goodbye: the broker says {@code offline} for it, its last will. */
class MqttLastWillTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @TempDir
  Path dir;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aKilledDaemonIsShownOfflineAndItsPasswordIsNotInItsOutput() throws Exception {
    String[] user = {"powerwatch", "will-s3cret-pw"};
    Files.writeString(dir.resolve("mqtt-password"), user[1] + "\n");
    try (TibberSimulator simulator = Fixtures.simulator(testKit);
        Mosquitto broker = Mosquitto.start(dir, Optional.of(user));
        TopicRecorder ha = new TopicRecorder(broker.url(), Optional.of(user))) {
      Path config = Files.writeString(dir.resolve("powerwatch.conf"), """
          powerwatch {
            state-dir = "%s"
            tibber { token = "%s", api-url = "%s" }
            http.enabled = false
            mqtt { url = "mqtt://127.0.0.1:%d", username = "%s", password-file = "%s" }
          }
          """.formatted(dir.resolve("state"), Fixtures.TOKEN, simulator.apiUrl(), broker.port, user[0],
          dir.resolve("mqtt-password")));
      try (DaemonProcess daemon = DaemonProcess.start(config, Map.of())) {
        Fixtures.awaitTrue(testKit, "online", () -> "online".equals(ha.latest("powerwatch/status")));
        daemon.process.destroyForcibly().waitFor();
        Fixtures.awaitTrue(testKit, "offline, the will", () -> "offline".equals(ha.latest("powerwatch/status")));
        assertEquals(List.of("online", "offline"), ha.payloads("powerwatch/status"));
        assertFalse(daemon.output().contains(user[1]), daemon.output());
      }
    }
  }
}
