package dev.powerwatch.feed;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.powerwatch.tibber.Measurement;
import dev.powerwatch.tibber.TransportMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code graphql-transport-ws} bookkeeping of one socket (graphql-ws PROTOCOL.md), without
 * actors or I/O: which subscription belongs to which home, what to send when, and what each
 * message from the server means. The subscription map is read by the socket's thread, which
 * decodes frames, hence concurrent; everything else belongs to the feed's actor.
 */
final class TransportSession {
  static final String SUBSCRIPTION_QUERY =
      "subscription($homeId: ID!) { liveMeasurement(homeId: $homeId) { " + Measurement.FIELDS + " } }";

  /** What a message from the server asks of the feed. */
  sealed interface Reaction {}

  /** The first {@code connection_ack}: send these subscribes. */
  record Acknowledged(List<TransportMessage.Subscribe> subscribes) implements Reaction {}

  /** Answer with this ({@code pong} to a {@code ping}). */
  record Reply(TransportMessage message) implements Reaction {}

  /** The server ended a home's subscription: subscribe it again after a pause. */
  record SubscriptionEnded(String homeId, String why) implements Reaction {}

  /** The server reports errors for a home beside an open subscription. */
  record Reported(String homeId, List<String> errors) implements Reaction {}

  /** Nothing to do; {@code why} is for a DEBUG line. */
  record Ignored(String why) implements Reaction {}

  /** The message breaks the protocol or the schema. */
  record Malformed(String problem) implements Reaction {}

  private final List<String> homeIds;
  private final Map<String, String> homeBySubscription = new ConcurrentHashMap<>();
  private long lastSubscription;
  private boolean acknowledged;

  TransportSession(List<String> homeIds) {
    this.homeIds = List.copyOf(homeIds);
  }

  List<String> homeIds() {
    return homeIds;
  }

  boolean acknowledged() {
    return acknowledged;
  }

  /** The first message on an open socket; Tibber takes the token in its payload. */
  static TransportMessage.ConnectionInit init(String token) {
    return new TransportMessage.ConnectionInit(JsonNodeFactory.instance.objectNode().put("token", token));
  }

  Reaction receive(TransportMessage message) {
    if (message instanceof TransportMessage.ConnectionAck) {
      return acknowledge();
    }
    if (message instanceof TransportMessage.Ping) {
      return new Reply(new TransportMessage.Pong(null));
    }
    if (message instanceof TransportMessage.Pong) {
      return new Ignored("pong from the server");
    }
    if (message instanceof TransportMessage.Next next) {
      return nextWithoutData(next);
    }
    if (message instanceof TransportMessage.Error error) {
      return ended(error.id(), "failed: " + String.join("; ", error.errorMessages()));
    }
    if (message instanceof TransportMessage.Complete complete) {
      return ended(complete.id(), "was completed by the server");
    }
    return new Malformed("unexpected " + message.getClass().getSimpleName() + " from the server");
  }

  private Reaction acknowledge() {
    if (acknowledged) {
      return new Ignored("repeated connection_ack");
    }
    acknowledged = true;
    return new Acknowledged(homeIds.stream().map(this::subscribe).toList());
  }

  /** A subscribe for the home under a new id, which is ours from now on. */
  TransportMessage.Subscribe subscribe(String homeId) {
    String id = Long.toString(++lastSubscription);
    homeBySubscription.put(id, homeId);
    ObjectNode variables = JsonNodeFactory.instance.objectNode().put("homeId", homeId);
    return new TransportMessage.Subscribe(id, SUBSCRIPTION_QUERY, variables);
  }

  private Reaction nextWithoutData(TransportMessage.Next next) {
    String homeId = homeOf(next.id());
    if (homeId == null) {
      return new Ignored("next for unknown subscription " + next.id());
    }
    List<String> errors = next.errorMessages();
    return errors.isEmpty()
        ? new Malformed("next for home " + homeId + " without data.liveMeasurement")
        : new Reported(homeId, errors);
  }

  private Reaction ended(String subscriptionId, String what) {
    String homeId = homeBySubscription.remove(subscriptionId);
    return homeId == null
        ? new Ignored("subscription " + subscriptionId + " " + what + "; not ours")
        : new SubscriptionEnded(homeId, what);
  }

  /** A {@code complete} for every open subscription, for a clean shutdown. */
  List<TransportMessage.Complete> completeAll() {
    return homeBySubscription.keySet().stream().sorted().map(TransportMessage.Complete::new).toList();
  }

  String homeOf(String subscriptionId) {
    return homeBySubscription.get(subscriptionId);
  }

  List<String> subscribedHomes() {
    return homeBySubscription.values().stream().distinct().sorted().toList();
  }
}
