package dev.powerwatch.notify;

import com.typesafe.config.Config;
import dev.powerwatch.support.ConfigReader;
import dev.powerwatch.support.Suggestions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** Reads {@code powerwatch.notify}: retry timing and the list of channels. */
public final class ChannelLoader {
  private final Map<String, ChannelFactory> factories = new TreeMap<>();

  public ChannelLoader() {
    ServiceLoader.load(ChannelFactory.class).forEach(f -> factories.put(f.type(), f));
  }

  /** @param root the {@code powerwatch} section */
  public NotifySettings load(Config root, ChannelFactory.Context context) {
    ConfigReader c = new ConfigReader(root, "powerwatch");
    List<? extends Config> entries = c.configList("notify.channels");
    List<Channel> channels = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      ConfigReader entry = new ConfigReader(entries.get(i), "powerwatch.notify.channels[" + i + "]");
      Channel channel = channel(entry, context);
      if (!names.add(channel.name())) {
        throw entry.problem("name", "'" + channel.name() + "' is used by two channels; give each a name");
      }
      channels.add(channel);
    }
    NotifySettings settings = new NotifySettings(c.positiveDuration("notify.retry-min"),
        c.positiveDuration("notify.retry-max"), c.positiveDuration("notify.give-up-after"),
        c.positiveDuration("notify.request-timeout"), channels);
    if (settings.retryMax().compareTo(settings.retryMin()) < 0) {
      throw c.problem("notify.retry-max", "must not be shorter than " + c.key("notify.retry-min"));
    }
    return settings;
  }

  private Channel channel(ConfigReader entry, ChannelFactory.Context context) {
    String type = entry.nonBlank("type");
    ChannelFactory factory = factories.get(type);
    if (factory == null) {
      throw entry.problem("type",
          "unknown channel type '" + type + "'" + Suggestions.didYouMean(type, factories.keySet()));
    }
    Set<String> known = new HashSet<>(factory.keys());
    known.addAll(List.of("type", "name"));
    entry.requireKnownKeys(known);
    String name = entry.has("name") ? entry.nonBlank("name") : type;
    return factory.create(name, entry, context);
  }
}
