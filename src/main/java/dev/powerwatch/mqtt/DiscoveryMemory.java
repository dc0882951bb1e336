package dev.powerwatch.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.powerwatch.support.StateFile;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which discovery configs this daemon has published, and each home's currency, kept in the state
 * directory: after a restart with a home or a rule removed from the configuration, the configs
 * no longer made are emptied, which removes their entities from Home Assistant.
 */
public final class DiscoveryMemory {
  private static final Logger log = LoggerFactory.getLogger(DiscoveryMemory.class);
  public static final String FILE_NAME = "mqtt-discovery.json";

  private record Saved(List<String> configs, Map<String, String> currencies) {}

  private final StateFile file;
  private final ObjectMapper mapper;
  private final Set<String> configs = new LinkedHashSet<>();
  private final Map<String, String> currencies = new TreeMap<>();

  public DiscoveryMemory(Path stateDir, ObjectMapper mapper, Clock clock) {
    this.file = new StateFile(stateDir.resolve(FILE_NAME), "MQTT discovery list",
        "entities removed from the configuration may stay in Home Assistant until it works again", clock, log);
    this.mapper = mapper;
    file.load(bytes -> mapper.readValue(bytes, Saved.class)).ifPresent(saved -> {
      configs.addAll(saved.configs() == null ? List.of() : saved.configs());
      currencies.putAll(saved.currencies() == null ? Map.of() : saved.currencies());
    });
  }

  /** The configs remembered but no longer made; remembers {@code current} from now on. */
  List<String> changedTo(List<String> current) {
    List<String> gone = new ArrayList<>(configs);
    gone.removeAll(current);
    if (!gone.isEmpty() || !configs.containsAll(current)) {
      configs.clear();
      configs.addAll(current);
      save();
    }
    return gone;
  }

  Optional<String> currency(String homeId) {
    return Optional.ofNullable(currencies.get(homeId));
  }

  void currency(String homeId, String currency) {
    if (!currency.equals(currencies.put(homeId, currency))) {
      save();
    }
  }

  private void save() {
    file.write(mapper.writer(), new Saved(List.copyOf(configs), Map.copyOf(currencies)));
  }
}
