package dev.powerwatch.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.powerwatch.support.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The durable outbox: one JSON file per undelivered notification in {@code state-dir/outbox}. */
public final class Outbox {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);
  private static final String SUFFIX = ".json";

  private final Path dir;
  private final ObjectMapper mapper;
  private final Clock clock;

  public Outbox(Path stateDir, ObjectMapper mapper, Clock clock) {
    this.dir = stateDir.resolve("outbox");
    this.mapper = mapper;
    this.clock = clock;
  }

  public Path directory() {
    return dir;
  }

  /**
   * Writes a new notice for its channels ({@code all} when it names none) and returns the entry;
   * empty when there is no channel to send it to.
   */
  public Optional<OutboxEntry> enqueue(Notification n, Collection<String> all) {
    List<String> targets = n.channels().isEmpty() ? List.copyOf(all)
        : n.channels().stream().filter(all::contains).toList();
    if (targets.isEmpty()) {
      return Optional.empty();
    }
    OutboxEntry entry = new OutboxEntry(n, targets);
    save(entry);
    return Optional.of(entry);
  }

  /** Whether the entry is still waiting (not yet delivered everywhere). */
  public boolean holds(String id) {
    return Files.exists(file(id));
  }

  public void save(OutboxEntry entry) {
    try {
      AtomicFiles.write(file(entry.notification().id()), mapper.writeValueAsBytes(entry));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the outbox entry " + entry.notification().id(), e);
    }
  }

  public void remove(String id) {
    try {
      Files.deleteIfExists(file(id));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the outbox entry " + id, e);
    }
  }

  /** Every entry, oldest first; an unreadable file is moved aside with a WARN. */
  public List<OutboxEntry> loadAll() {
    List<OutboxEntry> entries = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return entries;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path file : files) {
        read(file, entries);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the outbox " + dir, e);
    }
    entries.sort(Comparator.comparing(e -> e.notification().createdAt()));
    return entries;
  }

  private void read(Path file, List<OutboxEntry> into) {
    try {
      OutboxEntry entry = mapper.readValue(file.toFile(), OutboxEntry.class);
      if (entry.notification() == null || entry.notification().id() == null) {
        throw new IOException("no notification in it");
      }
      into.add(entry);
    } catch (IOException e) {
      try {
        Path aside = AtomicFiles.moveAside(file, "corrupt-" + clock.millis());
        log.warn("Outbox entry {} is unreadable; moved it to {}", file.getFileName(), aside.getFileName());
      } catch (IOException move) {
        log.warn("Outbox entry {} is unreadable and cannot be moved aside", file.getFileName());
      }
    }
  }

  private Path file(String id) {
    if (!id.matches("[A-Za-z0-9-]+")) {
      throw new IllegalArgumentException("not an outbox id: " + id);
    }
    return dir.resolve(id + SUFFIX);
  }
}
