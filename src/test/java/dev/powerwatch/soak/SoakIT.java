package dev.powerwatch.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The soak's short version in verify: four simulated days of four homes in about 80 s, the packaged
 * jar against the simulator, on one token (one process) and on two (a one-node cluster with its
 * journal in the state directory). bench/soak runs the month; -Dsoak.seed replays a seed. The logs
 * stay in target/soak-it for a look after a failure.
 */
class SoakIT {
  @ParameterizedTest(name = "{0} token(s)")
  @ValueSource(ints = {1, 2})
  void fourDaysOfFourHomesBringEveryNoticeTheOracleAsksForAndNoOther(int accounts) throws Exception {
    Path work = Path.of("target", "soak-it", accounts == 1 ? "one-token" : "two-tokens");
    if (Files.exists(work)) {
      try (java.util.stream.Stream<Path> old = Files.walk(work)) {
        old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(work);
    long seed = Long.getLong("soak.seed", 20261203L);
    System.out.println("soak seed " + seed);
    Path jar = Path.of("target", "powerwatch.jar");
    assertTrue(Files.isRegularFile(jar), "the package phase makes " + jar);
    SoakPlan plan = new SoakPlan(seed, 4, Duration.ofDays(4), 4_320, Instant.parse("2026-03-10T00:00:00Z"));
    SoakReport report = new Soak(plan, jar, work, accounts).run();
    System.out.println(report.table());
    assertEquals(List.of(), report.failures(), report.table());
  }
}
