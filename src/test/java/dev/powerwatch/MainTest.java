package dev.powerwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import dev.powerwatch.simulator.TibberSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as an operator meets it: exit codes and one-line errors. */
class MainTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @TempDir
  Path dir;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** The file, with a state directory inside the test's folder unless the test sets one. */
  private Path configFile(String hocon) throws IOException {
    return Files.writeString(dir.resolve("powerwatch.conf"),
        "powerwatch.state-dir = \"" + dir.resolve("state") + "\"\n" + hocon);
  }

  @Test
  void aMissingConfigFileExits78WithOneLine() {
    CommandRun r = CommandRun.of("check-config", "--config", dir.resolve("absent.conf").toString());
    assertEquals(78, r.exitCode());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("powerwatch: --config: cannot read"), r.err());
  }

  @Test
  void aMalformedDurationExits78NamingTheKey() throws IOException {
    Path file = configFile("powerwatch { tibber.token = \"t0k3n\", feed.timeout = soon }");
    CommandRun r = CommandRun.of("run", "--config", file.toString());
    assertEquals(78, r.exitCode());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("powerwatch: powerwatch.feed.timeout: must be a duration"), r.err());
    assertFalse(r.err().contains("t0k3n"));
    assertFalse(r.err().contains("Exception"));
  }

  @Test
  void anUnwritableStateDirectoryExits78NamingTheKey() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
    Path conf = configFile("powerwatch { tibber.token = t, state-dir = \"" + file.resolve("state") + "\" }");
    CommandRun r = CommandRun.of("run", "--config", conf.toString());
    assertEquals(78, r.exitCode());
    assertTrue(r.err().startsWith("powerwatch: powerwatch.state-dir: cannot create or write"), r.err());
  }

  @Test
  void aBadUrlExits78NamingTheKey() throws IOException {
    Path file = configFile("powerwatch.tibber { token = \"t\", api-url = \"api.tibber.com\" }");
    CommandRun r = CommandRun.of("check-config", "--config", file.toString());
    assertEquals(78, r.exitCode());
    assertTrue(r.err().startsWith("powerwatch: powerwatch.tibber.api-url:"), r.err());
  }

  @Test
  void checkConfigResolvesTheHomesAndPrintsWhatWouldRun() throws IOException {
    try (TibberSimulator simulator = Fixtures.simulator(testKit)) {
      Path file = configFile("powerwatch { state-dir = \"" + dir.resolve("state") + "\", tibber { token = \""
          + Fixtures.TOKEN + "\", api-url = \"" + simulator.apiUrl() + "\" } }");
      CommandRun r = CommandRun.of("check-config", "--config", file.toString());
      assertEquals(0, r.exitCode(), r.err());
      assertTrue(r.out().contains("Configuration OK."), r.out());
      assertTrue(r.out().contains(Fixtures.HOME_A + "  House"), r.out());
      assertTrue(r.out().contains(Fixtures.HOME_B + "  Cabin"), r.out());
      assertFalse(r.out().contains(Fixtures.HOME_NO_PULSE), r.out());
      assertFalse(r.out().contains(Fixtures.TOKEN), r.out());
      assertEquals(0, simulator.connectionAttempts(), "check-config opens no socket");
    }
  }

  @Test
  void checkConfigNamesAnUnknownHome() throws IOException {
    try (TibberSimulator simulator = Fixtures.simulator(testKit)) {
      Path file = configFile("powerwatch.tibber { token = \"" + Fixtures.TOKEN + "\", api-url = \""
          + simulator.apiUrl() + "\", homes = [\"nope\"] }");
      CommandRun r = CommandRun.of("check-config", "--config", file.toString());
      assertEquals(78, r.exitCode());
      assertTrue(r.err().startsWith("powerwatch: powerwatch.tibber.homes: home 'nope' is not on this"), r.err());
    }
  }

  @Test
  void checkConfigReportsARejectedToken() throws IOException {
    try (TibberSimulator simulator = Fixtures.simulator(testKit)) {
      Path file = configFile("powerwatch.tibber { token = \"not-valid\", api-url = \"" + simulator.apiUrl() + "\" }");
      CommandRun r = CommandRun.of("check-config", "--config", file.toString());
      assertEquals(78, r.exitCode());
      assertTrue(r.err().startsWith("powerwatch: powerwatch.tibber.token: Tibber rejected the token"), r.err());
      assertFalse(r.err().contains("not-valid"));
    }
  }

  @Test
  void checkConfigPrintsRulesAndChannels() throws IOException {
    try (TibberSimulator simulator = Fixtures.simulator(testKit)) {
      Path file = configFile("powerwatch { tibber { token = \"" + Fixtures.TOKEN + "\", api-url = \""
          + simulator.apiUrl() + "\" }\n rules = [{ name = high, type = threshold, above = 8000, clear = 7000,"
          + " homes = [\"" + Fixtures.HOME_A + "\"] }] }");
      CommandRun r = CommandRun.of("check-config", "--config", file.toString());
      assertEquals(0, r.exitCode(), r.err());
      assertTrue(r.out().contains("high: power >= 8000 W, clears below 7000 W; warning, for 0 s, cooldown 300 s"),
          r.out());
      assertTrue(r.out().contains("tibber (tibber)"), r.out());
    }
  }

  @Test
  void aRuleForAnUnwatchedHomeIsAConfigurationError() throws IOException {
    try (TibberSimulator simulator = Fixtures.simulator(testKit)) {
      Path file = configFile("powerwatch { tibber { token = \"" + Fixtures.TOKEN + "\", api-url = \""
          + simulator.apiUrl() + "\", homes = [\"" + Fixtures.HOME_A + "\"] }\n rules = [{ name = high,"
          + " type = threshold, above = 8000, homes = [\"" + Fixtures.HOME_B + "\"] }] }");
      CommandRun r = CommandRun.of("check-config", "--config", file.toString());
      assertEquals(78, r.exitCode());
      assertTrue(r.err().startsWith("powerwatch: powerwatch.rules: rule 'high' names home '" + Fixtures.HOME_B), r.err());
    }
  }

  @Test
  void aRuleNamingAnUnknownChannelIsAConfigurationError() throws IOException {
    Path file = configFile("powerwatch { tibber.token = t, rules = [{ name = high, type = threshold, above = 1,"
        + " channels = [pager] }] }");
    CommandRun r = CommandRun.of("check-config", "--config", file.toString());
    assertEquals(78, r.exitCode());
    assertTrue(r.err().startsWith("powerwatch: powerwatch.rules: rule 'high' names channel 'pager'"), r.err());
  }

  @Test
  void testNotifySendsThroughEveryChannelAndReportsEach() throws IOException {
    try (TibberSimulator simulator = Fixtures.simulator(testKit)) {
      Path file = configFile("powerwatch { tibber { token = \"" + Fixtures.TOKEN + "\", api-url = \""
          + simulator.apiUrl() + "\" }\n notify.request-timeout = 3s, notify.channels = [{ type = tibber },"
          + " { type = webhook, name = nowhere, url = \"http://127.0.0.1:" + LoopbackHttp.freePort() + "/hook\" }] }");
      CommandRun r = CommandRun.of("test-notify", "--config", file.toString());
      assertEquals(69, r.exitCode(), r.out() + r.err());
      assertTrue(r.out().contains("tibber (tibber): delivered - pushed to 1 device(s)"), r.out());
      assertTrue(r.out().contains("nowhere (webhook): FAILED - no answer"), r.out());
      assertEquals("powerwatch test", simulator.pushes().get(0).title());

      CommandRun one = CommandRun.of("test-notify", "--config", file.toString(), "--channel", "tibber");
      assertEquals(0, one.exitCode(), one.out());
      assertEquals(2, simulator.pushes().size());

      CommandRun unknown = CommandRun.of("test-notify", "--config", file.toString(), "--channel", "sms");
      assertEquals(78, unknown.exitCode());
      assertTrue(unknown.err().contains("no channel named 'sms'"), unknown.err());
    }
  }
}
