package dev.powerwatch.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.mqtt.PublishedTopics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The MQTT examples in docs/ parse, are wired, and name only topics and entities powerwatch really
 * has: the allowed topics come from the classes that make them (through {@link PublishedTopics}), the
 * entity ids from discovery's entity names as Home Assistant turns them into ids.
 */
class MqttExamplesTest {
  private static final Path FLOW = Path.of("docs", "node-red-flow.json");
  private static final Path AUTOMATIONS = Path.of("docs", "home-assistant-automation.yaml");
  /** The home and rules the examples assume: nickname "House", rules `capacity` and `high-power`. */
  private static final String NICKNAME = "House";
  private static final Map<String, String> RULES = Map.of("capacity", "capacity-step", "high-power", "threshold");
  private static final String HOME_ID = "6f1d8e2a-3b4c-4d5e-8f90-a1b2c3d4e5f6";

  private static final Config DEFAULTS = ConfigFactory.defaultReference().getConfig("powerwatch.mqtt");
  private static final String PREFIX = DEFAULTS.getString("topic-prefix");
  private static final Set<String> PATTERNS =
      PublishedTopics.patterns(PREFIX, DEFAULTS.getString("discovery-prefix"));
  /** A topic named in text: the prefix, then levels (placeholders such as {@code <home-id>} and wildcards too). */
  private static final Pattern TOPIC = Pattern.compile("(?<![\\w/.-])" + Pattern.quote(PREFIX) + "(?:/[\\w+#<>.-]+)+");
  private static final Pattern ENTITY_ID = Pattern.compile(
      "(?<![\\w.])(?:binary_sensor|sensor|button)\\." + slug(NICKNAME) + "_[a-z0-9_]+");

  private final ObjectMapper json = new ObjectMapper();

  // --- the allowed topics themselves ----------------------------------------------------------

  @Test
  void theAllowedTopicsAreWhatTheBrokerSees() {
    // A sanity check of the patterns the rest relies on, not a second list to keep up to date.
    assertTrue(PATTERNS.contains(PREFIX + "/status"), PATTERNS::toString);
    assertTrue(PATTERNS.contains(PREFIX + "/+/power"), PATTERNS::toString);
    assertTrue(PATTERNS.contains(PREFIX + "/+/+/alert"), PATTERNS::toString);
    assertTrue(PATTERNS.contains(PREFIX + "/+/mute/set"), PATTERNS::toString);
    assertTrue(allowed(PREFIX + "/<home-id>/capacity/alert"));
    assertTrue(allowed(PREFIX + "/#"));
    assertFalse(allowed(PREFIX + "/+/+/alarm"));
    assertFalse(allowed(PREFIX + "/+/power/watts"));
    assertFalse(allowed(PREFIX + "/+/+"), "a + only where powerwatch puts a home or a rule");
    assertFalse(allowed(PREFIX + "/+/snooze/set"));
  }

  // --- Node-RED ---------------------------------------------------------------------------------

  @Test
  void theFlowIsANodeRedImport() throws IOException {
    JsonNode flow = flow();
    assertTrue(flow.isArray() && flow.size() > 0, "Node-RED imports a JSON array of nodes");
    Set<String> ids = new HashSet<>();
    for (JsonNode node : flow) {
      assertTrue(node.path("id").isTextual(), "a node without an id: " + node);
      assertTrue(node.path("type").isTextual(), "a node without a type: " + node);
      assertTrue(ids.add(node.get("id").asText()), "two nodes with the id " + node.get("id"));
    }
    assertEquals(1, byType(flow, "tab").size(), "one tab");
    List<JsonNode> brokers = byType(flow, "mqtt-broker");
    assertEquals(1, brokers.size(), "one broker");
    JsonNode broker = brokers.get(0);
    assertEquals("localhost", broker.path("broker").asText());
    assertEquals("1883", broker.path("port").asText());
    assertFalse(broker.has("credentials"), "no credentials in an example");
    assertFalse(broker.path("usetls").asBoolean());
  }

  @Test
  void everyReferenceInTheFlowExists() throws IOException {
    JsonNode flow = flow();
    Map<String, String> typeById = new LinkedHashMap<>();
    flow.forEach(node -> typeById.put(node.get("id").asText(), node.get("type").asText()));
    for (JsonNode node : flow) {
      String type = node.get("type").asText();
      String what = type + " " + node.get("id").asText();
      if (type.equals("tab") || type.equals("mqtt-broker")) {
        assertFalse(node.has("wires"), what + ": a tab or config node has no wires");
        continue;
      }
      assertEquals("tab", typeById.get(node.path("z").asText()), what + ": z names no tab");
      JsonNode wires = node.get("wires");
      assertNotNull(wires, what + " has no wires");
      assertTrue(wires.isArray(), what + ": wires is an array of outputs");
      if (node.has("outputs")) {
        assertEquals(node.get("outputs").asInt(), wires.size(), what + ": one wire list per output");
      }
      for (JsonNode output : wires) {
        assertTrue(output.isArray(), what + ": each output is an array of ids");
        for (JsonNode target : output) {
          String targetType = typeById.get(target.asText());
          assertNotNull(targetType, what + " is wired to " + target + ", which is not in the flow");
          assertFalse(targetType.equals("tab") || targetType.equals("mqtt-broker"), what + " is wired to a " + targetType);
        }
      }
      if (type.startsWith("mqtt ")) {
        assertEquals("mqtt-broker", typeById.get(node.path("broker").asText()), what + ": broker names no mqtt-broker");
      } else {
        assertFalse(node.has("broker"), what + " names a broker");
      }
    }
  }

