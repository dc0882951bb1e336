package dev.powerwatch.support;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Akka builds every configured serializer when an actor system starts. The cluster's modules
 * (remoting, sharding, distributed data, persistence, Jackson with its Scala module) add a dozen,
 * which cost a single process about a second at start and memory for nothing, since nothing of
 * it leaves the JVM. This takes them out of the configuration of a process that is not a node:
 * removing a key would not do, since the actor system falls back on the libraries' defaults, so
 * each such serializer is replaced by {@link UnusedSerializer} and its bindings by Akka's
 * {@code none}.
 */
public final class LocalSerializers {
  private static final List<String> NODE_ONLY = List.of(
      "akka.cluster.", "akka.remote.", "akka.persistence.", "akka.serialization.jackson.");
  private static final String SERIALIZERS = "akka.actor.serializers";
  private static final String BINDINGS = "akka.actor.serialization-bindings";
  private static final ConfigValue UNUSED = ConfigValueFactory.fromAnyRef(UnusedSerializer.class.getName());
  private static final ConfigValue NONE = ConfigValueFactory.fromAnyRef("none");

  private LocalSerializers() {}

  public static Config only(Config config) {
    Set<String> dropped = new HashSet<>();
    Config result = config;
    for (Map.Entry<String, ConfigValue> serializer : config.getConfig(SERIALIZERS).root().entrySet()) {
      String className = String.valueOf(serializer.getValue().unwrapped());
      if (NODE_ONLY.stream().anyMatch(className::startsWith)) {
        dropped.add(serializer.getKey());
        result = result.withValue(SERIALIZERS + "." + ConfigUtil.quoteString(serializer.getKey()), UNUSED);
      }
    }
    for (Map.Entry<String, ConfigValue> binding : config.getConfig(BINDINGS).root().entrySet()) {
      if (dropped.contains(String.valueOf(binding.getValue().unwrapped()))) {
        result = result.withValue(BINDINGS + "." + ConfigUtil.quoteString(binding.getKey()), NONE);
      }
    }
    return result;
  }
}
