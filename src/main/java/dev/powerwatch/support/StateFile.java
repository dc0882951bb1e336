package dev.powerwatch.support;

import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * One JSON file of state in the state directory, for the owner that parses and writes it: written
 * atomically; a file that can be read but not understood is moved aside with a WARN; one that
 * cannot be read at all is left alone with an ERROR (start-up refuses it, naming it). Trouble
 * writing is told once per problem ({@link WriteTrouble}).
 */
public final class StateFile {
  /** Turns the file's bytes into the owner's state; throws when it does not understand them. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(byte[] bytes) throws IOException;
  }

  private final Path file;
  private final String what;
  private final Clock clock;
  private final Logger log;
  private final WriteTrouble trouble;

  /**
   * @param what what the file holds, for log lines ("alert state")
   * @param meanwhile what happens while the file cannot be written, for the ERROR line
   */
  public StateFile(Path file, String what, String meanwhile, Clock clock, Logger log) {
    this.file = file;
    this.what = what;
    this.clock = clock;
    this.log = log;
    this.trouble = new WriteTrouble(log, meanwhile);
  }

  /** The state in the file; empty when there is none, it cannot be read, or it is damaged. */
  public <T> Optional<T> load(Reader<T> reader) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      log.error("Cannot read the {} {} ({}); starting without it", what, file, e.getClass().getSimpleName());
      return Optional.empty();
    }
    try {
      return Optional.of(reader.read(bytes));
    } catch (IOException | RuntimeException e) {
      moveAside(e);
      return Optional.empty();
    }
  }

  /**
   * Writes {@code state} as JSON, atomically; false when the disk refused (the trouble is logged
   * once, and {@link #problem()} says it until a write works again).
   */
  public boolean write(ObjectWriter json, Object state) {
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(state);
    } catch (IOException e) {
      throw new IllegalStateException("the " + what + " does not serialize", e);
    }
    try {
      AtomicFiles.write(file, bytes);
      trouble.succeeded();
      return true;
    } catch (IOException e) {
      trouble.failed("cannot write " + file + " (" + e.getClass().getSimpleName() + ")");
      return false;
    }
  }

  public Optional<String> problem() {
    return trouble.problem();
  }

  private void moveAside(Exception cause) {
    try {
      Path aside = AtomicFiles.moveAside(file, "corrupt-" + clock.millis());
      log.warn("The {} {} is damaged ({}); moved it to {} and starting clean", what, file,
          firstLine(cause.getMessage()), aside);
    } catch (IOException e) {
      log.warn("The {} {} is damaged and cannot be moved aside ({}); starting clean", what, file, e.getMessage());
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
