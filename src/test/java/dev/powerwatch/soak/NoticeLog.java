package dev.powerwatch.soak;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The notices the daemon's log tells it made ("Notify firing rule@home (notice ID): ..."), each
 * dated by when its line appeared: for a daemon whose queued notices live in its journal, not in
 * outbox files.
 */
final class NoticeLog extends NoticesMade {
  private static final Pattern NOTIFY = Pattern.compile("Notify [a-z]+ \\S+@\\S+ \\(notice ([^)\\s]+)\\)");

  private final Path log;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private long read;

  NoticeLog(Path log) {
    this.log = log;
  }

  /** Follows the log until interrupted, then reads it once more to its end. */
  @Override
  public void run() {
    try (WatchService watch = log.getFileSystem().newWatchService()) {
      log.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      while (!Thread.currentThread().isInterrupted()) {
        var key = watch.poll(100, TimeUnit.MILLISECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
        readNewLines(RealTime.now());
      }
    } catch (InterruptedException | java.nio.channels.ClosedByInterruptException stopped) {
      // the run is over
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot follow " + log, e);
    }
    Thread.interrupted();
    try {
      readNewLines(RealTime.now());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot follow " + log, e);
    }
    Thread.currentThread().interrupt();
  }

  private void readNewLines(Instant now) throws IOException {
    if (!Files.exists(log)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
      channel.position(read);
      int n;
      while ((n = channel.read(buffer)) > 0) {
        read += n;
        buffer.flip();
        while (buffer.hasRemaining()) {
          byte b = buffer.get();
          if (b == '\n') {
            note(partial.toString(StandardCharsets.UTF_8), now);
            partial.reset();
          } else {
            partial.write(b);
          }
        }
        buffer.clear();
      }
    }
  }

  private void note(String line, Instant at) {
    Matcher m = NOTIFY.matcher(line);
    if (m.find()) {
      made(m.group(1), at);
    }
  }
}
