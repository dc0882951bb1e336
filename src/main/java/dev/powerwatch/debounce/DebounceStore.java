package dev.powerwatch.debounce;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.powerwatch.support.AtomicFiles;
import dev.powerwatch.support.WriteTrouble;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Debouncer's state on disk: one JSON file, written atomically. The latest state is also kept
 * here in memory, since this object outlives a restart of the Debouncer: a restart while the disk
 * refuses writes still finds its cooldowns. A file that can be read but not understood is moved
 * aside; one that cannot be read at all is left alone (start-up refuses it, naming it).
 */
public final class DebounceStore {
  private static final Logger log = LoggerFactory.getLogger(DebounceStore.class);
  public static final String FILE_NAME = "alerts.json";

  private record Entry(String homeId, String rule, AlertRecord record) {}

  private final Path file;
  private final ObjectMapper mapper;
  private final Clock clock;
  private Map<AlertKey, AlertRecord> latest;
  private boolean unwritten;
  private final WriteTrouble trouble = new WriteTrouble(log,
      "alert state is kept in memory (cooldowns hold) and written once it works again");

  public DebounceStore(Path stateDir, ObjectMapper mapper, Clock clock) {
    this.file = stateDir.resolve(FILE_NAME);
    this.mapper = mapper;
    this.clock = clock;
  }

  public Map<AlertKey, AlertRecord> load() {
    if (latest != null) {
      return new LinkedHashMap<>(latest);
    }
    if (!Files.exists(file)) {
      return new LinkedHashMap<>();
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      log.error("Cannot read the alert state {} ({}); starting without it", file, e.getClass().getSimpleName());
      return new LinkedHashMap<>();
    }
    try {
      return parse(bytes);
    } catch (IOException e) {
      moveAside(e);
      return new LinkedHashMap<>();
    }
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
    try {
      AtomicFiles.write(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(entries));
      unwritten = false;
      trouble.succeeded();
    } catch (IOException e) {
      unwritten = true;
      trouble.failed("cannot write " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Whether the state in memory is newer than the file: the disk refused the last write. */
  public boolean hasUnwritten() {
    return unwritten;
  }

  public Optional<String> problem() {
    return trouble.problem();
  }

  private void moveAside(IOException cause) {
    try {
      Path aside = AtomicFiles.moveAside(file, "corrupt-" + clock.millis());
      log.warn("Alert state {} is damaged ({}); moved it to {} and starting clean", file,
          firstLine(cause.getMessage()), aside);
    } catch (IOException e) {
      log.warn("Alert state {} is damaged and cannot be moved aside ({}); starting clean", file, e.getMessage());
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
