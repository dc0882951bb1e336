package dev.powerwatch.feed;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The daemon's own feed socket (Java-WebSocket with ServerFrames), for bench/transports in another package. */
public final class DaemonFeedSocket {
  private DaemonFeedSocket() {}

  /** Where frames go: a whole text frame as bytes, a fragmented one joined as text. */
  public interface Frames {
    void bytes(byte[] utf8, int offset, int length);

    void text(String message);
  }

  /** Opens the socket, waits for the upgrade and returns what sends text frames. */
  public static Consumer<String> open(URI feed, String userAgent, Frames frames) throws Exception {
    CompletableFuture<Void> opened = new CompletableFuture<>();
    FeedSocket socket = new JavaWebSocketConnector(Duration.ofSeconds(10), Clock.systemUTC())
        .connect(feed, userAgent, new FeedSocket.Listener() {
          @Override
          public void opened() {
            opened.complete(null);
          }

          @Override
          public void text(ByteBuffer utf8) {
            frames.bytes(utf8.array(), utf8.arrayOffset() + utf8.position(), utf8.remaining());
          }

          @Override
          public void text(String message) {
            frames.text(message);
          }

          @Override
          public void binary() {
            System.err.println("binary frame");
          }

          @Override
          public void readDone() {}

          @Override
          public void ended(Disconnect reason) {
            opened.completeExceptionally(new IllegalStateException(reason.detail()));
            System.err.println("socket ended: " + reason.detail());
          }
        });
    opened.get(10, TimeUnit.SECONDS);
    return socket::send;
  }
}
