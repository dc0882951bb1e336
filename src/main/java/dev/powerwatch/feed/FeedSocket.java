package dev.powerwatch.feed;

import java.net.URI;
import java.nio.ByteBuffer;

/**
 * The feed's WebSocket, which only moves frames: text out, text in. Its {@link Listener} hears
 * every event on the socket's own thread, in order; a listener that blocks slows the socket's
 * reading, so a consumer that falls behind holds the server back through TCP.
 */
interface FeedSocket {
  /** Queues a text frame; never blocks, and drops it once the socket has closed (its end is reported). */
  void send(String text);

  /** Closes with 1000; the listener hears {@link Listener#ended} once the socket is gone. */
  void close();

  interface Listener {
    /** The upgrade succeeded with the {@code graphql-transport-ws} subprotocol. */
    void opened();

    /** A whole text frame's UTF-8 bytes, from the buffer's position to its limit. */
    void text(ByteBuffer utf8);

    /** A text message that arrived in fragments, joined. */
    void text(String message);

    /** A binary message, which {@code graphql-transport-ws} never sends. */
    void binary();

    /** Everything one read from the socket carried has been handed over. */
    void readDone();

    /** The last event: why the socket ended (or never opened). */
    void ended(Disconnect reason);
  }

  @FunctionalInterface
  interface Connector {
    /** Starts connecting; returns at once, events follow on the listener. */
    FeedSocket connect(URI uri, String userAgent, Listener listener);
  }
}
