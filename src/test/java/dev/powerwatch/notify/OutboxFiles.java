package dev.powerwatch.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Counts what the outbox holds on disk, as a restart would find it. */
public final class OutboxFiles {
  private OutboxFiles() {}

  public static long count(Path stateDir) {
    Path dir = stateDir.resolve("outbox");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (var files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".json")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
