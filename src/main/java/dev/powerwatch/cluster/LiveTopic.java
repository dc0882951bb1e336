package dev.powerwatch.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.pubsub.Topic;
import dev.powerwatch.feed.FeedSubscriber;
import dev.powerwatch.tibber.Measurement;
import java.util.List;

/**
 * The live measurements of every home on every node (the dashboard, /api/live, --print), wherever
 * the account's feed runs: its node publishes each batch, each node relays it to its own
 * subscribers. Nothing waits for the other nodes; Artery's outbound queue is bounded and drops
 * (with a log line) what a node cannot take.
 */
public final class LiveTopic {
  public record Published(List<Measurement> batch) implements CborSerializable {
    public Published {
      batch = List.copyOf(batch);
    }
  }

  private LiveTopic() {}

  public static Behavior<Topic.Command<Published>> create() {
    return Topic.create(Published.class, "live-measurements");
  }

  /**
   * Measurements per message: a batch of the feed's 256 frames is about 250 KB as CBOR, the size
   * Artery refuses (256 KiB); this keeps each message near 60 KB.
   */
  static final int PER_MESSAGE = 64;

  /** The feed's side: every batch to the topic, in messages of at most {@link #PER_MESSAGE}, done at once. */
  static FeedSubscriber publisher(ActorRef<Topic.Command<Published>> topic) {
    return (batch, done) -> {
      for (int from = 0; from < batch.size(); from += PER_MESSAGE) {
        topic.tell(Topic.publish(new Published(batch.subList(from, Math.min(batch.size(), from + PER_MESSAGE)))));
      }
      done.run();
    };
  }

  /** A node's side: each batch published anywhere, to this node's own subscribers. */
  static Behavior<Published> relay(ActorRef<Topic.Command<Published>> topic, List<FeedSubscriber> local) {
    return Behaviors.setup(context -> {
      topic.tell(Topic.subscribe(context.getSelf()));
      return Behaviors.receiveMessage(published -> {
        local.forEach(subscriber -> subscriber.deliver(published.batch(), () -> {}));
        return Behaviors.same();
      });
    });
  }
}
