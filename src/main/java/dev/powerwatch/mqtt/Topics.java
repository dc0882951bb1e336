package dev.powerwatch.mqtt;

import dev.powerwatch.broker.MqttSettings;

/** The topics of one powerwatch: states under {@code <prefix>/<home>/}, discovery under its own prefix. */
record Topics(String prefix, String discoveryPrefix) {
  static final String MUTE = "mute";
  static final String UNMUTE = "unmute";
  private static final String SET = "/set";

  Topics(MqttSettings settings) {
    this(settings.topicPrefix(), settings.discoveryPrefix());
  }

  static final String ONLINE = "online";
  static final String OFFLINE = "offline";

  /** Where the daemon says whether it runs: {@link #ONLINE}, or {@link #OFFLINE} (also its last will). */
  String availability() {
    return prefix + "/status";
  }

  /** A home's state, such as {@code powerwatch/<home>/power}, or a rule's, {@code powerwatch/<home>/<rule>/alert}. */
  String state(String homeId, String... levels) {
    return prefix + "/" + level(homeId) + "/" + String.join("/", levels);
  }

  /** Where a home's button is pressed. */
  String command(String homeId, String button) {
    return state(homeId, button) + SET;
  }

  /** Every command topic of this powerwatch, to subscribe to. */
  String commands() {
    return prefix + "/+/+" + SET;
  }

  /** The home's level and the button of a command topic, or null when it is none of ours. */
  String[] homeAndButton(String topic) {
    String[] levels = topic.split("/");
    String[] own = prefix.split("/");
    if (levels.length != own.length + 3 || !topic.startsWith(prefix + "/") || !topic.endsWith(SET)) {
      return null;
    }
    return new String[] {levels[own.length], levels[own.length + 1]};
  }

  /** Home Assistant says {@code online} here when it (re)starts. */
  String homeAssistantStatus() {
    return discoveryPrefix + "/status";
  }

  String config(String component, String homeId, String object) {
    return discoveryPrefix + "/" + component + "/" + nodeId(homeId) + "/" + object + "/config";
  }

  String nodeId(String homeId) {
    return safeId(prefix) + "_" + safeId(homeId);
  }

  String uniqueId(String homeId, String object) {
    return nodeId(homeId) + "_" + object;
  }

  /** Home ids are UUIDs; anything MQTT would read as a level or a wildcard becomes {@code _}. */
  static String level(String name) {
    return name.replaceAll("[/+#\\s]", "_");
  }

  /** What Home Assistant accepts in node and object ids. */
  static String safeId(String name) {
    return name.replaceAll("[^A-Za-z0-9_-]", "_");
  }
}
