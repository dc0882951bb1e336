package dev.powerwatch.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar's configuration as the daemon loads it: the jar joins every library's
 * reference.conf into one, and there powerwatch's settings for Akka once lost to Akka's own
 * defaults (the logger printed on standard output, past the log's masking of secrets).
 */
class PackagedConfigIT {
  @Test
  void theJarKeepsPowerwatchsSettingsForAkka() throws IOException {
    Path jar = Path.of("target", "powerwatch.jar");
    assertTrue(Files.isRegularFile(jar), "the package phase makes " + jar);
    try (URLClassLoader fromJar = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      Config loaded = ConfigFactory.load(fromJar);
      assertEquals(List.of("akka.event.slf4j.Slf4jLogger"), loaded.getStringList("akka.loggers"));
      assertEquals("DEBUG", loaded.getString("akka.loglevel"));
      assertEquals("OFF", loaded.getString("akka.stdout-loglevel"));
      assertEquals("on", loaded.getString("akka.http.client.socket-options.tcp-no-delay"));
      assertEquals("on", loaded.getString("akka.http.server.transparent-head-requests"));
      assertEquals(4, loaded.getInt("akka.actor.default-dispatcher.fork-join-executor.parallelism-max"));
    }
  }
}
