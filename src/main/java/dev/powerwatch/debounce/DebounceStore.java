package dev.powerwatch.debounce;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.powerwatch.support.StateFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Debouncer's state on disk: the alerts and the silences, a JSON file each, written atomically
 * through {@link StateFile}. The latest state is also kept here in memory, since this object
 * outlives a restart of the Debouncer: a restart while the disk refuses writes still finds its
 * cooldowns. A file that can be read but not understood is moved
 * aside; one that cannot be read at all is left alone (start-up refuses it, naming it).
 */
public final class DebounceStore {
  private static final Logger log = LoggerFactory.getLogger(DebounceStore.class);
  public static final String FILE_NAME = "alerts.json";
  public static final String SILENCES_FILE_NAME = "silences.json";

  private record Entry(String homeId, String rule, AlertRecord record) {}

  private final StateFile file;
  private final StateFile silencesFile;
  private final ObjectMapper mapper;
  private Map<AlertKey, AlertRecord> latest;
  private List<Silence> latestSilences;

  public DebounceStore(Path stateDir, ObjectMapper mapper, Clock clock) {
    this.file = new StateFile(stateDir.resolve(FILE_NAME), "alert state",
        "alert state is kept in memory (cooldowns hold) and written once it works again", clock, log);
    this.silencesFile = new StateFile(stateDir.resolve(SILENCES_FILE_NAME), "silences",
        "silences are kept in memory (they hold) and written once it works again", clock, log);
    this.mapper = mapper;
  }

  public Map<AlertKey, AlertRecord> load() {
    if (latest != null) {
      return new LinkedHashMap<>(latest);
    }
    return file.load(this::parse).orElseGet(LinkedHashMap::new);
  }

  private Map<AlertKey, AlertRecord> parse(byte[] bytes) throws IOException {
    Map<AlertKey, AlertRecord> alerts = new LinkedHashMap<>();
    List<Entry> entries = mapper.readValue(bytes, new TypeReference<List<Entry>>() {});
    for (Entry e : entries) {
      if (e == null || e.homeId() == null || e.rule() == null || e.record() == null) {
        throw new IOException("an entry lacks homeId, rule or record");
      }
      alerts.put(new AlertKey(e.homeId(), e.rule()), e.record());
    }
    return alerts;
  }

  /** Keeps the state in memory and writes it; when the disk refuses, the trouble is logged once. */
  public void save(Map<AlertKey, AlertRecord> alerts) {
    latest = Map.copyOf(alerts);
    List<Entry> entries = alerts.entrySet().stream()
        .map(e -> new Entry(e.getKey().homeId(), e.getKey().rule(), e.getValue())).toList();
    file.write(mapper.writerWithDefaultPrettyPrinter(), entries);
  }

  public List<Silence> loadSilences() {
    if (latestSilences != null) {
      return latestSilences;
    }
    return silencesFile.load(this::parseSilences).orElseGet(List::of);
  }

  private List<Silence> parseSilences(byte[] bytes) throws IOException {
    List<Silence> silences = mapper.readValue(bytes, new TypeReference<List<Silence>>() {});
    for (Silence s : silences) {
      if (s == null || s.id() == null || s.startsAt() == null || s.endsAt() == null) {
        throw new IOException("a silence lacks its id, startsAt or endsAt");
      }
    }
    return List.copyOf(silences);
  }

  public void saveSilences(List<Silence> silences) {
    latestSilences = List.copyOf(silences);
    silencesFile.write(mapper.writerWithDefaultPrettyPrinter(), latestSilences);
  }

  /** Whether the alert state in memory is newer than the file: the disk refused the last write. */
  public boolean hasUnwritten() {
    return file.problem().isPresent();
  }

  /** The same for the silences. */
  public boolean hasUnwrittenSilences() {
    return silencesFile.problem().isPresent();
  }

  public Optional<String> problem() {
    return file.problem().or(silencesFile::problem);
  }
}
