package dev.powerwatch.settings;

import dev.powerwatch.support.SettingsException;
import dev.powerwatch.support.ConfigReader;
import dev.powerwatch.support.Secret;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.powerwatch.support.Json;
import dev.powerwatch.notify.ChannelFactory;
import dev.powerwatch.notify.ChannelLoader;
import dev.powerwatch.http.HttpSettings;
import dev.powerwatch.notify.Channel;
import dev.powerwatch.notify.NotifySettings;
import dev.powerwatch.rules.Rule;
import dev.powerwatch.rules.RuleLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Reads {@link Settings} from HOCON and the environment, naming the key of anything wrong. */
public final class SettingsLoader {
  public static final String TOKEN_ENV = "TIBBER_TOKEN";
  public static final String CREDENTIAL_NAME = "tibber-token";
  private static final String ROOT = "powerwatch";

  private final Map<String, String> env;

  public SettingsLoader(Map<String, String> env) {
    this.env = env;
  }

  /** The operator's file (if any) over the defaults in reference.conf. */
  public static Config loadConfig(Path file) {
    ConfigFactory.invalidateCaches();
    Config defaults = ConfigFactory.load();
    if (file == null) {
      return defaults;
    }
    if (!Files.isReadable(file)) {
      throw new SettingsException("--config", "cannot read " + file);
    }
    try {
      Config operator =
          ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      return operator.withFallback(defaults).resolve();
    } catch (ConfigException e) {
      throw new SettingsException("--config", "invalid HOCON in " + file + ": " + e.getMessage());
    }
  }

  public Settings load(Config config) {
    Config section = config.getConfig(ROOT);
    ConfigReader root = new ConfigReader(section, ROOT);
    TibberSettings tibber = tibber(root);
    List<Rule> rules = new RuleLoader().load(section);
    NotifySettings notifications = new ChannelLoader().load(section, new ChannelFactory.Context(tibber, Json.mapper()));
    checkRuleChannels(root, rules, notifications);
    return new Settings(tibber, feed(root), stateDir(root), rules, notifications, root.positiveDuration("alerts.tick"),
        http(root));
  }

  private static HttpSettings http(ConfigReader c) {
    int port = c.integer("http.port");
    if (port < 0 || port > 65_535) {
      throw c.problem("http.port", "must be a port number from 0 to 65535, was " + port);
    }
    return new HttpSettings(c.bool("http.enabled"), c.nonBlank("http.host"), port);
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
    return new TibberSettings(
        c.httpUrl("tibber.api-url"),
        token(c),
        homeIds(c),
        c.positiveDuration("tibber.request-timeout"),
        "powerwatch/" + Version.current() + " akka-http/10.5.3");
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
      return Secret.of(fromEnv.trim());
    }
    String inline = c.string("tibber.token");
    if (!inline.isBlank()) {
      return Secret.of(inline.trim());
    }
    String file = c.string("tibber.token-file");
    if (!file.isBlank()) {
      return tokenFromFile(Path.of(file), c.key("tibber.token-file"));
    }
    String credentials = env.get("CREDENTIALS_DIRECTORY");
    if (credentials != null && Files.exists(Path.of(credentials, CREDENTIAL_NAME))) {
      return tokenFromFile(Path.of(credentials, CREDENTIAL_NAME), "systemd credential " + CREDENTIAL_NAME);
    }
    throw c.problem("tibber.token", "no Tibber token: set " + TOKEN_ENV + ", " + c.key("tibber.token-file")
        + " or the systemd credential '" + CREDENTIAL_NAME + "'");
  }

  private static Secret tokenFromFile(Path file, String source) {
    try {
      String token = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (token.isEmpty()) {
        throw new SettingsException(source, file + " is empty");
      }
      return Secret.of(token);
    } catch (IOException e) {
      throw new SettingsException(source, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static List<String> homeIds(ConfigReader c) {
    List<String> ids = c.stringList("tibber.homes");
    if (ids.stream().anyMatch(String::isBlank)) {
      throw c.problem("tibber.homes", "contains an empty home id");
    }
    return ids.stream().map(String::trim).distinct().toList();
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
