package dev.powerwatch.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.powerwatch.tibber.Measurement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lanes between the feed and its subscribers, without actors: a subscriber's done is recorded
 * here and handed back with {@link #actorHearsTheDones}, as the actor does with its message.
 */
class SubscriberLanesTest {
  private final List<Integer> doneLanes = new ArrayList<>();
  private final SubscriberLanes lanes = new SubscriberLanes(lane -> () -> doneLanes.add(lane));
  private final List<List<Measurement>> fastBatches = new ArrayList<>();
  private final List<List<Measurement>> slowBatches = new ArrayList<>();
  private final List<Runnable> slowDone = new ArrayList<>();

  SubscriberLanesTest() {
    lanes.add((batch, done) -> {
      fastBatches.add(batch);
      done.run();
    });
    lanes.add((batch, done) -> {
      slowBatches.add(batch);
      slowDone.add(done);
    });
  }

  private static Measurement reading(int watts) {
    return new Measurement("home", OffsetDateTime.of(2026, 12, 2, 12, 0, 0, 0, ZoneOffset.UTC), watts, 0, 0, 0, 0,
        0, 0, 0, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null);
  }

  private void actorHearsTheDones() {
    doneLanes.forEach(lanes::done);
    doneLanes.clear();
  }

  private void offer(int from, int to) {
    for (int watts = from; watts < to; watts++) {
      lanes.offer(reading(watts));
    }
  }

  @Test
  void aBusySubscriberGetsWhatWaitedInOneBatchOnceItIsDone() {
    offer(0, 3);
    lanes.flush();
    actorHearsTheDones();
    offer(3, 5);
    lanes.flush();
    assertEquals(List.of(3, 2), fastBatches.stream().map(List::size).toList(), "the free one takes each flush");
    assertEquals(List.of(3), slowBatches.stream().map(List::size).toList(), "the busy one gets nothing more");

    slowDone.get(0).run();
    actorHearsTheDones();
    lanes.flush();
    assertEquals(List.of(3, 2), slowBatches.stream().map(List::size).toList());
    assertEquals(List.of(3.0, 4.0), slowBatches.get(1).stream().map(Measurement::power).toList(), "in order");
    slowDone.get(1).run();
    actorHearsTheDones();
    lanes.flush();
    assertEquals(2, slowBatches.size(), "nothing was left waiting");
  }

  @Test
  void theLanesAreFullWhenOneSubscriberIsALimitBehind() {
    offer(0, 1);
    lanes.flush();
    actorHearsTheDones();
    offer(1, SubscriberLanes.LIMIT);
    lanes.flush();
    actorHearsTheDones();
    assertFalse(lanes.full());
    offer(SubscriberLanes.LIMIT, SubscriberLanes.LIMIT + 1);
    assertTrue(lanes.full(), "the slow lane holds the limit while it works on its first batch");
    slowDone.get(0).run();
    actorHearsTheDones();
    lanes.flush();
    assertFalse(lanes.full());
    assertEquals(SubscriberLanes.LIMIT, slowBatches.get(1).size());
  }

  @Test
  void doneTellsWhichLane() {
    offer(0, 1);
    lanes.flush();
    assertEquals(List.of(0), doneLanes, "the fast subscriber ran its done at once");
    slowDone.get(0).run();
    assertEquals(List.of(0, 1), doneLanes);
  }
}
