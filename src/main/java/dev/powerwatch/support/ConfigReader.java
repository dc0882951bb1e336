package dev.powerwatch.support;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Typed reads from one section of the configuration; every problem becomes a
 * {@link SettingsException} naming the full key (e.g. {@code powerwatch.rules[0].above}).
 */
public final class ConfigReader {
  private static final Pattern BARE_NUMBER = Pattern.compile("\\s*[0-9]*\\.?[0-9]+\\s*");

  private final Config config;
  private final String prefix;

  public ConfigReader(Config config, String prefix) {
    this.config = config;
    this.prefix = prefix;
  }

  public String key(String path) {
    return prefix.isEmpty() ? path : prefix + "." + path;
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
    double value = read(path, Config::getDouble, "a number");
    if (!Double.isFinite(value)) {
      throw problem(path, "must be a finite number, was " + config.getValue(path).unwrapped());
    }
    return value;
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
    requireUnit(path);
    Duration d = read(path, Config::getDuration, "a duration such as 90s or 5m");
    if (d.isNegative()) {
      throw problem(path, "must not be negative, was " + config.getString(path));
    }
    return d;
  }

  /** An http(s) URL with a host; a bad one is shown masked, since URLs often carry keys. */
  public URI httpUrl(String path) {
    String raw = string(path).trim();
    try {
      URI uri = new URI(raw);
      String scheme = uri.getScheme();
      boolean http = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
      if (!http || uri.getHost() == null) {
        throw problem(path, Urls.masked(raw) + " is not an http(s) URL with a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw problem(path, "is not a valid URL (" + e.getReason() + " at character " + (e.getIndex() + 1)
          + "; the value is not shown, it may hold a key)");
    }
  }

  /** A credential, trimmed, that can be sent as {@code use} says; its value never shows in a problem. */
  public Secret secret(String path, SecretText.Use use) {
    String value = read(path, Config::getString, "a string").strip();
    if (value.isEmpty()) {
      throw problem(path, "must not be empty");
    }
    SecretText.problem(value, use).ifPresent(p -> {
      throw problem(path, p + " (the value is not shown)");
    });
    return Secret.of(value);
  }

  /** A list of strings, each non-blank and trimmed, none twice; {@code what} names an element. */
  public List<String> distinctStrings(String path, String what) {
    List<String> values = stringList(path).stream().map(String::trim).toList();
    Set<String> seen = new HashSet<>();
    for (String value : values) {
      if (value.isEmpty()) {
        throw problem(path, "contains an empty " + what);
      }
      if (!seen.add(value)) {
        throw problem(path, "names " + what + " '" + value + "' twice");
      }
    }
    return values;
  }

  /**
   * Every key of this section must be one of {@code known}; the first other one (alphabetically)
   * is an error naming it, with the nearest known key as a suggestion.
   */
  public void requireKnownKeys(Collection<String> known) {
    for (String key : new TreeSet<>(config.root().keySet())) {
      if (!known.contains(key)) {
        throw unknownKey(key, known);
      }
    }
  }

  public SettingsException unknownKey(String key, Collection<String> known) {
    return problem(key, "unknown key" + Suggestions.didYouMean(key, known));
  }

  /** HOCON reads a bare number as milliseconds; a person writing 90 almost always meant 90 s. */
  private void requireUnit(String path) {
    if (!config.hasPath(path)) {
      return;
    }
    ConfigValue value = config.getValue(path);
    boolean number = value.valueType() == ConfigValueType.NUMBER;
    if (number || value.valueType() == ConfigValueType.STRING
        && BARE_NUMBER.matcher(String.valueOf(value.unwrapped())).matches()) {
      throw problem(path, "needs a unit, such as 90s, 5m or 500ms (was " + value.unwrapped() + ")");
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
