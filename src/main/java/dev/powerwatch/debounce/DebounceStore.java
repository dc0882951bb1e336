package dev.powerwatch.debounce;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.powerwatch.support.AtomicFiles;
import dev.powerwatch.rules.AlertKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Debouncer's state on disk: one JSON file, written atomically; a corrupt one is moved aside. */
public final class DebounceStore {
  private static final Logger log = LoggerFactory.getLogger(DebounceStore.class);
  public static final String FILE_NAME = "alerts.json";

  private record Entry(String homeId, String rule, AlertRecord record) {}

  private final Path file;
  private final ObjectMapper mapper;
  private final Clock clock;

  public DebounceStore(Path stateDir, ObjectMapper mapper, Clock clock) {
    this.file = stateDir.resolve(FILE_NAME);
    this.mapper = mapper;
    this.clock = clock;
  }

  public Map<AlertKey, AlertRecord> load() {
    Map<AlertKey, AlertRecord> alerts = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return alerts;
    }
    try {
      List<Entry> entries = mapper.readValue(file.toFile(), new TypeReference<List<Entry>>() {});
      for (Entry e : entries) {
        if (e == null || e.homeId() == null || e.rule() == null || e.record() == null) {
          throw new IOException("an entry lacks homeId, rule or record");
        }
        alerts.put(new AlertKey(e.homeId(), e.rule()), e.record());
      }
      return alerts;
    } catch (IOException e) {
      moveAside(e);
      return new LinkedHashMap<>();
    }
  }

  public void save(Map<AlertKey, AlertRecord> alerts) {
    List<Entry> entries = alerts.entrySet().stream()
        .map(e -> new Entry(e.getKey().homeId(), e.getKey().rule(), e.getValue())).toList();
    try {
      AtomicFiles.write(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(entries));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private void moveAside(IOException cause) {
    try {
      Path aside = AtomicFiles.moveAside(file, "corrupt-" + clock.millis());
      log.warn("Alert state {} is unreadable ({}); moved it to {} and starting clean", file,
          firstLine(cause.getMessage()), aside);
    } catch (IOException e) {
      log.warn("Alert state {} is unreadable and cannot be moved aside ({}); starting clean", file, e.getMessage());
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
