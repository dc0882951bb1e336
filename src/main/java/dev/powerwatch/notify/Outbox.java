package dev.powerwatch.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.powerwatch.support.AtomicFiles;
import dev.powerwatch.support.WriteTrouble;
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
  /** About one entry's size. */
  private static final byte[] PROBE_CONTENT = new byte[1024];

  private final Path dir;
  private final ObjectMapper mapper;
  private final Map<String, OutboxEntry> unwritten = new LinkedHashMap<>();
  private final Set<String> unremoved = new HashSet<>();
  private final Map<String, OutboxEntry> unsynced = new LinkedHashMap<>();
  private final Set<Path> unreadable = new HashSet<>();
  private final WriteTrouble trouble = new WriteTrouble(log,
      "notices are kept in memory and still sent, and written once it works again");

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

  /**
   * Writes (or rewrites) the entry and returns whether it is on disk; when the disk refuses, it
   * waits in memory for {@link #flush()}, and the trouble is logged once.
   */
  public boolean save(OutboxEntry entry) {
    boolean written = write(entry);
    return settle(written) && written;
  }

  /**
   * Writes a new entry so that a crash of the process cannot lose it, without waiting for the
   * disk; {@link #sync} then waits for the disk, so that a power cut cannot lose it either. Returns
   * whether it is written.
   */
  public boolean saveBeforeSync(OutboxEntry entry) {
    boolean written = write(entry, false);
    if (written) {
      unsynced.put(entry.notification().id(), entry);
    }
    return written;
  }

  /** Waits for the disk to hold what {@link #saveBeforeSync} wrote; returns whether all is on disk. */
  public boolean sync() {
    boolean synced = true;
    for (OutboxEntry entry : List.copyOf(unsynced.values())) {
      String id = entry.notification().id();
      unsynced.remove(id);
      try {
        AtomicFiles.sync(file(id));
      } catch (IOException e) {
        unwritten.put(id, entry);
        trouble.failed(problem("sync", e));
        synced = false;
      }
    }
    return settle(synced) && synced;
  }

  /** The entry is done everywhere; a file that cannot be deleted is remembered and deleted later. */
  public void remove(String id) {
    unwritten.remove(id);
    unsynced.remove(id);
    if (Files.isDirectory(dir)) {
      // A full disk still deletes, and the entry never written has no file: that proves nothing.
      settle(delete(id) && (trouble.problem().isEmpty() || probe()));
    } else {
      unremoved.remove(id);
    }
  }

  /** Tries again what waits in memory; with nothing waiting, checks whether the folder takes files again. */
  public void flush() {
    settle(hasUnwritten() || probe());
  }

  /** Whether something waits in memory for the disk, or the disk's trouble is not known to be over. */
  public boolean hasUnwritten() {
    return !unwritten.isEmpty() || !unremoved.isEmpty();
  }

  public boolean needsFlush() {
    return hasUnwritten() || trouble.problem().isPresent();
  }

  /** Whether a file with content can be written in the folder (an empty one fits on a full disk). */
  private boolean probe() {
    try {
      Files.createDirectories(dir);
      Path check = Files.createTempFile(dir, ".write-check", ".tmp");
      try {
        Files.write(check, PROBE_CONTENT);
      } finally {
        Files.delete(check);
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Why the outbox cannot be written now, if it cannot. */
  public Optional<String> problem() {
    return trouble.problem();
  }

  /** After a write that worked, whatever waits in memory is written too; returns whether all is on disk. */
  private boolean settle(boolean lastWorked) {
    boolean allWritten = lastWorked;
    if (lastWorked) {
      for (OutboxEntry waiting : List.copyOf(unwritten.values())) {
        allWritten &= write(waiting);
      }
      for (String id : List.copyOf(unremoved)) {
        allWritten &= delete(id);
      }
    }
    if (allWritten) {
      trouble.succeeded();
    }
    return allWritten;
  }

  private boolean write(OutboxEntry entry) {
    return write(entry, true);
  }

  private boolean write(OutboxEntry entry, boolean waitForDisk) {
    String id = entry.notification().id();
    unremoved.remove(id);
    try {
      byte[] content = mapper.writeValueAsBytes(entry);
      if (waitForDisk) {
        AtomicFiles.write(file(id), content);
      } else {
        AtomicFiles.writeBeforeSync(file(id), content);
      }
      unwritten.remove(id);
      return true;
    } catch (IOException e) {
      unwritten.put(id, entry);
      trouble.failed(problem("write", e));
      return false;
    }
  }

  private boolean delete(String id) {
    unwritten.remove(id);
    try {
      Files.deleteIfExists(file(id));
      unremoved.remove(id);
      return true;
    } catch (IOException e) {
      unremoved.add(id);
      trouble.failed(problem("delete in", e));
      return false;
    }
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
