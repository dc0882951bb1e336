package dev.powerwatch.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.powerwatch.rules.RuleSpec;
import dev.powerwatch.tibber.Home;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Home Assistant's MQTT discovery for one home: a device with its sensors, the alerts as problem
 * binary sensors, the feed as a connectivity one, and buttons to mute the home for an hour and to
 * unmute. Unique ids come from the topic prefix, the home id and the object, so a restart finds
 * the same entities.
 */
final class Discovery {
  static final String HOUR_ESTIMATE = "hour-estimate";
  static final String CAPACITY_STEP = "capacity-step";

  /** One entity: where it lives in Home Assistant and what it reads or presses. */
  record Entity(String component, String object, String name, String topic, Map<String, String> extra) {}

  private final Topics topics;
  private final ObjectMapper mapper;
  private final String version;

  Discovery(Topics topics, ObjectMapper mapper, String version) {
    this.topics = topics;
    this.mapper = mapper;
    this.version = version;
  }

  /** The entities of a home; the cost sensor only once the currency is known (its unit). */
  List<Entity> entities(Home home, List<RuleSpec> rules, Optional<String> currency) {
    String h = home.id();
    List<Entity> all = new ArrayList<>();
    all.add(sensor("power", "Power", topics.state(h, "power"), "W", "power", "measurement"));
    all.add(sensor("power_average", "Power (average)", topics.state(h, "power_average"), "W", "power", "measurement"));
    all.add(sensor("energy_today", "Energy today", topics.state(h, "energy_today"), "kWh", "energy",
        "total_increasing"));
    currency.ifPresent(c -> all.add(sensor("cost_today", "Cost today", topics.state(h, "cost_today"), c, "monetary",
        "total")));
    all.add(new Entity("binary_sensor", "feed", "Live feed", topics.state(h, "feed"),
        Map.of("device_class", "connectivity")));
    all.add(new Entity("binary_sensor", "muted", "Alerts muted", topics.state(h, "muted"), Map.of()));
    all.add(new Entity("button", Topics.MUTE, "Mute alerts for an hour", topics.command(h, Topics.MUTE),
        Map.of("icon", "mdi:bell-off")));
    all.add(new Entity("button", Topics.UNMUTE, "Unmute alerts", topics.command(h, Topics.UNMUTE),
        Map.of("icon", "mdi:bell-ring")));
    for (RuleSpec rule : rules) {
      all.addAll(ruleEntities(h, rule));
    }
    return all;
  }

  private List<Entity> ruleEntities(String h, RuleSpec rule) {
    String r = rule.name();
    String o = Topics.safeId(r);
    List<Entity> all = new ArrayList<>();
    all.add(new Entity("binary_sensor", o + "_alert", r + " alert", topics.state(h, Topics.level(r), "alert"),
        Map.of("device_class", "problem")));
    if (rule.type().equals(HOUR_ESTIMATE) || rule.type().equals(CAPACITY_STEP)) {
      all.add(sensor(o + "_energy", r + " energy this interval", topics.state(h, Topics.level(r), "energy"), "kWh",
          null, "measurement"));
      all.add(sensor(o + "_estimate", r + " estimate", topics.state(h, Topics.level(r), "estimate"), "kWh", null,
          "measurement"));
      all.add(sensor(o + "_reduce", r + " reduce by", topics.state(h, Topics.level(r), "reduce"), "kW", "power",
          "measurement"));
    }
    if (rule.type().equals(CAPACITY_STEP)) {
      all.add(sensor(o + "_headroom", r + " headroom", topics.state(h, Topics.level(r), "headroom"), "kWh", null,
          "measurement"));
      all.add(sensor(o + "_month_peak", r + " month's peak average", topics.state(h, Topics.level(r), "month_peak"),
          "kW", "power", "measurement"));
      all.add(new Entity("sensor", o + "_step", r + " step", topics.state(h, Topics.level(r), "step"),
          Map.of("json_attributes_topic", topics.state(h, Topics.level(r), "peaks"))));
    }
    return all;
  }

  private static Entity sensor(String object, String name, String topic, String unit, String deviceClass,
      String stateClass) {
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("unit_of_measurement", unit);
    if (deviceClass != null) {
      extra.put("device_class", deviceClass);
    }
    extra.put("state_class", stateClass);
    return new Entity("sensor", object, name, topic, extra);
  }

  /** The retained config message of an entity, by its topic. */
  Map<String, String> configs(Home home, List<Entity> entities) {
    Map<String, String> configs = new LinkedHashMap<>();
    for (Entity e : entities) {
      ObjectNode config = mapper.createObjectNode()
          .put("name", e.name())
          .put("unique_id", topics.uniqueId(home.id(), e.object()))
          .put("availability_topic", topics.availability())
          .put(e.component().equals("button") ? "command_topic" : "state_topic", e.topic());
      if (e.component().equals("button")) {
        config.put("payload_press", "PRESS");
      }
      e.extra().forEach(config::put);
      ObjectNode device = config.putObject("device");
      device.putArray("identifiers").add(topics.nodeId(home.id()));
      device.put("name", home.displayName()).put("manufacturer", "powerwatch").put("model", "Tibber live power")
          .put("sw_version", version);
      config.putObject("origin").put("name", "powerwatch").put("sw_version", version);
      configs.put(topics.config(e.component(), home.id(), e.object()), config.toString());
    }
    return configs;
  }
}
