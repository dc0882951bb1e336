package dev.powerwatch.soak;

import dev.powerwatch.mqtt.Mosquitto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Debian's mosquitto as the daemon's MQTT broker in a soak, and a client that presses the mute
 * buttons as Home Assistant would. Without mosquitto the soak plays no MQTT fault and says so.
 */
final class SoakBroker implements AutoCloseable {
  private final Optional<Mosquitto> broker;

  private SoakBroker(Optional<Mosquitto> broker) {
    this.broker = broker;
  }

  static SoakBroker start(Path dir) throws IOException, InterruptedException {
    return new SoakBroker(Mosquitto.installed()
        ? Optional.of(Mosquitto.start(Files.createDirectories(dir), Optional.empty())) : Optional.empty());
  }

  /** Why there is no broker; empty when there is one. */
  Optional<String> unavailable() {
    return broker.isPresent() ? Optional.empty() : Optional.of("mosquitto is not installed (Debian package mosquitto)");
  }

  /** The broker's address; empty (the daemon without MQTT) when there is none. */
  String url() {
    return broker.map(Mosquitto::url).orElse("");
  }

  /** The broker goes away as a crash would ... */
  void stop() throws InterruptedException {
    broker.orElseThrow().stop();
  }

  /** ... and comes back, empty. */
  void startAgain() throws IOException, InterruptedException {
    broker.orElseThrow().startAgain();
  }

  /**
   * Presses a home's mute ({@code mute}) or unmute ({@code unmute}) button. Paho 1.2.5 now and then
   * fails a new client's first connect with "Connect already in progress" (its issue 1035): a new
   * client tries again, three times at most.
   */
  void press(String homeId, String button) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        pressOnce(homeId, button);
        return;
      } catch (MqttException e) {
        if (e.getReasonCode() != MqttException.REASON_CODE_CONNECT_IN_PROGRESS || attempt == 3) {
          throw new IOException("cannot press " + button + " of " + homeId + ": " + e.getMessage(), e);
        }
      }
    }
  }

  private void pressOnce(String homeId, String button) throws MqttException {
    MqttClient client = new MqttClient(url(), "soak-" + System.nanoTime(), new MemoryPersistence());
    try {
      MqttConnectOptions options = new MqttConnectOptions();
      options.setCleanSession(true);
      client.connect(options);
      client.publish("powerwatch/" + homeId + "/" + button + "/set", "PRESS".getBytes(StandardCharsets.UTF_8), 1,
          false);
      client.disconnect();
    } finally {
      client.close();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (broker.isPresent()) {
      broker.get().close();
    }
  }
}
