package dev.powerwatch.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.powerwatch.support.AtomicFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable outbox, written by the Notifier alone: one JSON file per undelivered notice in
 * {@code state-dir/outbox}. When the folder cannot be written the entries wait in memory (this
 * object outlives a restart of the Notifier) and are written by {@link #flush()} once it can.
 * An entry that cannot be trusted is moved to {@code outbox/damaged/}, once, with one WARN.
 */
public final class Outbox {
  public static final String FOLDER = "outbox";
  public static final String SUFFIX = ".json";
  static final String DAMAGED = "damaged";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  private final Path dir;
  private final ObjectMapper mapper;
  private final Map<String, OutboxEntry> unwritten = new LinkedHashMap<>();
  private final Set<String> unremoved = new HashSet<>();
  private final Set<Path> unreadable = new HashSet<>();

  public Outbox(Path stateDir, ObjectMapper mapper) {
    this.dir = stateDir.resolve(FOLDER);
    this.mapper = mapper;
  }

  public Path directory() {
    return dir;
  }

  static boolean isValidId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** Writes (or rewrites) the entry; when that fails it waits in memory and the problem is returned. */
  public Optional<String> save(OutboxEntry entry) {
    String id = entry.notification().id();
    unremoved.remove(id);
    try {
      AtomicFiles.write(file(id), mapper.writeValueAsBytes(entry));
      unwritten.remove(id);
      return Optional.empty();
    } catch (IOException e) {
      unwritten.put(id, entry);
      return Optional.of(problem("write", e));
    }
  }

  /** The entry is done everywhere; when its file cannot be deleted that is remembered and retried. */
  public Optional<String> remove(String id) {
    unwritten.remove(id);
    try {
      Files.deleteIfExists(file(id));
      unremoved.remove(id);
      return Optional.empty();
    } catch (IOException e) {
      unremoved.add(id);
      return Optional.of(problem("delete in", e));
    }
  }

  /** Tries again what could not be written or deleted; empty when everything is on disk now. */
  public Optional<String> flush() {
    Optional<String> problem = Optional.empty();
    for (OutboxEntry entry : List.copyOf(unwritten.values())) {
      problem = problem.or(() -> save(entry));
    }
    for (String id : List.copyOf(unremoved)) {
      problem = problem.or(() -> remove(id));
    }
    return problem;
  }

  public boolean hasUnwritten() {
    return !unwritten.isEmpty() || !unremoved.isEmpty();
  }

  /** Every entry still to deliver, oldest first: the files, overridden by what waits in memory. */
  public List<OutboxEntry> loadAll() {
    Map<String, OutboxEntry> entries = new LinkedHashMap<>();
    for (Path file : files()) {
      read(file).ifPresent(entry -> entries.put(entry.notification().id(), entry));
    }
    entries.keySet().removeAll(unremoved);
    entries.putAll(unwritten);
    List<OutboxEntry> all = new ArrayList<>(entries.values());
    all.sort(Comparator.comparing(e -> e.notification().createdAt()));
    return all;
  }

  private List<Path> files() {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      stream.forEach(files::add);
    } catch (IOException e) {
      log.error("Cannot list the outbox {} ({}); delivering what is in memory", dir, e.getClass().getSimpleName());
    }
    return files;
  }

  private Optional<OutboxEntry> read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      if (unreadable.add(file)) {
        log.error("Cannot read the outbox entry {} ({}); leaving it in place", file, e.getClass().getSimpleName());
      }
      return Optional.empty();
    }
    String stem = file.getFileName().toString();
    stem = stem.substring(0, stem.length() - SUFFIX.length());
    try {
      OutboxEntry entry = mapper.readValue(bytes, OutboxEntry.class);
      Optional<String> damage = OutboxEntry.damage(entry, stem);
      if (damage.isPresent()) {
        moveToDamaged(file, damage.get());
        return Optional.empty();
      }
      return Optional.of(entry);
    } catch (IOException | RuntimeException e) {
      moveToDamaged(file, "not an outbox entry (" + e.getClass().getSimpleName() + ")");
      return Optional.empty();
    }
  }

  private void moveToDamaged(Path file, String why) {
    if (!unreadable.add(file)) {
      return;
    }
    try {
      Path damaged = dir.resolve(DAMAGED);
      Files.createDirectories(damaged);
      Path target = damaged.resolve(file.getFileName());
      Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
      unreadable.remove(file);
      log.warn("Outbox entry {} is damaged: {}; moved it to {}", file.getFileName(), why, target);
    } catch (IOException e) {
      log.warn("Outbox entry {} is damaged: {}; it cannot be moved aside ({}), so it is skipped",
          file.getFileName(), why, e.getClass().getSimpleName());
    }
  }

  /** One description per kind of trouble with the folder, not per entry, so it is logged once. */
  private String problem(String action, IOException e) {
    String message = e.getMessage();
    boolean namesAFile = message == null || message.contains(dir.toString());
    return "cannot " + action + " " + dir + " (" + e.getClass().getSimpleName() + (namesAFile ? "" : ": " + message)
        + ")";
  }

  private Path file(String id) {
    if (!isValidId(id)) {
      throw new IllegalArgumentException("not an outbox id");
    }
    return dir.resolve(id + SUFFIX);
  }
}
