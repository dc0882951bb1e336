package dev.powerwatch.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.powerwatch.support.ConfigReader;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The keys of {@code powerwatch} are those of reference.conf: a key the defaults do not have is a
 * typo or a leftover, and naming it beats running without the setting the person meant. Lists
 * (rules, channels) are checked by their loaders, which know each type's keys.
 */
final class KnownKeys {
  /** Sections whose keys belong to someone else (Akka's dispatcher settings). */
  private static final Set<String> OPEN = Set.of("blocking-io-dispatcher");
  /** What an operator's file may hold besides {@code powerwatch}: tuning of the libraries. */
  static final Set<String> ROOTS = Set.of("powerwatch", "akka", "ssl-config");

  private KnownKeys() {}

  static void check(Config powerwatch) {
    check(powerwatch.root(), ConfigFactory.defaultReference().getConfig("powerwatch").root(), "powerwatch");
  }

  /** The operator's own file: only {@link #ROOTS} at the top. */
  static void checkRoots(Config operatorFile) {
    new ConfigReader(operatorFile, "").requireKnownKeys(ROOTS);
  }

  private static void check(ConfigObject actual, ConfigObject reference, String prefix) {
    ConfigReader reader = new ConfigReader(actual.toConfig(), prefix);
    for (Map.Entry<String, ConfigValue> entry : new TreeMap<>(actual).entrySet()) {
      String key = entry.getKey();
      ConfigValue known = reference.get(key);
      if (known == null) {
        throw reader.unknownKey(key, reference.keySet());
      }
      boolean bothObjects = known.valueType() == ConfigValueType.OBJECT
          && entry.getValue().valueType() == ConfigValueType.OBJECT;
      if (bothObjects && !OPEN.contains(key)) {
        check((ConfigObject) entry.getValue(), (ConfigObject) known, prefix + "." + key);
      }
    }
  }
}
