package dev.powerwatch.feed;

import akka.http.javadsl.model.ws.Message;
import akka.stream.javadsl.SourceQueueWithComplete;
import com.fasterxml.jackson.databind.JsonNode;
import dev.powerwatch.tibber.LiveFrameParser;
import dev.powerwatch.tibber.MalformedFrameException;
import dev.powerwatch.tibber.Measurement;
import dev.powerwatch.tibber.MeasurementParser;
import dev.powerwatch.tibber.TransportCodec;
import dev.powerwatch.tibber.TransportMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One socket and what LiveFeed knows about it. Subscription ids are written by the actor and read
 * by the stream that decodes frames, hence the concurrent map; everything else is the actor's.
 */
final class Connection {
  final long number;
  final List<String> homeIds;
  private final Map<String, String> homeBySubscription = new ConcurrentHashMap<>();
  SourceQueueWithComplete<Message> outbound;
  boolean upgradeSettled;
  Disconnect upgradeRefusal;
  boolean ended;
  Throwable endCause;
  boolean acknowledged;
  long acknowledgedAtMillis;
  long lastDataMillis;
  int malformedFrames;

  Connection(long number, List<String> homeIds) {
    this.number = number;
    this.homeIds = List.copyOf(homeIds);
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
   * Runs in the stream: parses a text frame once, straight into a measurement where it is one;
   * whatever the fast path declines is decoded in full, which names any problem.
   */
  InboundFrame decode(TransportCodec codec, LiveFrameParser fast, String text) {
    Optional<Measurement> measurement = fast.parse(text, this::homeOf);
    if (measurement.isPresent()) {
      return new InboundFrame.Data(measurement.get());
    }
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
