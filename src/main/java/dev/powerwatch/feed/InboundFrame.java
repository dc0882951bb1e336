package dev.powerwatch.feed;

import dev.powerwatch.tibber.Measurement;
import dev.powerwatch.tibber.TransportMessage;

/** A frame from the socket, decoded in the stream before it reaches the actor. */
sealed interface InboundFrame {
  /** A {@code next} carrying a measurement for one of our subscriptions. */
  record Data(Measurement measurement) implements InboundFrame {}

  /** Any other well-formed protocol message. */
  record Protocol(TransportMessage message) implements InboundFrame {}

  /** A frame that breaks the protocol or the schema; skipped and reported. */
  record Malformed(String problem) implements InboundFrame {}
}
