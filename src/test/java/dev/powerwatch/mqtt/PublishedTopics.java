package dev.powerwatch.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.powerwatch.rules.RuleSpec;
import dev.powerwatch.tibber.Home;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What powerwatch publishes and listens to over MQTT, asked of {@link Topics} and {@link Discovery}
 * themselves, for tests outside this package (the examples in docs/). Test code only: the main
 * classes stay package-private.
 */
public final class PublishedTopics {
  /** The rule types; the energy ones add topics and entities. */
  private static final List<String> RULE_TYPES =
      List.of("threshold", "stale-feed", Discovery.HOUR_ESTIMATE, Discovery.CAPACITY_STEP);
  private static final String HOME = "home-level";

  /** One Home Assistant entity as discovery announces it: component, name, and the topic it reads or presses. */
  public record NamedEntity(String component, String name, String topic) {}

  private PublishedTopics() {}

  /**
   * Every topic powerwatch publishes to or subscribes to under the topic prefix, as MQTT filters:
   * the home and rule levels are {@code +}, e.g. {@code powerwatch/+/power},
   * {@code powerwatch/+/+/alert}, {@code powerwatch/+/mute/set}, {@code powerwatch/status}. The
   * states are read off discovery's entities (HomeStates publishes each one an entity reads); a state
   * without an entity would be missing here, which fails a doc naming it rather than passing it.
   */
  public static Set<String> patterns(String topicPrefix, String discoveryPrefix) {
    Topics topics = new Topics(topicPrefix, discoveryPrefix);
    List<RuleSpec> rules = new ArrayList<>();
    Set<String> variable = new LinkedHashSet<>(Set.of(Topics.level(HOME)));
    for (String type : RULE_TYPES) {
      String name = "rule-of-type-" + type;
      rules.add(rule(name, type));
      variable.add(Topics.level(name));
    }
    // Not topics.commands(), the wildcard the buttons come in on: only the buttons' own topics do something.
    List<String> concrete = new ArrayList<>(List.of(topics.availability()));
    for (Discovery.Entity e : discovery(topics).entities(new Home(HOME, "House", null, true), rules,
        Optional.of("NOK"))) {
      concrete.add(e.topic());
      e.extra().forEach((key, value) -> {
        if (key.endsWith("_topic")) {
          concrete.add(value);
        }
      });
    }
    Set<String> patterns = new LinkedHashSet<>();
    for (String topic : concrete) {
      String[] levels = topic.split("/", -1);
      for (int i = 0; i < levels.length; i++) {
        if (variable.contains(levels[i])) {
          levels[i] = "+";
        }
      }
      patterns.add(String.join("/", levels));
    }
    return patterns;
  }

  /** The entities discovery announces for one home, given its rules as name to type. */
  public static List<NamedEntity> entities(String topicPrefix, String discoveryPrefix, String homeId,
      String nickname, Map<String, String> ruleTypesByName) {
    Topics topics = new Topics(topicPrefix, discoveryPrefix);
    List<RuleSpec> rules = ruleTypesByName.entrySet().stream().map(r -> rule(r.getKey(), r.getValue())).toList();
    return discovery(topics).entities(new Home(homeId, nickname, null, true), rules, Optional.of("NOK")).stream()
        .map(e -> new NamedEntity(e.component(), e.name(), e.topic())).toList();
  }

  private static Discovery discovery(Topics topics) {
    return new Discovery(topics, new ObjectMapper(), "test");
  }

  /** Discovery reads only a rule's name and type. */
  private static RuleSpec rule(String name, String type) {
    return new RuleSpec(name, type, null, List.of(), null, null, true, false, List.of(), null, null, null, null, null,
        null, List.of());
  }
}
