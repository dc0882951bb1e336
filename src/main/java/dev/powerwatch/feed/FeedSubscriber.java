package dev.powerwatch.feed;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import dev.powerwatch.tibber.Measurement;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where LiveFeed delivers measurements: a batch at a time, the next one only after {@code done}
 * ran for the last. A subscriber that is slow to call {@code done} slows the feed down to the
 * socket (TCP holds the server back); it never makes anything between them queue without bound.
 * {@code done} may be run from any thread, and must be run once, also when handling fails.
 */
@FunctionalInterface
public interface FeedSubscriber {
  void deliver(List<Measurement> batch, Runnable done);

  /** A batch for a {@link #worker}. */
  record Batch(List<Measurement> measurements, Runnable done) {}

  /** An actor that runs {@code each} for every measurement of a batch, then says it is done. */
  static Behavior<Batch> worker(Consumer<Measurement> each) {
    return Behaviors.receiveMessage(batch -> {
      try {
        batch.measurements().forEach(each);
      } finally {
        batch.done().run();
      }
      return Behaviors.same();
    });
  }

  /** Delivers to a {@link #worker}. */
  static FeedSubscriber of(ActorRef<Batch> worker) {
    return (batch, done) -> worker.tell(new Batch(batch, done));
  }
}
