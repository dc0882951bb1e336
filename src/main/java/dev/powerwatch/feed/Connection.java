package dev.powerwatch.feed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.powerwatch.tibber.LiveFrameParser;
import dev.powerwatch.tibber.MalformedFrameException;
import dev.powerwatch.tibber.Measurement;
import dev.powerwatch.tibber.MeasurementParser;
import dev.powerwatch.tibber.TransportCodec;
import dev.powerwatch.tibber.TransportMessage;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One socket and what LiveFeed knows about it: the protocol's bookkeeping in its
 * {@link TransportSession}, the rest belongs to the actor.
 */
final class Connection {
  final long number;
  final TransportSession session;
  private final TransportCodec codec;
  private final LiveFrameParser fastParser = new LiveFrameParser();
  FeedSocket socket;
  FrameInlet inlet;
  /** Monotonic ({@link System#nanoTime()}), for the watchdog and {@code stable-after}. */
  long acknowledgedAtNanos;
  long lastDataNanos;
  int malformedFrames;
  boolean slowSubscriberReported;

  Connection(long number, List<String> homeIds, TransportCodec codec) {
    this.number = number;
    this.session = new TransportSession(homeIds);
    this.codec = codec;
  }

  /** Closes the socket and drops whatever it delivered that the actor has not taken. */
  void giveUp() {
    inlet.close();
    socket.close();
  }

  /**
   * Runs on the socket's thread: parses a frame's bytes once, straight into a measurement where
   * it is one; whatever the fast path declines is decoded in full, which names any problem.
   */
  InboundFrame decode(ByteBuffer utf8) {
    byte[] bytes;
    int offset;
    int length = utf8.remaining();
    if (utf8.hasArray()) {
      bytes = utf8.array();
      offset = utf8.arrayOffset() + utf8.position();
    } else {
      bytes = new byte[length];
      offset = 0;
      utf8.duplicate().get(bytes);
    }
    Optional<Measurement> measurement = fastParser.parse(bytes, offset, length, session::homeOf);
    if (measurement.isPresent()) {
      return new InboundFrame.Data(measurement.get());
    }
    try {
      return decodeInFull(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, offset, length))
          .toString());
    } catch (CharacterCodingException e) {
      return new InboundFrame.Malformed("a text frame that is not UTF-8");
    }
  }

  /** The same for a message that came in fragments and was joined into text. */
  InboundFrame decode(String text) {
    Optional<Measurement> measurement = fastParser.parse(text, session::homeOf);
    return measurement.<InboundFrame>map(InboundFrame.Data::new).orElseGet(() -> decodeInFull(text));
  }

  private InboundFrame decodeInFull(String text) {
    try {
      TransportMessage message = codec.decode(text);
      if (message instanceof TransportMessage.Next next) {
        String homeId = session.homeOf(next.id());
        JsonNode live = next.payload().path("data").path("liveMeasurement");
        if (homeId != null && live.isObject()) {
          return new InboundFrame.Data(MeasurementParser.parse(homeId, live));
        }
      }
      return new InboundFrame.Protocol(message);
    } catch (MalformedFrameException e) {
      return new InboundFrame.Malformed(e.getMessage());
    }
  }
}
