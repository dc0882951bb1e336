package dev.powerwatch.broker;

import dev.powerwatch.support.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The MQTT broker powerwatch publishes to (Home Assistant, Node-RED), off when {@code url} is
 * empty.
 *
 * @param url {@code tcp://host:1883} or {@code ssl://host:8883}, as Paho names them
 * @param caFile a PEM file of the broker's CA for {@code ssl://}; empty for the system's trust store
 * @param buffer how many messages wait for the broker at most; beyond, the oldest is dropped
 */
public record MqttSettings(
    Optional<URI> url,
    Optional<String> username,
    Optional<Secret> password,
    Optional<Path> caFile,
    String clientId,
    String topicPrefix,
    String discoveryPrefix,
    boolean discovery,
    Duration publishInterval,
    int qos,
    int buffer,
    Duration reconnectMin,
    Duration reconnectMax) {

  public static MqttSettings disabled() {
    return new MqttSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "powerwatch",
        "powerwatch", "homeassistant", true, Duration.ofSeconds(10), 1, 1000, Duration.ofSeconds(1),
        Duration.ofMinutes(2));
  }

  public boolean enabled() {
    return url.isPresent();
  }
}
