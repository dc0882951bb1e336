package dev.powerwatch.feed;

import dev.powerwatch.tibber.Measurement;
import dev.powerwatch.tibber.TransportMessage;

/** What the socket delivered, decoded on its own thread before it reaches the actor. */
sealed interface InboundFrame {
  /** The upgrade succeeded. */
  record Opened() implements InboundFrame {}

  /** A {@code next} carrying a measurement for one of our subscriptions. */
  record Data(Measurement measurement) implements InboundFrame {}

  /** Any other well-formed protocol message. */
  record Protocol(TransportMessage message) implements InboundFrame {}

  /** A frame that breaks the protocol or the schema; skipped and reported. */
  record Malformed(String problem) implements InboundFrame {}

  /** The socket is gone; always the last. */
  record Ended(Disconnect reason) implements InboundFrame {}
}
