package dev.powerwatch.feed;

import dev.powerwatch.tibber.Measurement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One lane per subscriber between LiveFeed and its subscribers: measurements wait in a lane while
 * its subscriber still works on the last batch, and go out together once it is done. When any
 * lane holds {@link #LIMIT}, the feed stops taking frames until that subscriber catches up.
 */
final class SubscriberLanes {
  static final int LIMIT = 1024;

  private final List<Lane> lanes = new ArrayList<>();
  private final IntFunction<Runnable> doneFor;

  /** @param doneFor what a subscriber runs when done with its batch, given the lane's number */
  SubscriberLanes(IntFunction<Runnable> doneFor) {
    this.doneFor = doneFor;
  }

  void add(FeedSubscriber subscriber) {
    lanes.add(new Lane(subscriber));
  }

  void offer(Measurement measurement) {
    for (Lane lane : lanes) {
      lane.waiting.add(measurement);
    }
  }

  /** Sends what waits to every subscriber that is not busy. */
  void flush() {
    for (int i = 0; i < lanes.size(); i++) {
      Lane lane = lanes.get(i);
      if (!lane.busy && !lane.waiting.isEmpty()) {
        List<Measurement> batch = lane.waiting;
        lane.waiting = new ArrayList<>();
        lane.busy = true;
        lane.subscriber.deliver(batch, doneFor.apply(i));
      }
    }
  }

  void done(int lane) {
    lanes.get(lane).busy = false;
  }

  /** True while some subscriber is so far behind that the feed should take no more frames. */
  boolean full() {
    for (Lane lane : lanes) {
      if (lane.waiting.size() >= LIMIT) {
        return true;
      }
    }
    return false;
  }

  private static final class Lane {
    final FeedSubscriber subscriber;
    List<Measurement> waiting = new ArrayList<>();
    boolean busy;

    Lane(FeedSubscriber subscriber) {
      this.subscriber = subscriber;
    }
  }
}
