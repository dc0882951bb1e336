package dev.powerwatch.soak;

import dev.powerwatch.notify.Outbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * When each notice first landed in the daemon's outbox, in real time: the moment it was made,
 * whatever the daemon's own clock read then.
 */
final class OutboxWatch extends NoticesMade {
  private final Path outbox;

  OutboxWatch(Path stateDir) {
    this.outbox = stateDir.resolve(Outbox.FOLDER);
  }

  @Override
  public void run() {
    try (WatchService watch = outbox.getFileSystem().newWatchService()) {
      Files.createDirectories(outbox);
      outbox.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
      while (!Thread.currentThread().isInterrupted()) {
        WatchKey key = watch.poll(100, TimeUnit.MILLISECONDS);
        if (key != null) {
          Instant now = RealTime.now();
          key.pollEvents().forEach(event -> note(event, now));
          key.reset();
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot watch " + outbox, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void note(WatchEvent<?> event, Instant at) {
    String name = String.valueOf(event.context());
    if (name.endsWith(Outbox.SUFFIX)) {
      made(name.substring(0, name.length() - Outbox.SUFFIX.length()), at);
    }
  }
}
