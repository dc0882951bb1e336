package dev.powerwatch.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.powerwatch.cluster.ClusterSettings;
import dev.powerwatch.feed.FeedSettings;
import dev.powerwatch.http.HttpSettings;
import dev.powerwatch.broker.MqttSettings;
import dev.powerwatch.notify.Channel;
import dev.powerwatch.notify.ChannelFactory;
import dev.powerwatch.notify.ChannelLoader;
import dev.powerwatch.notify.NotifySettings;
import dev.powerwatch.rules.Rule;
import dev.powerwatch.rules.RuleLoader;
import dev.powerwatch.support.CompressedClock;
import dev.powerwatch.support.ConfigReader;
import dev.powerwatch.support.Failures;
import dev.powerwatch.support.Json;
import dev.powerwatch.support.LocalSerializers;
import dev.powerwatch.support.Secret;
import dev.powerwatch.support.SecretText;
import dev.powerwatch.support.SettingsException;
import dev.powerwatch.tibber.TibberAccount;
import dev.powerwatch.tibber.TibberSettings;
import java.io.IOException;
import java.net.URI;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Reads {@link Settings} from HOCON and the environment, naming the key of anything wrong. */
public final class SettingsLoader {
  public static final String TOKEN_ENV = "TIBBER_TOKEN";
  public static final String CREDENTIAL_NAME = "tibber-token";
  public static final String MQTT_CREDENTIAL_NAME = "mqtt-password";
  public static final String DATABASE_CREDENTIAL_NAME = "database-password";
  private static final int MAX_TOKEN_BYTES = 4096;
  private static final String ROOT = "powerwatch";
  private static final String CLUSTER_ENABLED = "powerwatch.cluster.enabled";
  /** Far beyond any real configuration (the documented example is 8 KiB). */
  static final int MAX_CONFIG_BYTES = 1024 * 1024;

  private final Map<String, String> env;

  public SettingsLoader(Map<String, String> env) {
    this.env = env;
  }

  /** The operator's file (if any) over the defaults in reference.conf. */
  public static Config loadConfig(Path file) {
    ConfigFactory.invalidateCaches();
    Config defaults = ConfigFactory.load();
    if (file == null) {
      return forMode(defaults);
    }
    Config operator = parse(file, read(file));
    KnownKeys.checkRoots(operator);
    try {
      return forMode(operator.withFallback(defaults).resolve());
    } catch (ConfigException e) {
      throw new SettingsException("--config", "cannot resolve " + file + ": " + firstLine(e.getMessage()));
    }
  }

  /** A single process leaves out what only a cluster node needs; a bad value is named later, by {@link #load}. */
  private static Config forMode(Config config) {
    boolean node;
    try {
      node = config.getBoolean(CLUSTER_ENABLED);
    } catch (ConfigException e) {
      node = false;
    }
    return node ? config : LocalSerializers.only(config);
  }

