package dev.powerwatch.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.powerwatch.support.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What was published survives a restart, so what is no longer made can be emptied. */
class DiscoveryMemoryTest {
  @TempDir
  Path dir;

  private DiscoveryMemory open() {
    return new DiscoveryMemory(dir, Json.mapper(), Clock.systemUTC());
  }

  @Test
  void configsNoLongerMadeAfterARestartAreNamed() {
    DiscoveryMemory first = open();
    assertEquals(List.of(), first.changedTo(List.of("a/config", "b/config")));
    first.currency("home", "NOK");
    DiscoveryMemory second = open();
    assertEquals(Optional.of("NOK"), second.currency("home"));
    assertEquals(List.of("b/config"), second.changedTo(List.of("a/config")));
    assertEquals(List.of(), open().changedTo(List.of("a/config")), "named once");
  }

  @Test
  void aDamagedListIsMovedAsideAndForgotten() throws IOException {
    Files.writeString(dir.resolve(DiscoveryMemory.FILE_NAME), "{ not json");
    assertEquals(List.of(), open().changedTo(List.of("a/config")));
    try (var files = Files.list(dir)) {
      assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith(DiscoveryMemory.FILE_NAME + ".corrupt-")));
    }
  }
}
