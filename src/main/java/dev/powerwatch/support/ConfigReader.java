package dev.powerwatch.support;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Typed reads from one section of the configuration; every problem becomes a
 * {@link SettingsException} naming the full key (e.g. {@code powerwatch.rules[0].above}).
 */
public final class ConfigReader {
  private final Config config;
  private final String prefix;

  public ConfigReader(Config config, String prefix) {
    this.config = config;
    this.prefix = prefix;
  }

  public String key(String path) {
    return prefix + "." + path;
  }

  public boolean has(String path) {
    return config.hasPath(path);
  }

  public SettingsException problem(String path, String problem) {
    return new SettingsException(key(path), problem);
  }

  public String string(String path) {
    return read(path, Config::getString, "a string");
  }

  public String nonBlank(String path) {
    String value = string(path).trim();
    if (value.isEmpty()) {
      throw problem(path, "must not be empty");
    }
    return value;
  }

  public Optional<String> optionalString(String path) {
    return has(path) ? Optional.of(string(path)).filter(s -> !s.isBlank()) : Optional.empty();
  }

  public List<String> stringList(String path) {
    return read(path, Config::getStringList, "a list of strings");
  }

  public boolean bool(String path) {
    return read(path, Config::getBoolean, "true or false");
  }

  public double number(String path) {
    return read(path, Config::getDouble, "a number");
  }

  public int integer(String path) {
    return read(path, Config::getInt, "a whole number");
  }

  public Duration positiveDuration(String path) {
    Duration d = duration(path);
    if (d.isZero()) {
      throw problem(path, "must be greater than zero, was " + config.getString(path));
    }
    return d;
  }

  /** Zero allowed, negative not. */
  public Duration duration(String path) {
    Duration d = read(path, Config::getDuration, "a duration such as 90s or 5m");
    if (d.isNegative()) {
      throw problem(path, "must not be negative, was " + config.getString(path));
    }
    return d;
  }

  public URI httpUrl(String path) {
    String raw = string(path).trim();
    try {
      URI uri = new URI(raw);
      String scheme = uri.getScheme();
      boolean http = "http".equals(scheme) || "https".equals(scheme);
      if (!http || uri.getHost() == null) {
        throw problem(path, "'" + raw + "' is not an http(s) URL with a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw problem(path, "'" + raw + "' is not a valid URL: " + e.getReason());
    }
  }

  public <E extends Enum<E>> E enumValue(String path, Class<E> type) {
    String raw = string(path).trim();
    for (E value : type.getEnumConstants()) {
      if (value.name().equalsIgnoreCase(raw.replace('-', '_'))) {
        return value;
      }
    }
    throw problem(path, "'" + raw + "' is not one of " + List.of(type.getEnumConstants()).toString().toLowerCase());
  }

  public List<? extends Config> configList(String path) {
    return read(path, Config::getConfigList, "a list of objects");
  }

  public Config section(String path) {
    return read(path, Config::getConfig, "an object");
  }

  private interface Getter<T> {
    T get(Config config, String path);
  }

  private <T> T read(String path, Getter<T> getter, String expected) {
    try {
      return getter.get(config, path);
    } catch (ConfigException.Missing e) {
      throw problem(path, "is missing");
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw problem(path, "must be " + expected + " (" + detail(e) + ")");
    }
  }

  private static String detail(ConfigException e) {
    String message = e.getMessage();
    int colon = message.lastIndexOf(": ");
    return colon >= 0 ? message.substring(colon + 2) : message;
  }
}
