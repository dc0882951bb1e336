package dev.powerwatch.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
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
    Config root = config.getConfig(ROOT);
    return new Settings(tibber(root), feed(root), path(root, "state-dir"));
  }

  private TibberSettings tibber(Config c) {
    return new TibberSettings(
        httpUrl(c, "tibber.api-url"),
        token(c),
        homeIds(c),
        positiveDuration(c, "tibber.request-timeout"),
        "powerwatch/" + Version.current() + " akka-http/10.5.3");
  }

  private static FeedSettings feed(Config c) {
    FeedSettings feed = new FeedSettings(
        positiveDuration(c, "feed.timeout"),
        positiveDuration(c, "feed.ack-timeout"),
        positiveDuration(c, "feed.backoff-min"),
        positiveDuration(c, "feed.backoff-max"),
        positiveDuration(c, "feed.stable-after"),
        positiveDuration(c, "feed.unauthorized-retry"),
        positiveDuration(c, "feed.rate-limited-wait"),
        positiveDuration(c, "feed.going-away-min"),
        positiveDuration(c, "feed.going-away-max"));
    requireOrdered(feed.backoffMin(), feed.backoffMax(), "feed.backoff-min", "feed.backoff-max");
    requireOrdered(feed.goingAwayMin(), feed.goingAwayMax(), "feed.going-away-min",
        "feed.going-away-max");
    return feed;
  }

  private Secret token(Config c) {
    String fromEnv = env.get(TOKEN_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Secret.of(fromEnv.trim());
    }
    String inline = read(c, "tibber.token", Config::getString, "a string");
    if (!inline.isBlank()) {
      return Secret.of(inline.trim());
    }
    String file = read(c, "tibber.token-file", Config::getString, "a path");
    if (!file.isBlank()) {
      return tokenFromFile(Path.of(file), key("tibber.token-file"));
    }
    String credentials = env.get("CREDENTIALS_DIRECTORY");
    if (credentials != null && Files.exists(Path.of(credentials, CREDENTIAL_NAME))) {
      return tokenFromFile(Path.of(credentials, CREDENTIAL_NAME), "systemd credential " + CREDENTIAL_NAME);
    }
    throw new SettingsException(key("tibber.token"),
        "no Tibber token: set " + TOKEN_ENV + ", " + key("tibber.token-file")
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

  private static List<String> homeIds(Config c) {
    List<String> ids = read(c, "tibber.homes", Config::getStringList, "a list of home ids");
    if (ids.stream().anyMatch(String::isBlank)) {
      throw new SettingsException(key("tibber.homes"), "contains an empty home id");
    }
    return ids.stream().map(String::trim).distinct().toList();
  }

  private static URI httpUrl(Config c, String path) {
    String raw = read(c, path, Config::getString, "a URL").trim();
    try {
      URI uri = new URI(raw);
      String scheme = uri.getScheme();
      boolean http = "http".equals(scheme) || "https".equals(scheme);
      if (!http || uri.getHost() == null) {
        throw new SettingsException(key(path), "'" + raw + "' is not an http(s) URL with a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new SettingsException(key(path), "'" + raw + "' is not a valid URL: " + e.getReason());
    }
  }

  private static Duration positiveDuration(Config c, String path) {
    Duration d = read(c, path, Config::getDuration, "a duration such as 90s or 5m");
    if (d.isNegative() || d.isZero()) {
      throw new SettingsException(key(path), "must be greater than zero, was " + c.getString(path));
    }
    return d;
  }

  private static Path path(Config c, String path) {
    String raw = read(c, path, Config::getString, "a path");
    if (raw.isBlank()) {
      throw new SettingsException(key(path), "must not be empty");
    }
    return Path.of(raw);
  }

  private static void requireOrdered(Duration min, Duration max, String minKey, String maxKey) {
    if (max.compareTo(min) < 0) {
      throw new SettingsException(key(maxKey), "must not be shorter than " + key(minKey));
    }
  }

  private interface Getter<T> {
    T get(Config config, String path);
  }

  private static <T> T read(Config c, String path, Getter<T> getter, String expected) {
    try {
      return getter.get(c, path);
    } catch (ConfigException.Missing e) {
      throw new SettingsException(key(path), "is missing");
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw new SettingsException(key(path), "must be " + expected + " (" + detail(e) + ")");
    }
  }

  private static String detail(ConfigException e) {
    String message = e.getMessage();
    int colon = message.lastIndexOf(": ");
    return colon >= 0 ? message.substring(colon + 2) : message;
  }

  static String key(String path) {
    return ROOT + "." + path;
  }

}
