package dev.powerwatch.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.serialization.SerializationExtension;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.settings.SettingsLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A single process builds none of the cluster's serializers; a node keeps them all. */
class LocalSerializersTest {
  @TempDir
  Path dir;

  private static Map<String, String> serializers(Config config) {
    return config.getConfig("akka.actor.serializers").root().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue().unwrapped())));
  }

  @Test
  void aSingleProcessStartsWithStandInsForTheClustersSerializers() {
    Config local = SettingsLoader.loadConfig(null);
    Map<String, String> serializers = serializers(local);
    assertEquals(UnusedSerializer.class.getName(), serializers.get("jackson-cbor"));
    assertEquals(UnusedSerializer.class.getName(), serializers.get("akka-sharding"));
    assertEquals("akka.serialization.StringSerializer", serializers.get("primitive-string"), "the local ones stay");
    assertEquals("none", local.getString("akka.actor.serialization-bindings.\"dev.powerwatch.cluster.CborSerializable\""));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "local", local);
    try {
      assertTrue(SerializationExtension.get(system).serializerByIdentity().values().exists(
          s -> s instanceof UnusedSerializer), "the system started with them");
      assertFalse(SerializationExtension.get(system).serializerByIdentity().values().exists(
          s -> s.getClass().getName().startsWith("akka.serialization.jackson.")), "and built no Jackson serializer");
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
    }
  }

  @Test
  void aNodeKeepsThem() throws Exception {
    Path file = dir.resolve("node.conf");
    Files.writeString(file, "powerwatch.cluster.enabled = true\n");
    Map<String, String> serializers = serializers(SettingsLoader.loadConfig(file));
    assertEquals("akka.serialization.jackson.JacksonCborSerializer", serializers.get("jackson-cbor"));
    assertEquals(serializers(ConfigFactory.load()), serializers);
  }

  @Test
  void aStandInRefusesWork() {
    UnusedSerializer unused = new UnusedSerializer();
    assertTrue(unused.identifier() != new UnusedSerializer().identifier(), "each its own identifier");
    assertEquals("a single process sends nothing to other nodes (java.time.Duration)",
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
            () -> unused.toBinary(Duration.ZERO)).getMessage());
  }
}