  @Test
  void theFlowSwitchesTheHeaterOnTheAlertsShowsThePowerAndMutes() throws IOException {
    JsonNode flow = flow();
    JsonNode alerts = mqttIn(flow, PREFIX + "/+/+/alert");
    List<JsonNode> heater = reachable(flow, alerts).stream()
        .filter(n -> n.get("type").asText().equals("mqtt out") && n.path("topic").asText().equals("home/waterheater/set"))
        .toList();
    assertEquals(1, heater.size(), "the alerts reach the water heater's mqtt out");

    // The switch lets through the alerts of the example's rules and nothing else.
    JsonNode watched = byType(flow, "switch").get(0);
    assertTrue(reachable(flow, alerts).contains(watched));
    Pattern regex = Pattern.compile(watched.at("/rules/0/v").asText());
    String alert = PATTERNS.stream().filter(p -> p.endsWith("/+/+/alert")).findFirst().orElseThrow();
    for (String rule : RULES.keySet()) {
      assertTrue(regex.matcher(fill(alert, HOME_ID, rule)).matches(), rule + "'s alert passes the switch");
    }
    assertFalse(regex.matcher(fill(alert, HOME_ID, "hour-limit")).matches(), "another rule's alert does not");
    assertFalse(regex.matcher(fill(PREFIX + "/+/+/estimate", HOME_ID, "capacity")).matches());

    JsonNode power = mqttIn(flow, PREFIX + "/+/power");
    assertTrue(reachable(flow, power).stream().anyMatch(n -> n.get("type").asText().equals("debug")),
        "the power reaches a debug node");

    List<JsonNode> presses = byType(flow, "inject").stream()
        .filter(n -> n.path("topic").asText().endsWith("/mute/set")).toList();
    assertEquals(1, presses.size(), "one inject presses a mute button");
    JsonNode press = presses.get(0);
    assertEquals("PRESS", press.path("payload").asText());
    assertTrue(allowed(press.get("topic").asText()), press.get("topic").asText());
    assertTrue(press.path("name").asText().contains("placeholder"), "the name says the home id is a placeholder");
    List<JsonNode> out = reachable(flow, press).stream().filter(n -> n.get("type").asText().equals("mqtt out"))
        .toList();
    assertEquals(1, out.size(), "the inject reaches one mqtt out");
    assertEquals("", out.get(0).path("topic").asText(), "the mqtt out publishes to the inject's topic");
    assertEquals("false", out.get(0).path("retain").asText(),
        "a retained PRESS would mute the home again at each reconnect of powerwatch");
  }

  @Test
  void theFlowNamesOnlyPowerwatchsTopics() throws IOException {
    List<String> named = new ArrayList<>();
    strings(flow(), text -> named.addAll(topicsIn(text)));
    assertNotAllowed(FLOW, named);
    assertTrue(named.size() >= 4, "the flow names powerwatch's topics: " + named);
  }

  // --- Home Assistant ---------------------------------------------------------------------------

  @Test
  void theAutomationsAreAList() throws IOException {
    JsonNode automations = new YAMLMapper().readTree(AUTOMATIONS.toFile());
    assertTrue(automations.isArray() && automations.size() >= 3, "automations.yaml holds a list");
    Set<String> ids = new HashSet<>();
    for (JsonNode a : automations) {
      assertTrue(ids.add(a.path("id").asText()), "a missing or repeated id: " + a.path("alias"));
      assertTrue(a.path("alias").isTextual(), "no alias: " + a);
      assertTrue(a.path("triggers").isArray() && a.path("triggers").size() > 0, a.path("alias") + ": no triggers");
      assertTrue(a.path("actions").isArray() && a.path("actions").size() > 0, a.path("alias") + ": no actions");
    }
  }

