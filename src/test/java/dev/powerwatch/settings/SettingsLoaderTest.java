package dev.powerwatch.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.notify.Channel;
import dev.powerwatch.support.SettingsException;
import dev.powerwatch.support.SteadyTime;
import dev.powerwatch.tibber.TibberAccount;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsLoaderTest {
  private static final Map<String, String> WITH_TOKEN = Map.of("TIBBER_TOKEN", "secret-token-value");

  @TempDir
  Path dir;

  private static Config config(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  private static SettingsException problem(Map<String, String> env, String hocon) {
    return assertThrows(SettingsException.class, () -> new SettingsLoader(env).load(config(hocon)));
  }

  @Test
  void defaultsAreTibbersAndTheIssueDefaults() {
    Settings s = new SettingsLoader(WITH_TOKEN).load(config(""));
    assertEquals(URI.create("https://api.tibber.com/v1-beta/gql"), s.tibber().apiUrl());
    assertEquals("secret-token-value", s.tibber().token().reveal());
    assertEquals(List.of(), s.tibber().homeIds());
    assertEquals(Duration.ofSeconds(90), s.feed().timeout());
    assertEquals(Duration.ofSeconds(1), s.feed().backoffMin());
    assertEquals(Duration.ofMinutes(5), s.feed().backoffMax());
    assertEquals(Duration.ofMinutes(30), s.feed().unauthorizedRetry());
    assertEquals(Duration.ofMinutes(10), s.feed().rateLimitedWait());
    assertTrue(s.tibber().userAgent().startsWith("powerwatch/"), s.tibber().userAgent());
  }

  @Test
  void theTokenNeverPrints() {
    Settings s = new SettingsLoader(WITH_TOKEN).load(config(""));
    assertFalse(s.toString().contains("secret-token-value"), s.toString());
  }

  @Test
  void theClockIsTheMachinesUnlessARehearsalCompressesIt() {
    assertEquals(Clock.systemUTC(), new SettingsLoader(WITH_TOKEN).load(config("")).clock());
    Instant origin = Instant.parse("2026-01-01T00:00:00Z");
    Settings rehearsal = new SettingsLoader(WITH_TOKEN).load(config("powerwatch.rehearsal { speed = 60,"
        + " origin = \"" + origin + "\", anchor = \"" + Instant.now().minusSeconds(2) + "\" }"));
    Instant now = rehearsal.clock().instant();
    assertTrue(now.isAfter(origin.plusSeconds(119)) && now.isBefore(origin.plus(Duration.ofMinutes(30))),
        "two real seconds since the anchor are two minutes at 60 times: " + now);
    assertTrue(StartupCheck.warnings(rehearsal).stream().anyMatch(w -> w.startsWith("powerwatch.rehearsal.speed = 60")));
  }

  @Test
  void aRehearsalMayAnchorOnTheMachinesMonotonicClock() {
    Instant origin = Instant.parse("2026-01-01T00:00:00Z");
    long twoSecondsAgo = System.nanoTime() - Duration.ofSeconds(2).toNanos();
    Settings rehearsal = new SettingsLoader(WITH_TOKEN).load(config("powerwatch.rehearsal { speed = 60,"
        + " origin = \"" + origin + "\", anchor-nanos = \"" + twoSecondsAgo + "\" }"));
    Instant now = rehearsal.clock().instant();
    assertTrue(now.isAfter(origin.plusSeconds(119)) && now.isBefore(origin.plus(Duration.ofMinutes(30))),
        "two real seconds since the anchor are two minutes at 60 times: " + now);
    assertEquals("powerwatch.rehearsal.anchor-nanos: 'soon' is not a reading of the machine's monotonic clock"
        + " in nanoseconds", problem(WITH_TOKEN, "powerwatch.rehearsal { speed = 60, origin = \"" + origin
        + "\", anchor-nanos = soon }").getMessage());
  }

  @Test
  void aRehearsalMayFollowTheWallClockWithItsSteadyTimeOnTheMonotonicOne() {
    Instant origin = Instant.parse("2026-01-01T00:00:00Z");
    long now = System.nanoTime();
    Settings rehearsal = new SettingsLoader(WITH_TOKEN).load(config("powerwatch.rehearsal { speed = 60,"
        + " origin = \"" + origin + "\", anchor = \"" + Instant.now().minusSeconds(3600) + "\", anchor-nanos = \""
        + now + "\", follow-wall-clock = true }"));
    Instant read = rehearsal.clock().instant();
    assertTrue(read.isAfter(origin.plus(Duration.ofHours(59))) && read.isBefore(origin.plus(Duration.ofHours(61))),
        "an hour of the wall clock since its anchor is 60 hours at 60 times: " + read);
    long steady = SteadyTime.of(rehearsal.clock()).nanos();
    assertTrue(steady >= 0 && steady < Duration.ofHours(1).toNanos(),
        "its steady time counts from the monotonic anchor, just now: " + Duration.ofNanos(steady));
    assertEquals("powerwatch.rehearsal.anchor-nanos: must be set with follow-wall-clock (the monotonic reading at"
        + " the anchor, for cooldowns and watchdogs)", problem(WITH_TOKEN, "powerwatch.rehearsal { speed = 60, origin = \""
        + origin + "\", anchor = \"" + origin + "\", follow-wall-clock = true }").getMessage());
  }

  @Test
  void aRehearsalNamesItsBadValues() {
    assertEquals("powerwatch.rehearsal.speed: must be from 1 (real time) to 1000000, was 0.5",
        problem(WITH_TOKEN, "powerwatch.rehearsal.speed = 0.5").getMessage());
    assertEquals("powerwatch.rehearsal.origin: must not be empty",
        problem(WITH_TOKEN, "powerwatch.rehearsal.speed = 60").getMessage());
    assertEquals("powerwatch.rehearsal.anchor: 'noon' is not an instant such as 2026-01-01T00:00:00Z",
        problem(WITH_TOKEN, "powerwatch.rehearsal { speed = 60, origin = \"2026-01-01T00:00:00Z\", anchor = noon }")
            .getMessage());
  }

  @Test
  void homesAreTrimmed() {
    Settings s = new SettingsLoader(WITH_TOKEN).load(config("powerwatch.tibber.homes = [\" a \", b]"));
    assertEquals(List.of("a", "b"), s.tibber().homeIds());
  }

  @Test
  void theLanguageIsEnglishNorwegianOrSwedish() {
    Settings norwegian = new SettingsLoader(WITH_TOKEN).load(config(
        "powerwatch { language = nb, rules = [{ name = silent, type = stale-feed, after = 10m }] }"));
    assertEquals("Ingen sanntidsdata fra {home}", norwegian.rules().get(0).spec().title());
    SettingsException e = problem(WITH_TOKEN, "powerwatch.language = norsk");
    assertEquals("powerwatch.language: 'norsk' is not one of [en, nb, sv]", e.getMessage());
  }

  @Test
  void aHomeNamedTwiceIsAnError() {
    SettingsException e = problem(WITH_TOKEN, "powerwatch.tibber.homes = [a, b, \" a\"]");
    assertEquals("powerwatch.tibber.homes: names home 'a' twice", e.getMessage());
  }

  @Test
  void anMqttChannelUsesTheBrokerOfPowerwatchMqtt() throws IOException {
    Path password = Files.writeString(dir.resolve("mqtt-password"), "mqtt-pw-from-file\n");
    Settings s = new SettingsLoader(WITH_TOKEN).load(config("powerwatch { mqtt { url = \"mqtt://127.0.0.1\","
        + " username = pw, password-file = \"" + password + "\" }, notify.channels = [{ type = mqtt, topic = n }] }"));
    Channel channel = s.notifications().channels().get(0);
    assertEquals("mqtt", channel.type());
    assertEquals("login *** refused", channel.redact("login mqtt-pw-from-file refused"), "the broker's password is masked");
    SettingsException e = problem(WITH_TOKEN, "powerwatch.notify.channels = [{ type = mqtt, topic = n }]");
    assertEquals("powerwatch.notify.channels[0].type", e.key());
  }

  @Test
  void aMissingTokenSaysWhereToPutIt() {
    SettingsException e = problem(Map.of(), "");
    assertEquals("powerwatch.tibber.token", e.key());
    assertTrue(e.getMessage().contains("TIBBER_TOKEN"), e.getMessage());
  }

  @Test
  void theTokenComesFromAFile() throws IOException {
    Path file = Files.writeString(dir.resolve("token"), "  from-file \n");
    Settings s = new SettingsLoader(Map.of()).load(config("powerwatch.tibber.token-file = \"" + file + "\""));
    assertEquals("from-file", s.tibber().token().reveal());
  }

  @Test
  void theTokenComesFromASystemdCredential() throws IOException {
    Files.writeString(dir.resolve("tibber-token"), "from-credential");
    Settings s = new SettingsLoader(Map.of("CREDENTIALS_DIRECTORY", dir.toString())).load(config(""));
    assertEquals("from-credential", s.tibber().token().reveal());
  }

  @Test
  void anUnreadableTokenFileIsNamed() {
    SettingsException e = problem(Map.of(), "powerwatch.tibber.token-file = \"" + dir.resolve("missing") + "\"");
    assertEquals("powerwatch.tibber.token-file", e.key());
    assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
  }

  @Test
  void anEmptyTokenFileIsNamed() throws IOException {
    Path file = Files.writeString(dir.resolve("empty"), "\n");
    SettingsException e = problem(Map.of(), "powerwatch.tibber.token-file = \"" + file + "\"");
    assertTrue(e.getMessage().contains("is empty"), e.getMessage());
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiter = '|', value = {
      "feed.timeout            | ninety       | must be a duration",
      "feed.timeout            | 0s           | must be greater than zero",
      "feed.ack-timeout        | -5s          | must not be negative",
      "tibber.request-timeout  | [1]          | must be a duration",
      "tibber.api-url          | ftp://x/gql  | is not an http(s) URL",
      "tibber.api-url          | not a url    | is not a valid URL",
      "tibber.api-url          | https://     | is not",
      "tibber.homes            | abc          | must be a list of strings",
      "tibber.homes            | [\"\"]       | contains an empty home",
      "state-dir               | \"\"         | must not be empty",
      "feed.backoff-max        | 500ms        | must not be shorter than powerwatch.feed.backoff-min"})
  void aBadValueNamesItsKey(String key, String value, String expected) {
    SettingsException e = problem(WITH_TOKEN, "powerwatch." + key + " = " + quoteIfNeeded(value));
    assertEquals("powerwatch." + key, e.key());
    assertTrue(e.getMessage().startsWith("powerwatch." + key + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertFalse(e.getMessage().contains("secret-token-value"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiter = '|', value = {
      "mqtt.url                | http://broker               | must start with tcp:// (or mqtt://) or ssl://",
      "mqtt.url                | tcp://me:hunter2@broker     | holds a user or password; put them in mqtt.username",
      "mqtt.url                | tcp:///nothing              | names no host",
      "mqtt.qos                | 3                           | must be 0, 1 or 2, was 3",
      "mqtt.buffer             | 5                           | must be from 10 to 1000000 messages",
      "mqtt.topic-prefix       | home/#                      | must not hold + or #",
      "mqtt.discovery-prefix   | \"\"                         | must not be empty",
      "mqtt.publish-interval   | 0s                          | must be greater than zero",
      "mqtt.reconnect-max      | 100ms                       | must not be shorter than powerwatch.mqtt.reconnect-min",
      "mqtt.password-file      | /nonexistent/mqtt-password  | cannot read"})
  void aBadMqttValueNamesItsKey(String key, String value, String expected) {
    String broker = key.equals("mqtt.url") ? "" : "powerwatch.mqtt.url = \"tcp://127.0.0.1:1883\"\n";
    SettingsException e = problem(WITH_TOKEN, broker + "powerwatch." + key + " = " + quoteIfNeeded(value));
    assertEquals("powerwatch." + key, e.key());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), "a password in the URL is not repeated: " + e.getMessage());
  }

  @Test
  void theMqttBrokerIsReadAsPahoNamesItWithThePasswordFromACredential() throws IOException {
    Files.writeString(dir.resolve("mqtt-password"), "broker-pw\n");
    Settings s = new SettingsLoader(Map.of("TIBBER_TOKEN", "t", "CREDENTIALS_DIRECTORY", dir.toString()))
        .load(config("powerwatch.mqtt { url = \"mqtts://broker.lan\", username = ha }"));
    assertEquals("ssl://broker.lan:8883", s.mqtt().url().orElseThrow().toString());
    assertEquals("broker-pw", s.mqtt().password().orElseThrow().reveal());
    assertFalse(s.mqtt().toString().contains("broker-pw"), s.mqtt().toString());
    assertFalse(new SettingsLoader(WITH_TOKEN).load(config("")).mqtt().enabled(), "off without a url");
  }

  private static String quoteIfNeeded(String value) {
    return value.startsWith("[") || value.startsWith("\"") ? value : "\"" + value + "\"";
  }

  @Test
  void aMissingConfigFileIsNamed() {
    SettingsException e = assertThrows(SettingsException.class,
        () -> SettingsLoader.loadConfig(dir.resolve("nope.conf")));
    assertTrue(e.getMessage().startsWith("--config: cannot read"), e.getMessage());
  }

  @Test
  void brokenHoconIsReportedWithItsFile() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.conf"), "powerwatch { tibber { homes = [ }");
    SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.loadConfig(file));
    assertTrue(e.getMessage().contains("invalid HOCON in " + file), e.getMessage());
  }

  @Test
  void theOperatorsFileOverridesTheDefaults() throws IOException {
    Path file = Files.writeString(dir.resolve("ok.conf"), "powerwatch.feed.timeout = 2m");
    Settings s = new SettingsLoader(WITH_TOKEN).load(SettingsLoader.loadConfig(file));
    assertEquals(Duration.ofMinutes(2), s.feed().timeout());
    assertEquals(Duration.ofSeconds(10), s.feed().ackTimeout());
  }

  @Test
  void aClusterNodeReadsItsAddressSeedsAndDatabase() throws IOException {
    Path password = Files.writeString(dir.resolve("db-password"), "db-s3cret\n");
    Settings s = new SettingsLoader(WITH_TOKEN).load(config("powerwatch.cluster { enabled = true,"
        + " host = \"10.0.0.11\", port = 25521, seed-nodes = [\"10.0.0.11:25521\", \"node-2.lan:25520\"],"
        + " stable-after = 5s, home-timeout = 500ms, database { url = \"jdbc:postgresql://10.0.0.10:5432/powerwatch\","
        + " password-file = \"" + password + "\" } }"));
    assertEquals(List.of("10.0.0.11:25521", "node-2.lan:25520"), s.cluster().seedNodes());
    assertEquals(25521, s.cluster().port());
    assertEquals(Duration.ofSeconds(5), s.cluster().stableAfter());
    assertEquals(Duration.ofMillis(500), s.cluster().homeTimeout());
    assertEquals("jdbc:postgresql://10.0.0.10:5432/powerwatch", s.cluster().databaseUrl());
    assertEquals("db-s3cret", s.cluster().databasePassword().reveal());
    assertFalse(s.toString().contains("db-s3cret"), s.toString());
  }

  @Test
  void withoutADatabaseUrlTheJournalIsH2InTheStateDirectory() {
    Settings s = new SettingsLoader(WITH_TOKEN).load(config("powerwatch { state-dir = \"" + dir
        + "\", cluster.enabled = true }"));
    assertEquals("jdbc:h2:file:" + dir.toAbsolutePath().resolve("journal") + ";DB_CLOSE_DELAY=-1",
        s.cluster().databaseUrl());
    assertFalse(new SettingsLoader(WITH_TOKEN).load(config("")).cluster().enabled(), "off by default");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "port = 70000 | powerwatch.cluster.port: must be from 0 to 65535, was 70000",
      "seed-nodes = [\"10.0.0.1\"] | powerwatch.cluster.seed-nodes: holds '10.0.0.1'; each is host:port, such as 10.0.0.1:25520",
      "seed-nodes = [\"a:1\", \"a:1\"] | powerwatch.cluster.seed-nodes",
      "database.url = \"jdbc:mysql://db/p\" | powerwatch.cluster.database.url: must start with jdbc:postgresql: (or jdbc:h2: for a trial)",
      "database.url = \"jdbc:postgresql://db/p?password=hunter2\" | powerwatch.cluster.database.url: holds a password; put it in cluster.database.password-file",
      "stable-after = 0s | powerwatch.cluster.stable-after",
      "home-timeout = 0s | powerwatch.cluster.home-timeout",
      "hosts = x | powerwatch.cluster"})
  void aBadClusterSettingIsNamed(String setting, String expected) {
    SettingsException e = problem(WITH_TOKEN, "powerwatch.cluster { enabled = true, " + setting + " }");
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void moreAccountsEachBringTheirTokenAndHomes() throws IOException {
    Path north = Files.writeString(dir.resolve("north.token"), "north-token-value\n");
    Path credentials = Files.createDirectories(dir.resolve("credentials"));
    Files.writeString(credentials.resolve("tibber-token-south"), "south-token-value");
    Map<String, String> env = Map.of("TIBBER_TOKEN", "secret-token-value", "CREDENTIALS_DIRECTORY", credentials.toString());
    Settings s = new SettingsLoader(env).load(config("powerwatch { state-dir = \"" + dir + "\", cluster.enabled = true,"
        + " tibber.accounts = [{ name = north, token-file = \"" + north + "\", homes = [h1, h2] }, { name = south }] }"));
    List<TibberAccount> accounts = s.tibber().accounts();
    assertEquals(List.of("main", "north", "south"), accounts.stream().map(TibberAccount::name).toList());
    assertEquals("north-token-value", accounts.get(1).token().reveal());
    assertEquals(List.of("h1", "h2"), accounts.get(1).homeIds());
    assertEquals("south-token-value", accounts.get(2).token().reveal());
    assertEquals("powerwatch.tibber.accounts[1].homes", accounts.get(2).homesKey());
    assertFalse(s.toString().contains("north-token-value"), s.toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{ name = north, token = nt } | false | powerwatch.tibber.accounts: several accounts run as a cluster: set powerwatch.cluster.enabled = true",
      "{ name = north } | true | powerwatch.tibber.accounts[0].token-file: no token for account 'north': set token-file or the systemd credential 'tibber-token-north'",
      "{ name = main, token = nt } | true | powerwatch.tibber.accounts[0].name: 'main' names two accounts",
      "{ name = \"north street\", token = nt } | true | powerwatch.tibber.accounts[0].name: 'north street' must be 1 to 40 letters",
      "{ name = a, token = nt }, { name = a, token = mt } | true | powerwatch.tibber.accounts[1].name: 'a' names two accounts",
      "{ name = a, token = secret-token-value } | true | powerwatch.tibber.accounts[0].token: is the token of another account",
      "{ name = a, token = nt, home = [x] } | true | powerwatch.tibber.accounts[0]"})
  void aBadAccountIsNamed(String accounts, boolean cluster, String expected) {
    SettingsException e = problem(WITH_TOKEN, "powerwatch { state-dir = \"" + dir + "\", cluster.enabled = " + cluster
        + ", tibber.accounts = [" + accounts + "] }");
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    assertFalse(e.getMessage().contains("secret-token-value"), e.getMessage());
  }
}
