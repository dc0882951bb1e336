package dev.powerwatch.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.powerwatch.broker.MqttSettings;
import dev.powerwatch.support.Json;
import dev.powerwatch.support.SettingsException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChannelLoaderTest {
  private static final MqttSettings BROKER = new MqttSettings(Optional.of(URI.create("tcp://127.0.0.1:1883")),
      Optional.empty(), Optional.empty(), Optional.empty(), "powerwatch", "powerwatch", "homeassistant", true,
      Duration.ofSeconds(10), 1, 1000, Duration.ofSeconds(1), Duration.ofMinutes(2));

  private static NotifySettings load(String channels) {
    return load(channels, MqttSettings.disabled());
  }

  private static NotifySettings load(String channels, MqttSettings mqtt) {
    return new ChannelLoader().load(ConfigFactory.parseString("notify { retry-min = 1s, retry-max = 1m,"
        + " give-up-after = 1h, request-timeout = 5s, channels = [" + channels + "] }"),
        new ChannelFactory.Context(null, mqtt, Json.mapper()));
  }

  @Test
  void namesDefaultToTheType() {
    NotifySettings s = load("{ type = ntfy, topic = t }, { type = gotify, name = g2, url = \"http://127.0.0.1\", token = x }");
    assertEquals("ntfy", s.channels().get(0).name());
    assertEquals("g2", s.channels().get(1).name());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown type     | { type = sms }                               | channels[0].type: unknown channel type 'sms'",
      "ntfy no topic    | { type = ntfy }                              | channels[0].topic: is missing",
      "ntfy priority    | { type = ntfy, topic = t, priority = 9 }     | channels[0].priority: must be 1 (min) to 5",
      "telegram no chat | { type = telegram, bot-token = x }          | channels[0].chat-id: is missing",
      "pushover no user | { type = pushover, token = x }              | channels[0].user: is missing",
      "gotify no url    | { type = gotify, token = x }                 | channels[0].url: is missing",
      "webhook bad url  | { type = webhook, url = \"ftp://x\" }        | channels[0].url: ftp://x is not an http(s) URL",
      "same name twice  | { type = ntfy, topic = a }, { type = ntfy, topic = b } | channels[1].name: 'ntfy' is used by two channels"})
  void problemsNameTheirKey(String name, String channels, String expected) {
    SettingsException e = assertThrows(SettingsException.class, () -> load(channels));
    assertTrue(e.getMessage().startsWith("powerwatch.notify." + expected.trim()), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "no topic              | { type = mqtt }                               | channels[0].topic: is missing",
      "an empty topic        | { type = mqtt, topic = \"\" }                | channels[0].topic: must not be empty",
      "a + in the topic      | { type = mqtt, topic = \"pw/+/notices\" }    | channels[0].topic: must not hold the wildcards + or #, was 'pw/+/notices'",
      "a # in the topic      | { type = mqtt, topic = \"pw/#\" }            | channels[0].topic: must not hold the wildcards + or #",
      "the broker's topics   | { type = mqtt, topic = \"$SYS/x\" }          | channels[0].topic: must not start with $",
      "a placeholder typo    | { type = mqtt, topic = \"pw/{homeid}\" }     | channels[0].topic: unknown placeholder {homeid} — did you mean homeId?",
      "a QoS of 3            | { type = mqtt, topic = t, qos = 3 }           | channels[0].qos: must be 0, 1 or 2, was 3",
      "a QoS that is a word  | { type = mqtt, topic = t, qos = high }        | channels[0].qos: must be a whole number",
      "retain not a boolean  | { type = mqtt, topic = t, retain = often }    | channels[0].retain: must be true or false",
      "an empty payload      | { type = mqtt, topic = t, payload = \" \" }  | channels[0].payload: must not be empty",
      "an unknown key        | { type = mqtt, topic = t, retained = true }   | channels[0].retained: unknown key — did you mean retain?"})
  void mqttProblemsNameTheirKey(String name, String channels, String expected) {
    SettingsException e = assertThrows(SettingsException.class, () -> load(channels, BROKER));
    assertTrue(e.getMessage().startsWith("powerwatch.notify." + expected.trim()), e.getMessage());
  }

  @Test
  void anMqttChannelNeedsTheBrokerOfPowerwatchMqtt() {
    SettingsException e = assertThrows(SettingsException.class, () -> load("{ type = mqtt, topic = t }"));
    assertEquals("powerwatch.notify.channels[0].type: mqtt needs powerwatch.mqtt.url (the broker to publish to),"
        + " which is empty", e.getMessage());
  }

  @Test
  void anMqttTopicMayNameTheHomeAndRule() {
    Channel channel = load("{ type = mqtt, topic = \"powerwatch/{homeId}/{rule}\" }", BROKER).channels().get(0);
    assertEquals("mqtt", channel.type());
  }

  @Test
  void secretsInBadValuesAreNotEchoed() {
    SettingsException e = assertThrows(SettingsException.class,
        () -> load("{ type = telegram, bot-token = \"123:SECRET\", chat-id = \"\" }"));
    assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
  }

  @Test
  void aWebhooksPathUserInfoAndQueryAreMaskedInEveryForm() {
    Channel hook = load("{ type = webhook, url = \"http://me:pa55@127.0.0.1:8123/api/webhook/pw-x1y2z3%20q?key=k3y\","
        + " headers { Authorization = \"Bearer h3ad3r\" } }").channels().get(0);
    String text = "POST http://me:pa55@127.0.0.1:8123/api/webhook/pw-x1y2z3%20q?key=k3y failed;"
        + " webhook pw-x1y2z3 q not found; path /api/webhook/pw-x1y2z3%20q; me:pa55; k3y; Bearer h3ad3r";
    String masked = hook.redact(text);
    for (String secret : List.of("pw-x1y2z3", "pa55", "k3y", "h3ad3r")) {
      assertFalse(masked.contains(secret), masked);
    }
  }

  @Test
  void unknownKeysOfAChannelTypeAreNamed() {
    SettingsException e = assertThrows(SettingsException.class,
        () -> load("{ type = pushover, token = a, user = b, priorty = 1 }"));
    assertEquals("powerwatch.notify.channels[0].priorty: unknown key; known here: name, token, type, url, user",
        e.getMessage());
  }
}
