package dev.powerwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.powerwatch.simulator.TibberSimulator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a person can type or a disk can hold, as the operator meets it: each bad input stops
 * {@code check-config} and {@code run} alike with exit 78 and one line naming the problem, before
 * anything is sent to Tibber, and no secret is echoed. The rows of the bad-input issue, one by one.
 */
class BadInputTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final String SECRET = "s3cr3t-Value-42";
  private static TibberSimulator simulator;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSimulator() {
    simulator = Fixtures.simulator(testKit);
  }

  @AfterAll
  static void shutdown() {
    simulator.close();
    testKit.shutdownTestKit();
  }

  /** A configuration against the simulator, with {@code hocon} added inside {@code powerwatch { }}. */
  private Path config(String hocon) throws IOException {
    return Files.writeString(dir.resolve("powerwatch.conf"), "powerwatch {\n  state-dir = \"" + dir.resolve("state")
        + "\"\n  tibber { token = \"" + Fixtures.TOKEN + "\", api-url = \"" + simulator.apiUrl() + "\" }\n"
        + "  http.port = 0\n" + hocon + "\n}\n");
  }

  /** Both commands refuse it the same way, with one line, sending nothing. */
  private void bothRefuse(Path config, String expectedStart) throws Exception {
    int requestsBefore = simulator.graphqlRequests();
    for (String command : List.of("check-config", "run")) {
      CommandRun[] result = new CommandRun[1];
      List<ILoggingEvent> logs = LogCapture.during(() -> result[0] = CommandRun.of(command, "--config", config.toString()));
      CommandRun r = result[0];
      logs.forEach(e -> assertFalse(e.getFormattedMessage().contains(SECRET), "logged: " + e.getFormattedMessage()));
      assertEquals(78, r.exitCode(), command + ": " + r.all());
      assertEquals(1, r.err().strip().lines().count(), command + ": " + r.err());
      assertTrue(r.err().startsWith("powerwatch: " + expectedStart), command + ": " + r.err());
      assertFalse(r.all().contains(SECRET), command + " echoed the secret: " + r.all());
      assertFalse(r.all().contains("Configuration OK"), r.all());
    }
    assertEquals(requestsBefore, simulator.graphqlRequests(), "nothing was sent to Tibber");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "rules[0].cooldwn     | rules = [{ name = high, type = threshold, above = 8000, cooldwn = 10m }]"
          + " | powerwatch.rules[0].cooldwn: unknown key — did you mean cooldown?",
      "rules[0].quiet-hour  | rules = [{ name = high, type = threshold, above = 8000, quiet-hour = [\"22:00-07:00\"] }]"
          + " | powerwatch.rules[0].quiet-hour: unknown key — did you mean quiet-hours?",
      "notify.chanels       | notify.chanels = [{ type = tibber }]"
          + " | powerwatch.notify.chanels: unknown key — did you mean channels?",
      "tibber.tokn          | tibber.tokn = abc"
          + " | powerwatch.tibber.tokn: unknown key — did you mean token?",
      "channels[0].bot-tokn | notify.channels = [{ type = telegram, bot-tokn = \"1:x\", chat-id = \"1\" }]"
          + " | powerwatch.notify.channels[0].bot-tokn: unknown key — did you mean bot-token?",
      "a section            | feeds { timeout = 90s }"
          + " | powerwatch.feeds: unknown key — did you mean feed?"})
  void aTypoInAKeyIsNamedWithTheNearestKnownOne(String name, String hocon, String expected) throws Exception {
    bothRefuse(config(hocon), expected.trim());
  }

  @Test
  void aTypoInTheTopLevelSectionIsNamedToo() throws Exception {
    Path file = Files.writeString(dir.resolve("top.conf"), "powerwach { state-dir = \"" + dir + "\" }\n");
    bothRefuse(file, "powerwach: unknown key — did you mean powerwatch?");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "a duration without a unit | feed.timeout = 90 | powerwatch.feed.timeout: needs a unit, such as 90s",
      "a quoted one too          | rules = [{ name = a, type = threshold, above = 1, cooldown = \"600\" }]"
          + " | powerwatch.rules[0].cooldown: needs a unit",
      "NaN                       | rules = [{ name = a, type = threshold, above = NaN }]"
          + " | powerwatch.rules[0].above: must be a finite number, was NaN",
      "infinity                  | rules = [{ name = a, type = threshold, above = 1e999 }]"
          + " | powerwatch.rules[0].above: must be a finite number",
      "a zero-length quiet time  | rules = [{ name = a, type = threshold, above = 1, quiet-hours = [\"07:00-07:00\"] }]"
          + " | powerwatch.rules[0].quiet-hours: '07:00-07:00' is a window of no length",
      "a negative cooldown       | rules = [{ name = a, type = threshold, above = 1, cooldown = -5m }]"
          + " | powerwatch.rules[0].cooldown: must not be negative",
      "clear on the wrong side   | rules = [{ name = a, type = threshold, below = 200, clear = 190 }]"
          + " | powerwatch.rules[0].clear: must be at least below",
      "an unknown placeholder    | rules = [{ name = a, type = threshold, above = 1, message = \"{home} {vaule} {wat}\" }]"
          + " | powerwatch.rules[0].message: unknown placeholder {vaule} — did you mean value?",
      "a rule named twice        | rules = [{ name = a, type = threshold, above = 1 }, { name = a, type = stale-feed, after = 5m }]"
          + " | powerwatch.rules[1].name: 'a' is used by two rules",
      "a channel named twice     | notify.channels = [{ type = tibber }, { type = tibber }]"
          + " | powerwatch.notify.channels[1].name: 'tibber' is used by two channels",
      "an mqtt channel, no broker | notify.channels = [{ type = mqtt, topic = \"powerwatch/notices\" }]"
          + " | powerwatch.notify.channels[0].type: mqtt needs powerwatch.mqtt.url",
      "a home named twice        | tibber.homes = [\"home-a-0001\", \"home-a-0001\"]"
          + " | powerwatch.tibber.homes: names home 'home-a-0001' twice",
      "a network bind, no token  | http.host = \"0.0.0.0\""
          + " | powerwatch.http.host: '0.0.0.0' is reachable from other machines: set powerwatch.http.token",
      "an allowed host twice     | http.allowed-hosts = [pi.local, pi.local]"
          + " | powerwatch.http.allowed-hosts: names host 'pi.local' twice",
      "a rule's home twice       | rules = [{ name = a, type = threshold, above = 1, homes = [x, x] }]"
          + " | powerwatch.rules[0].homes: names home 'x' twice"})
  void aValueThatCannotBeMeantIsRefused(String name, String hocon, String expected) throws Exception {
    bothRefuse(config(hocon), expected.trim());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "telegram bot-token with a space | notify.channels = [{ type = telegram, bot-token = \"123:s3cr3t-Value-42 x\", chat-id = \"1\" }]"
          + " | powerwatch.notify.channels[0].bot-token: holds a space or tab",
      "a bot-token with a slash        | notify.channels = [{ type = telegram, bot-token = \"123/s3cr3t-Value-42\", chat-id = \"1\" }]"
          + " | powerwatch.notify.channels[0].bot-token: holds '/'",
      "a webhook header with a newline | notify.channels = [{ type = webhook, url = \"http://127.0.0.1:9/h\", headers { Authorization = \"Bearer s3cr3t-Value-42\\nX-Evil: 1\" } }]"
          + " | powerwatch.notify.channels[0].headers.Authorization: holds 2 lines",
      "a bad header name               | notify.channels = [{ type = webhook, url = \"http://127.0.0.1:9/h\", headers { \"X Key\" = \"s3cr3t-Value-42\" } }]"
          + " | powerwatch.notify.channels[0].headers.X Key: is not a valid HTTP header name",
      "a gotify token with a tab       | notify.channels = [{ type = gotify, url = \"http://127.0.0.1:9\", token = \"s3cr3t\\tValue-42\" }]"
          + " | powerwatch.notify.channels[0].token: holds a space or tab",
      "an ntfy topic with a space      | notify.channels = [{ type = ntfy, topic = \"s3cr3t-Value-42 x\" }]"
          + " | powerwatch.notify.channels[0].topic: holds a space",
      "the tibber token with a space   | tibber.token = \"s3cr3t-Value-42 x\""
          + " | powerwatch.tibber.token: holds a space or tab",
      "a webhook URL with a key        | notify.channels = [{ type = webhook, url = \"ftp://user:s3cr3t-Value-42@host/x?k=s3cr3t-Value-42\" }]"
          + " | powerwatch.notify.channels[0].url: ftp://***@host/***?*** is not an http(s) URL with a host",
      "a percent-encoded key           | notify.channels = [{ type = webhook, url = \"ftp://user:s3cr3t%2DValue%2D42@host/x\" }]"
          + " | powerwatch.notify.channels[0].url: ftp://***@host/***",
      "a URL that is no URL            | notify.channels = [{ type = webhook, url = \"http://host/a b/s3cr3t-Value-42\" }]"
          + " | powerwatch.notify.channels[0].url: is not a valid URL"})
  void aSecretThatCannotBeSentIsRefusedWithoutEchoingIt(String name, String hocon, String expected) throws Exception {
    bothRefuse(config(hocon), expected.trim());
  }

  @ParameterizedTest(name = "token file {0}")
  @CsvSource(delimiter = '|', value = {
      "with two lines         | s3cr3t-Value-42\\nsecond-line\\n | holds 2 lines",
      "with a Windows line end | s3cr3t-Value-42\\r\\nmore       | holds 2 lines",
      "with a lone CR inside   | s3cr3t\\rValue-42               | holds 2 lines",
      "with a space inside     | s3cr3t Value-42                 | holds a space or tab at character 7"})
  void aTokenFileThatIsNotOneTokenIsRefused(String name, String content, String expected) throws Exception {
    Path token = Files.writeString(dir.resolve("token"), content.trim().replace("\\n", "\n").replace("\\r", "\r"));
    Path file = Files.writeString(dir.resolve("powerwatch.conf"), "powerwatch { state-dir = \"" + dir.resolve("state")
        + "\", tibber { token-file = \"" + token + "\", api-url = \"" + simulator.apiUrl() + "\" } }");
    bothRefuse(file, "powerwatch.tibber.token-file (" + token + "): the Tibber token " + expected.trim());
  }

  @Test
  void aConfigFileThatNeverEndsIsRefusedBeforeItIsRead() throws Exception {
    bothRefuse(Path.of("/dev/zero"), "--config: /dev/zero is larger than 1024 KiB");
  }

  @Test
  void aHugeConfigFileIsRefused() throws Exception {
    Path file = dir.resolve("huge.conf");
    Files.write(file, new byte[2 * 1024 * 1024]);
    bothRefuse(file, "--config: " + file + " is larger than 1024 KiB");
  }

  @Test
  void aStateFileThatCannotBeReadStopsStartNamingIt() throws Exception {
    Path alerts = Files.createDirectories(dir.resolve("state").resolve("alerts.json"));
    bothRefuse(config(""), "powerwatch.state-dir: cannot read the state file " + alerts);
  }

  @Test
  void aStateFileWithoutReadPermissionStopsStartNamingIt() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")),
        "skipped: root reads a file whatever its permissions (the directory case above covers the same path)");
    Path state = Files.createDirectories(dir.resolve("state"));
    Path alerts = Files.writeString(state.resolve("alerts.json"), "[]");
    Files.setPosixFilePermissions(alerts, PosixFilePermissions.fromString("-w-------"));
    bothRefuse(config(""), "powerwatch.state-dir: cannot read the state file " + alerts);
  }

  @Test
  void anHttpPortInUseStopsStartNamingHostAndPort() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path file = config("http.port = " + taken.getLocalPort());
      int requestsBefore = simulator.graphqlRequests();
      CommandRun r = CommandRun.of("run", "--config", file.toString());
      assertEquals(78, r.exitCode(), r.all());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().startsWith("powerwatch: powerwatch.http.port: cannot listen on 127.0.0.1:"
          + taken.getLocalPort()), r.err());
      assertEquals(requestsBefore, simulator.graphqlRequests(), "Tibber was not asked before the port was bound");
    }
  }

  @Test
  void rulesWithoutAChannelAndAShortWatchdogAreWarnedAbout() throws IOException {
    CommandRun r = CommandRun.of("check-config", "--config", config("""
        feed.timeout = 5s
        rules = [{ name = high, type = threshold, above = 8000 }, { name = quiet, type = stale-feed, after = 30s }]
        notify.channels = []""").toString());
    assertEquals(0, r.exitCode(), r.all());
    assertTrue(r.out().contains("Configuration OK."), r.out());
    assertTrue(r.out().contains("Warning: powerwatch.notify.channels is empty: 2 rule(s)"), r.out());
    assertTrue(r.out().contains("Warning: rule 'quiet': after = 30s is short"), r.out());
    assertTrue(r.out().contains("Warning: powerwatch.feed.timeout = 5000ms is short"), r.out());
  }

  @Test
  void theDocumentedConfigurationPassesWithoutAWarning() throws Exception {
    String documented = Files.readString(Path.of("conf/powerwatch.conf"));
    Path file = Files.writeString(dir.resolve("documented.conf"), documented + "\npowerwatch { state-dir = \""
        + dir.resolve("state") + "\", tibber { token = \"" + Fixtures.TOKEN + "\", api-url = \"" + simulator.apiUrl()
        + "\" }, http.port = 0 }\n");
    CommandRun r = CommandRun.of("check-config", "--config", file.toString());
    assertEquals(0, r.exitCode(), r.all());
    assertFalse(r.out().contains("Warning"), r.out());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"norway-elvia, 'effekttrinn: the month''s average of the 3 highest hours on different days; from 2026-07-01: 0-2 kW 150, 2-5 kW 250, 5-10 kW 420, 10-15 kW 585, 15-20 kW 755, 20+ kW 925 NOK a month'",
      "sweden-ellevio, 'effektavgift: the month''s average of the 3 highest hours on different days; 81.25 SEK'",
      "belgium-flanders, 'capaciteitstarief: the month''s highest quarter; 4.50 EUR per kW and month; warning, for 0 s, cooldown 900 s'"})
  void theExampleConfigurationsPass(String example, String described) throws Exception {
    Path examples = Files.createDirectories(dir.resolve("conf").resolve("examples"));
    Files.copy(Path.of("conf/powerwatch.conf"), dir.resolve("conf").resolve("powerwatch.conf"));
    Files.copy(Path.of("conf/examples/" + example + ".conf"), examples.resolve(example + ".conf"));
    Path file = Files.writeString(dir.resolve("run.conf"), "include \"conf/examples/" + example + ".conf\"\n"
        + "powerwatch { state-dir = \"" + dir.resolve("state") + "\", tibber { token = \"" + Fixtures.TOKEN
        + "\", api-url = \"" + simulator.apiUrl() + "\" }, http.port = 0 }\n");
    CommandRun r = CommandRun.of("check-config", "--config", file.toString());
    assertEquals(0, r.exitCode(), r.all());
    assertFalse(r.out().contains("Warning"), r.out());
    assertTrue(r.out().contains(described), r.out());
  }
}
