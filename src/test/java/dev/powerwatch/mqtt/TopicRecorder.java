package dev.powerwatch.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A client subscribed to {@code #}, as {@code mosquitto_sub -v -t '#'}: every message, in order, and the latest per topic. */
public final class TopicRecorder implements AutoCloseable {
  public record Message(String topic, String payload, boolean retained) {}

  private final MqttClient client;
  private final List<Message> messages = new ArrayList<>();
  private final Map<String, String> latest = new ConcurrentHashMap<>();

  public TopicRecorder(String url, Optional<String[]> user) throws MqttException {
    client = new MqttClient(url, "recorder-" + System.nanoTime(), new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    user.ifPresent(u -> {
      options.setUserName(u[0]);
      options.setPassword(u[1].toCharArray());
    });
    client.connect(options);
    client.subscribe("#", 1, (topic, message) -> {
      String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
      synchronized (messages) {
        messages.add(new Message(topic, payload, message.isRetained()));
      }
      latest.put(topic, payload);
    });
  }

  public List<Message> messages() {
    synchronized (messages) {
      return List.copyOf(messages);
    }
  }

  /** The payloads a topic carried, in order. */
  public List<String> payloads(String topic) {
    return messages().stream().filter(m -> m.topic().equals(topic)).map(Message::payload).toList();
  }

  public String latest(String topic) {
    return latest.get(topic);
  }

  Map<String, String> latest() {
    return Map.copyOf(latest);
  }

  void clear() {
    synchronized (messages) {
      messages.clear();
    }
    latest.clear();
  }

  public void publish(String topic, String payload) throws MqttException {
    client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close();
  }
}
