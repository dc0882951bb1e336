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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One socket and what LiveFeed knows about it. Subscription ids are written by the actor and read
 * by the socket's thread, which decodes frames, hence the concurrent map; everything else is the
 * actor's.
 */
final class Connection {
  final long number;
  final List<String> homeIds;
  private final TransportCodec codec;
  private final LiveFrameParser fastParser;
  private final Map<String, String> homeBySubscription = new ConcurrentHashMap<>();
  FeedSocket socket;
  FrameInlet inlet;
  boolean opened;
  boolean acknowledged;
  long acknowledgedAtMillis;
  long lastDataMillis;
  int malformedFrames;
  boolean slowSubscriberReported;

  Connection(long number, List<String> homeIds, TransportCodec codec, LiveFrameParser fastParser) {
    this.number = number;
    this.homeIds = List.copyOf(homeIds);
    this.codec = codec;
    this.fastParser = fastParser;
  }

  void subscribed(String subscriptionId, String homeId) {
    homeBySubscription.put(subscriptionId, homeId);
  }

  String endSubscription(String subscriptionId) {
    return homeBySubscription.remove(subscriptionId);
  }

  String homeOf(String subscriptionId) {
    return homeBySubscription.get(subscriptionId);
  }

  List<String> subscriptionIds() {
    return List.copyOf(homeBySubscription.keySet());
  }

  List<String> subscribedHomes() {
    return homeBySubscription.values().stream().distinct().sorted().toList();
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
    Optional<Measurement> measurement = fastParser.parse(bytes, offset, length, this::homeOf);
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
    Optional<Measurement> measurement = fastParser.parse(text, this::homeOf);
    return measurement.<InboundFrame>map(InboundFrame.Data::new).orElseGet(() -> decodeInFull(text));
  }

  private InboundFrame decodeInFull(String text) {
    try {
      TransportMessage message = codec.decode(text);
      if (message instanceof TransportMessage.Next next) {
        String homeId = homeOf(next.id());
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