  @Test
  void theAutomationsUseDiscoverysEntities() throws IOException {
    Map<String, PublishedTopics.NamedEntity> known = new LinkedHashMap<>();
    for (PublishedTopics.NamedEntity e : PublishedTopics.entities(PREFIX, DEFAULTS.getString("discovery-prefix"),
        HOME_ID, NICKNAME, RULES)) {
      // Home Assistant names an MQTT entity of a device "<device> <entity>" and makes its id from that.
      known.put(e.component() + "." + slug(NICKNAME + " " + e.name()), e);
    }
    String text = Files.readString(AUTOMATIONS);
    Set<String> used = new TreeSet<>();
    Matcher m = ENTITY_ID.matcher(text);
    while (m.find()) {
      used.add(m.group());
    }
    Set<String> unknown = new TreeSet<>(used);
    unknown.removeAll(known.keySet());
    assertTrue(unknown.isEmpty(), "entity ids powerwatch's discovery does not make: " + unknown + "; it makes "
        + known.keySet());
    for (String rule : RULES.keySet()) {
      assertTrue(used.contains("binary_sensor." + slug(NICKNAME + " " + rule + " alert")), rule + "'s alert is used");
    }

    String mute = known.entrySet().stream().filter(e -> e.getValue().topic().endsWith("/mute/set"))
        .map(Map.Entry::getKey).findFirst().orElseThrow();
    List<JsonNode> presses = new ArrayList<>();
    for (JsonNode a : new YAMLMapper().readTree(AUTOMATIONS.toFile())) {
      a.get("actions").forEach(action -> {
        if (action.path("action").asText().equals("button.press")) {
          presses.add(action);
        }
      });
    }
    assertEquals(1, presses.size(), "one automation presses a button");
    assertEquals(mute, presses.get(0).at("/target/entity_id").asText());
  }

  @Test
  void theAutomationsNameOnlyPowerwatchsTopics() throws IOException {
    List<String> named = topicsIn(Files.readString(AUTOMATIONS));
    assertNotAllowed(AUTOMATIONS, named);
    assertTrue(named.size() >= 3, "the header names the topics behind the entities: " + named);
  }

  // --- helpers ----------------------------------------------------------------------------------

  private JsonNode flow() throws IOException {
    return json.readTree(FLOW.toFile());
  }

  private static List<JsonNode> byType(JsonNode flow, String type) {
    List<JsonNode> nodes = new ArrayList<>();
    flow.forEach(n -> {
      if (n.get("type").asText().equals(type)) {
        nodes.add(n);
      }
    });
    return nodes;
  }

  private static JsonNode mqttIn(JsonNode flow, String topic) {
    return byType(flow, "mqtt in").stream().filter(n -> n.path("topic").asText().equals(topic)).findFirst()
        .orElseGet(() -> fail("no mqtt in subscribes to " + topic));
  }

  /** The nodes a message from {@code start} can reach along the wires. */
  private static List<JsonNode> reachable(JsonNode flow, JsonNode start) {
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    flow.forEach(n -> byId.put(n.get("id").asText(), n));
    List<JsonNode> seen = new ArrayList<>();
    Deque<JsonNode> next = new ArrayDeque<>(List.of(start));
    while (!next.isEmpty()) {
      for (JsonNode output : next.pop().path("wires")) {
        for (JsonNode id : output) {
          JsonNode target = byId.get(id.asText());
          if (target != null && !seen.contains(target)) {
            seen.add(target);
            next.add(target);
          }
        }
      }
    }
    return seen;
  }

  private static void strings(JsonNode node, java.util.function.Consumer<String> each) {
    if (node.isTextual()) {
      each.accept(node.asText());
    }
    node.forEach(child -> strings(child, each));
  }

  private static List<String> topicsIn(String text) {
    List<String> topics = new ArrayList<>();
    Matcher m = TOPIC.matcher(text);
    while (m.find()) {
      topics.add(m.group().replaceAll("\\.+$", "")); // the end of a sentence
    }
    return topics;
  }

  private static void assertNotAllowed(Path file, List<String> named) {
    List<String> wrong = named.stream().filter(t -> !allowed(t)).distinct().toList();
    assertTrue(wrong.isEmpty(), file + " names topics powerwatch neither publishes nor reads: " + wrong
        + "; it has " + PATTERNS.stream().sorted().collect(Collectors.joining(", ")));
  }

  /** Whether a topic named in the docs is one of powerwatch's (a concrete topic, a placeholder or a filter). */
  private static boolean allowed(String topic) {
    return PATTERNS.stream().anyMatch(p -> matches(p, topic));
  }

  /**
   * Level by level: a home or rule level ({@code +} in the pattern) takes any level, a placeholder
   * or {@code +}; other levels must be equal; a trailing {@code #} takes whatever follows.
   */
  static boolean matches(String pattern, String topic) {
    String[] p = pattern.split("/", -1);
    String[] t = topic.split("/", -1);
    for (int i = 0; i < t.length; i++) {
      if (t[i].equals("#")) {
        return i == t.length - 1;
      }
      if (i >= p.length || t[i].isEmpty() || !(p[i].equals("+") || p[i].equals(t[i]))) {
        return false;
      }
    }
    return t.length == p.length;
  }

  /** Puts the home, then the rule, into a pattern's {@code +} levels. */
  private static String fill(String pattern, String home, String rule) {
    return pattern.replaceFirst("\\+", Matcher.quoteReplacement(home)).replaceFirst("\\+",
        Matcher.quoteReplacement(rule));
  }

  /** Home Assistant's slugify for ASCII names: lower case, runs of anything else one {@code _}. */
  private static String slug(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
  }
}
