package dev.powerwatch.notify;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.DispatcherSelector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.powerwatch.support.Template;
import dev.powerwatch.broker.MqttSettings;
import dev.powerwatch.broker.PublishOnce;
import dev.powerwatch.support.ConfigReader;
import dev.powerwatch.support.Secret;
import dev.powerwatch.support.Suggestions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Each notice published on the broker of {@code powerwatch.mqtt}, for automations that want the
 * notice itself: on a connection of its own per notice (notices are rare), acknowledged by the
 * broker before it counts as delivered.
 */
public final class MqttChannel implements Channel {
  /** What a topic may be made of: the same for every notice of a home and rule. */
  static final Set<String> TOPIC_PLACEHOLDERS = Set.of("homeId", "home", "rule", "severity", "kind", "state");

  private final String name;
  private final MqttSettings broker;
  private final String topic;
  private final Optional<String> payload;
  private final int qos;
  private final boolean retain;
  private final ObjectMapper mapper;

  MqttChannel(String name, MqttSettings broker, String topic, Optional<String> payload, int qos, boolean retain,
      ObjectMapper mapper) {
    this.name = name;
    this.broker = broker;
    this.topic = topic;
    this.payload = payload;
    this.qos = qos;
    this.retain = retain;
    this.mapper = mapper;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "mqtt";
  }

  @Override
  public CompletionStage<Outcome> send(ActorSystem<?> system, Notification n, Duration timeout, Clock clock) {
    String rendered = Template.render(topic, placeholders(n));
    if (rendered.isEmpty() || hasWildcard(rendered)) {
      return CompletableFuture.completedFuture(new Outcome.Permanent("the topic for this notice, '" + rendered
          + "', is empty or holds + or #; check the placeholders of topic"));
    }
    PublishOnce.Message message = new PublishOnce.Message(rendered, payload(n).getBytes(StandardCharsets.UTF_8), qos,
        retain);
    // Paho's calls block until the broker answers: not on the Notifier's own threads.
    return CompletableFuture.supplyAsync(() -> publish(message, timeout),
        system.dispatchers().lookup(DispatcherSelector.blocking()));
  }

  private Outcome publish(PublishOnce.Message message, Duration timeout) {
    try {
      PublishOnce.publish(broker, clientId(), message, timeout);
      return new Outcome.Delivered(qos == 0 ? "sent on " + message.topic() + " (QoS 0, not acknowledged)"
          : "acknowledged by the broker on " + message.topic());
    } catch (PublishOnce.Failed e) {
      return new Outcome.Retry(redact(e.getMessage()), Optional.empty());
    }
  }

  /** Distinct from the bridge's and from any other notice's: two clients with one id push each other off. */
  private String clientId() {
    return broker.clientId() + "-notify-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
  }

  /** The notice's values, with the notice's own fields over them. */
  static Map<String, String> placeholders(Notification n) {
    Map<String, String> all = new HashMap<>(n.values());
    all.putIfAbsent("home", n.homeId());
    all.put("id", n.id());
    all.put("homeId", n.homeId());
    all.put("rule", n.rule());
    all.put("kind", lowerCase(n.kind()));
    all.put("state", n.state());
    all.put("severity", lowerCase(n.severity()));
    all.put("title", n.title());
    all.put("message", n.message());
    all.put("at", n.createdAt().toString());
    return all;
  }

  private String payload(Notification n) {
    if (payload.isPresent()) {
      return Template.render(payload.get(), placeholders(n));
    }
    ObjectNode json = mapper.createObjectNode()
        .put("id", n.id())
        .put("kind", lowerCase(n.kind()))
        .put("severity", lowerCase(n.severity()))
        .put("home", n.values().getOrDefault("home", n.homeId()))
        .put("homeId", n.homeId())
        .put("rule", n.rule())
        .put("title", n.title())
        .put("message", n.message())
        .put("at", n.createdAt().toString());
    ObjectNode values = json.putObject("values");
    new TreeMap<>(n.values()).forEach(values::put);
    return json.toString();
  }

  private static String lowerCase(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  private static boolean hasWildcard(String topic) {
    return topic.contains("+") || topic.contains("#");
  }

  @Override
  public List<Secret> secrets() {
    return broker.password().map(List::of).orElse(List.of());
  }

  /**
   * {@code type = mqtt}: {@code topic} (placeholders such as {homeId} and {rule}), optional
   * {@code payload} (a template; a JSON object of the notice when left out), {@code qos} 0-2
   * (1), {@code retain} (false). The broker is {@code powerwatch.mqtt}'s.
   */
  public static final class Factory implements ChannelFactory {
    @Override
    public String type() {
      return "mqtt";
    }

    @Override
    public Set<String> keys() {
      return Set.of("topic", "payload", "qos", "retain");
    }

    @Override
    public Channel create(String name, ConfigReader c, Context context) {
      if (!context.mqtt().enabled()) {
        throw c.problem("type", "mqtt needs powerwatch.mqtt.url (the broker to publish to), which is empty");
      }
      return new MqttChannel(name, context.mqtt(), topic(c), payload(c), qos(c),
          c.has("retain") && c.bool("retain"), context.mapper());
    }

    private static String topic(ConfigReader c) {
      String topic = c.nonBlank("topic");
      if (hasWildcard(topic)) {
        throw c.problem("topic", "must not hold the wildcards + or #, was '" + topic + "'");
      }
      if (topic.startsWith("$")) {
        throw c.problem("topic", "must not start with $, the broker's own topics; was '" + topic + "'");
      }
      Template.firstUnknownPlaceholder(topic, TOPIC_PLACEHOLDERS).ifPresent(unknown -> {
        throw c.problem("topic", "unknown placeholder {" + unknown + "}"
            + Suggestions.didYouMean(unknown, TOPIC_PLACEHOLDERS) + "; a topic may use " + sorted(TOPIC_PLACEHOLDERS));
      });
      return topic;
    }

    private static Optional<String> payload(ConfigReader c) {
      if (!c.has("payload")) {
        return Optional.empty();
      }
      String payload = c.string("payload");
      if (payload.isBlank()) {
        throw c.problem("payload", "must not be empty; leave it out for a JSON object of the notice");
      }
      return Optional.of(payload);
    }

    private static int qos(ConfigReader c) {
      if (!c.has("qos")) {
        return 1;
      }
      int qos = c.integer("qos");
      if (qos < 0 || qos > 2) {
        throw c.problem("qos", "must be 0, 1 or 2, was " + qos);
      }
      return qos;
    }

    private static String sorted(Set<String> names) {
      return new TreeSet<>(names).stream().map(p -> "{" + p + "}").toList().toString();
    }
  }
}
