package dev.powerwatch.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the feed sent, a line per reading: {@code home timestamp power subscriptions}, tab-separated.
 * A reading sent after {@link #close} is not written.
 */
class DeliveryLog implements AutoCloseable {
  static final DeliveryLog NONE = new DeliveryLog();

  private final BufferedWriter out;
  private boolean closed;

  private DeliveryLog() {
    this.out = null;
  }

  DeliveryLog(Path file) throws IOException {
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
  }

  synchronized void sent(String homeId, ObjectNode reading, int subscriptions) {
    if (out == null || closed) {
      return;
    }
    write(homeId + '\t' + reading.path("timestamp").asText() + '\t' + reading.path("power").asDouble() + '\t'
        + subscriptions + '\n');
  }

  synchronized void flush() {
    if (out != null && !closed) {
      try {
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void write(String line) {
    try {
      out.write(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    if (out != null && !closed) {
      closed = true;
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
