package dev.powerwatch.status;

/**
 * How the MQTT broker link is: connected or not, why not in words, and the messages dropped
 * because the broker could not take them in time.
 */
public record BrokerStatus(String url, boolean connected, String detail, long dropped) {}
