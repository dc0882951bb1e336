package dev.powerwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.settings.SettingsLoader;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the daemon's actor system is given beyond the operator's file. */
class DaemonConfigTest {
  @Test
  void aStopWaitsForThePushesUnderWayAsLongAsTheLongestOfThemMayTake() {
    Config config = ConfigFactory.parseString("powerwatch.notify.request-timeout = 40s")
        .withFallback(ConfigFactory.load()).resolve();
    Config daemon = Daemon.daemonConfig(config, new SettingsLoader(Map.of("TIBBER_TOKEN", "token")).load(config));
    assertEquals(Duration.ofSeconds(40 + 5 + 1 + 1),
        daemon.getDuration("akka.coordinated-shutdown.phases.service-requests-done.timeout"),
        "the request timeout, a channel's overrun, the ask's margin and the phase's");
  }
}