  /** At most {@link #MAX_CONFIG_BYTES}, read before parsing, so a device or a huge file cannot exhaust memory. */
  private static String read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_CONFIG_BYTES + 1);
      if (bytes.length > MAX_CONFIG_BYTES) {
        throw new SettingsException("--config", file + " is larger than " + MAX_CONFIG_BYTES / 1024
            + " KiB; is it the right file?");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SettingsException("--config", "cannot read " + file + " (" + Failures.rootCause(e) + ")");
    }
  }

  private static Config parse(Path file, String text) {
    try {
      ConfigParseOptions options = ConfigParseOptions.defaults().setOriginDescription(file.toString());
      if (Files.isRegularFile(file)) {
        // Parsed from the file, not the text read to bound its size, so that includes resolve beside it.
        return ConfigFactory.parseFile(file.toFile(), options.setAllowMissing(false));
      }
      return ConfigFactory.parseString(text, options);
    } catch (ConfigException e) {
      throw new SettingsException("--config", "invalid HOCON in " + file + ": " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String message) {
    return message.lines().findFirst().orElse(message);
  }

  public Settings load(Config config) {
    if (!config.hasPath(ROOT)) {
      throw new SettingsException(ROOT, "is missing");
    }
    Config section = config.getConfig(ROOT);
    KnownKeys.check(section);
    ConfigReader root = new ConfigReader(section, ROOT);
    TibberSettings tibber = tibber(root);
    List<Rule> rules = new RuleLoader().load(section);
    MqttSettings mqtt = mqtt(root);
    NotifySettings notifications = new ChannelLoader().load(section,
        new ChannelFactory.Context(tibber, mqtt, Json.mapper()));
    checkRuleChannels(root, rules, notifications);
    Path stateDir = stateDir(root);
    ClusterSettings cluster = cluster(root, stateDir);
    if (!tibber.moreAccounts().isEmpty() && !cluster.enabled()) {
      throw root.problem("tibber.accounts", "several accounts run as a cluster: set powerwatch.cluster.enabled = true"
          + " (one node with its journal in the state directory is enough)");
    }
    return new Settings(tibber, feed(root), stateDir, rules, notifications, root.positiveDuration("alerts.tick"),
        http(root), mqtt, cluster, clock(root));
  }

  /** The machine's clock, or a rehearsal's that runs faster from an origin both it and the simulator know. */
  private static Clock clock(ConfigReader c) {
    double speed = c.number("rehearsal.speed");
    if (!(speed >= 1 && speed <= 1_000_000)) {
      throw c.problem("rehearsal.speed", "must be from 1 (real time) to 1000000, was " + speed);
    }
    if (speed == 1) {
      return Clock.systemUTC();
    }
    Instant origin = instant(c, "rehearsal.origin");
    Optional<String> anchorNanos = c.optionalString("rehearsal.anchor-nanos");
    if (c.bool("rehearsal.follow-wall-clock")) {
      String steady = anchorNanos.orElseThrow(() -> c.problem("rehearsal.anchor-nanos",
          "must be set with follow-wall-clock (the monotonic reading at the anchor, for cooldowns and watchdogs)"));
      return CompressedClock.followingTheWallClock(origin, instant(c, "rehearsal.anchor"),
          nanos(c, "rehearsal.anchor-nanos", steady), speed);
    }
    if (anchorNanos.isPresent()) {
      return CompressedClock.onMonotonic(origin, nanos(c, "rehearsal.anchor-nanos", anchorNanos.get()), speed);
    }
    return CompressedClock.of(origin, instant(c, "rehearsal.anchor"), speed);
  }

  private static long nanos(ConfigReader c, String path, String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw c.problem(path, "'" + text.strip() + "' is not a reading of the machine's monotonic clock in nanoseconds");
    }
  }

  private static Instant instant(ConfigReader c, String path) {
    String text = c.nonBlank(path).strip();
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw c.problem(path, "'" + text + "' is not an instant such as 2026-01-01T00:00:00Z");
    }
  }

  private ClusterSettings cluster(ConfigReader c, Path stateDir) {
    if (!c.bool("cluster.enabled")) {
      return ClusterSettings.disabled();
    }
    int port = c.integer("cluster.port");
    if (port < 0 || port > 65535) {
      throw c.problem("cluster.port", "must be from 0 to 65535, was " + port);
    }
    List<String> seeds = c.distinctStrings("cluster.seed-nodes", "seed node");
    for (String seed : seeds) {
      if (!seed.matches("[A-Za-z0-9.-]+:[0-9]{1,5}") || Integer.parseInt(seed.substring(seed.lastIndexOf(':') + 1)) > 65535) {
        throw c.problem("cluster.seed-nodes", "holds '" + seed + "'; each is host:port, such as 10.0.0.1:25520");
      }
    }
    return new ClusterSettings(true, c.nonBlank("cluster.host").strip(), port, seeds,
        c.positiveDuration("cluster.stable-after"), c.positiveDuration("cluster.home-timeout"),
        c.bool("cluster.create-schema"), databaseUrl(c, stateDir),
        c.string("cluster.database.user").strip(), databasePassword(c));
  }

  /**
   * PostgreSQL for a cluster; without a URL, H2 in the state directory, for one node, kept open
   * while the daemon runs (connections to it are opened one by one, see JournalConfig).
   */
  private static String databaseUrl(ConfigReader c, Path stateDir) {
    String url = c.string("cluster.database.url").strip();
    if (url.isEmpty()) {
      return "jdbc:h2:file:" + stateDir.toAbsolutePath().resolve("journal") + ";DB_CLOSE_DELAY=-1";
    }
    if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
      throw c.problem("cluster.database.url", "must start with jdbc:postgresql: (or jdbc:h2: for a trial)");
    }
    if (url.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
      throw c.problem("cluster.database.url", "holds a password; put it in cluster.database.password-file");
    }
    return url;
  }

  private Secret databasePassword(ConfigReader c) {
    return fileOrCredential(c, "cluster.database.password-file", DATABASE_CREDENTIAL_NAME, "database password")
        .orElse(Secret.of(""));
  }

  private MqttSettings mqtt(ConfigReader c) {
    String url = c.string("mqtt.url").strip();
    if (url.isEmpty()) {
      return MqttSettings.disabled();
    }
    int qos = c.integer("mqtt.qos");
    if (qos < 0 || qos > 2) {
      throw c.problem("mqtt.qos", "must be 0, 1 or 2, was " + qos);
    }
    int buffer = c.integer("mqtt.buffer");
    if (buffer < 10 || buffer > 1_000_000) {
      throw c.problem("mqtt.buffer", "must be from 10 to 1000000 messages, was " + buffer);
    }
    Duration reconnectMin = c.positiveDuration("mqtt.reconnect-min");
    Duration reconnectMax = c.positiveDuration("mqtt.reconnect-max");
    requireOrdered(c, reconnectMin, reconnectMax, "mqtt.reconnect-min", "mqtt.reconnect-max");
    return new MqttSettings(Optional.of(brokerUrl(c, url)), c.optionalString("mqtt.username").map(String::strip)
        .filter(u -> !u.isEmpty()), mqttPassword(c), c.optionalString("mqtt.ca-file").filter(f -> !f.isBlank())
        .map(Path::of), topicName(c, "mqtt.client-id"), topicName(c, "mqtt.topic-prefix"),
        topicName(c, "mqtt.discovery-prefix"), c.bool("mqtt.discovery"), c.positiveDuration("mqtt.publish-interval"),
        qos, buffer, reconnectMin, reconnectMax);
  }

  /** tcp:// and ssl:// as Paho knows them; mqtt:// and mqtts:// as people write them. */
  private static URI brokerUrl(ConfigReader c, String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw c.problem("mqtt.url", "is not a URL such as tcp://127.0.0.1:1883 (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    String paho = switch (scheme) {
      case "tcp", "mqtt" -> "tcp";
      case "ssl", "mqtts", "tls" -> "ssl";
      default -> throw c.problem("mqtt.url", "must start with tcp:// (or mqtt://) or ssl:// (or mqtts://), was '"
          + scheme + "'");
    };
    if (uri.getHost() == null) {
      throw c.problem("mqtt.url", "names no host; such as tcp://127.0.0.1:1883");
    }
    if (uri.getUserInfo() != null) {
      throw c.problem("mqtt.url", "holds a user or password; put them in mqtt.username and mqtt.password-file");
    }
    int port = uri.getPort() > 0 ? uri.getPort() : paho.equals("ssl") ? 8883 : 1883;
    return URI.create(paho + "://" + uri.getHost() + ":" + port);
  }

  private Optional<Secret> mqttPassword(ConfigReader c) {
    return fileOrCredential(c, "mqtt.password-file", MQTT_CREDENTIAL_NAME, "MQTT password");
  }

  /** A secret from the file the key names, else from the systemd credential of that name, if there is one. */
  private Optional<Secret> fileOrCredential(ConfigReader c, String fileKey, String credentialName, String what) {
    String file = c.has(fileKey) ? c.string(fileKey) : "";
    if (!file.isBlank()) {
      return Optional.of(tokenFromFile(Path.of(file), c.key(fileKey), what));
    }
    return credential(credentialName, what);
  }

  /** A topic level or client id: no wildcards, no slashes at the ends, not empty. */
  private static String topicName(ConfigReader c, String path) {
    String name = c.nonBlank(path).strip();
    if (name.contains("+") || name.contains("#") || name.startsWith("/") || name.endsWith("/")) {
      throw c.problem(path, "must not hold + or # nor start or end with /, was '" + name + "'");
    }
    return name;
  }

  /** Only the HTTP server's settings, for the commands that talk to a running daemon. */
  public static HttpSettings httpOnly(Config config) {
    return http(new ConfigReader(config.getConfig(ROOT), ROOT));
  }

  private static HttpSettings http(ConfigReader c) {
    int port = c.integer("http.port");
    if (port < 0 || port > 65_535) {
      throw c.problem("http.port", "must be a port number from 0 to 65535, was " + port);
    }
    String host = c.nonBlank("http.host");
    Optional<Secret> token = httpToken(c);
    boolean enabled = c.bool("http.enabled");
    if (enabled && token.isEmpty() && !HttpSettings.isLoopback(host)) {
      throw c.problem("http.host", "'" + host + "' is reachable from other machines: set powerwatch.http.token"
          + " (or token-file) so only people with the token see the data, or listen on 127.0.0.1");
    }
    return new HttpSettings(enabled, host, port, c.distinctStrings("http.allowed-hosts", "host"), token);
  }

  private static Optional<Secret> httpToken(ConfigReader c) {
    if (!c.string("http.token").isBlank()) {
      return Optional.of(c.secret("http.token", SecretText.Use.TOKEN));
    }
    if (!c.string("http.token-file").isBlank()) {
      return Optional.of(tokenFromFile(Path.of(c.string("http.token-file")), c.key("http.token-file"), "HTTP token"));
    }
    return Optional.empty();
  }

  private static void checkRuleChannels(ConfigReader root, List<Rule> rules, NotifySettings notifications) {
    Set<String> names = notifications.channels().stream().map(Channel::name).collect(Collectors.toSet());
    for (Rule rule : rules) {
      for (String channel : rule.spec().channels()) {
        if (!names.contains(channel)) {
          throw root.problem("rules", "rule '" + rule.spec().name() + "' names channel '" + channel
              + "', which is not configured; channels: " + new TreeSet<>(names));
        }
      }
    }
  }

  private TibberSettings tibber(ConfigReader c) {
    Secret token = token(c);
    return new TibberSettings(
        c.httpUrl("tibber.api-url"),
        token,
        homeIds(c),
        c.positiveDuration("tibber.request-timeout"),
        "powerwatch/" + Version.current() + " akka-http/10.5.3",
        moreAccounts(c, token));
  }

  /** {@code tibber.accounts}: each a name, its own token and the homes to watch of it. */
  private List<TibberAccount> moreAccounts(ConfigReader c, Secret mainToken) {
    List<? extends Config> entries = c.configList("tibber.accounts");
    Set<String> names = new HashSet<>(Set.of(TibberAccount.MAIN));
    Set<Secret> tokens = new HashSet<>(Set.of(mainToken));
    List<TibberAccount> accounts = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String key = c.key("tibber.accounts[" + i + "]");
      ConfigReader entry = new ConfigReader(entries.get(i), key);
      entry.requireKnownKeys(Set.of("name", "token", "token-file", "homes"));
      String name = entry.nonBlank("name");
      if (!name.matches("[A-Za-z0-9_-]{1,40}")) {
        throw entry.problem("name", "'" + name + "' must be 1 to 40 letters, digits, - or _ (it names the"
            + " account in logs and its systemd credential)");
      }
      if (!names.add(name)) {
        throw entry.problem("name", "'" + name + "' names two accounts ('" + TibberAccount.MAIN
            + "' is the account of powerwatch.tibber.token)");
      }
      Secret token = accountToken(entry, name);
      if (!tokens.add(token)) {
        throw entry.problem("token", "is the token of another account; each account's homes come over its own socket,"
            + " so list them under that account's homes");
      }
      List<String> homes = entry.has("homes") ? entry.distinctStrings("homes", "home") : List.of();
      accounts.add(new TibberAccount(name, key, token, homes));
    }
    return accounts;
  }

  private Secret accountToken(ConfigReader entry, String name) {
    if (entry.has("token") && !entry.string("token").isBlank()) {
      return entry.secret("token", SecretText.Use.TOKEN);
    }
    String credential = CREDENTIAL_NAME + "-" + name;
    return fileOrCredential(entry, "token-file", credential, "Tibber token").orElseThrow(() -> entry.problem(
        "token-file", "no token for account '" + name + "': set token-file or the systemd credential '" + credential
            + "'"));
  }

  private static FeedSettings feed(ConfigReader c) {
    FeedSettings feed = new FeedSettings(
        c.positiveDuration("feed.timeout"),
        c.positiveDuration("feed.ack-timeout"),
        c.positiveDuration("feed.backoff-min"),
        c.positiveDuration("feed.backoff-max"),
        c.positiveDuration("feed.stable-after"),
        c.positiveDuration("feed.unauthorized-retry"),
        c.positiveDuration("feed.rate-limited-wait"),
        c.positiveDuration("feed.going-away-min"),
        c.positiveDuration("feed.going-away-max"));
    requireOrdered(c, feed.backoffMin(), feed.backoffMax(), "feed.backoff-min", "feed.backoff-max");
    requireOrdered(c, feed.goingAwayMin(), feed.goingAwayMax(), "feed.going-away-min", "feed.going-away-max");
    return feed;
  }

  private Secret token(ConfigReader c) {
    String fromEnv = env.get(TOKEN_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return checkedToken(fromEnv.strip(), "environment variable " + TOKEN_ENV, "Tibber token");
    }
    if (!c.string("tibber.token").isBlank()) {
      return c.secret("tibber.token", SecretText.Use.TOKEN);
    }
    String file = c.string("tibber.token-file");
    if (!file.isBlank()) {
      return tokenFromFile(Path.of(file), c.key("tibber.token-file"));
    }
    return credential(CREDENTIAL_NAME, "Tibber token").orElseThrow(() -> c.problem("tibber.token",
        "no Tibber token: set " + TOKEN_ENV + ", " + c.key("tibber.token-file") + " or the systemd credential '"
            + CREDENTIAL_NAME + "'"));
  }

  /** A systemd credential ($CREDENTIALS_DIRECTORY/name), when systemd passed one by that name. */
  private Optional<Secret> credential(String name, String what) {
    String credentials = env.get("CREDENTIALS_DIRECTORY");
    if (credentials == null || !Files.exists(Path.of(credentials, name))) {
      return Optional.empty();
    }
    return Optional.of(tokenFromFile(Path.of(credentials, name), "systemd credential " + name, what));
  }

  private static Secret tokenFromFile(Path file, String source) {
    return tokenFromFile(file, source, "Tibber token");
  }

  private static Secret tokenFromFile(Path file, String source, String what) {
    String token;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_TOKEN_BYTES + 1);
      if (bytes.length > MAX_TOKEN_BYTES) {
        throw new SettingsException(source, file + " is larger than a token can be");
      }
      token = new String(bytes, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new SettingsException(source, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    if (token.isEmpty()) {
      throw new SettingsException(source, file + " is empty");
    }
    return checkedToken(token, source + " (" + file + ")", what);
  }

  /** The token goes into an Authorization header: one line, no spaces; never shown. */
  private static Secret checkedToken(String token, String source, String what) {
    SecretText.problem(token, SecretText.Use.TOKEN).ifPresent(problem -> {
      throw new SettingsException(source, "the " + what + " " + problem + " (the value is not shown)");
    });
    return Secret.of(token);
  }

  private static List<String> homeIds(ConfigReader c) {
    return c.distinctStrings("tibber.homes", "home");
  }

  private static Path stateDir(ConfigReader c) {
    return Path.of(c.nonBlank("state-dir"));
  }

  private static void requireOrdered(ConfigReader c, Duration min, Duration max, String minKey, String maxKey) {
    if (max.compareTo(min) < 0) {
      throw c.problem(maxKey, "must not be shorter than " + c.key(minKey));
    }
  }
}
