package dev.powerwatch.feed;

import static dev.powerwatch.Fixtures.FAST_FEED;
import static dev.powerwatch.Fixtures.HOME_A;
import static dev.powerwatch.Fixtures.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import dev.powerwatch.Fixtures;
import dev.powerwatch.simulator.TibberSimulator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A subscriber that falls behind during a flood holds the socket back (TCP stops the server)
 * instead of making anything between the socket and the subscribers queue without bound; once
 * it catches up, every measurement reaches every subscriber.
 */
class SlowSubscriberTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final long FLOOD = 100_000;
  /** Far more than the lanes and the inlet hold together, far less than the flood. */
  private static final long HELD_AT_MOST = 4L * (SubscriberLanes.LIMIT + FrameInlet.CAPACITY);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aSlowSubscriberHoldsTheSocketBackAndLosesNothing() throws Exception {
    ExecutorService slowThread = Executors.newSingleThreadExecutor();
    try (TibberSimulator simulator = Fixtures.simulator(testKit)) {
      CountDownLatch gate = new CountDownLatch(1);
      AtomicLong slowSeen = new AtomicLong();
      FeedSubscriber slow = (batch, done) -> slowThread.execute(() -> {
        awaitQuietly(gate);
        slowSeen.addAndGet(batch.size());
        done.run();
      });
      AtomicLong fastSeen = new AtomicLong();
      TestProbe<Long> overflow = testKit.createTestProbe();
      FeedSubscriber fast = (batch, done) -> {
        long seen = fastSeen.addAndGet(batch.size());
        if (gate.getCount() > 0 && seen > HELD_AT_MOST) {
          overflow.ref().tell(seen);
        }
        done.run();
      };
      testKit.spawn(LiveFeed.create(FAST_FEED, Fixtures.dependencies(testKit, simulator, Clock.systemUTC()),
          List.of(HOME_A), List.of(slow, fast)));
      awaitTrue(testKit, "the first measurement", () -> fastSeen.get() > 0);

      simulator.floodInBackground(HOME_A, FLOOD);
      awaitTrue(testKit, "the slow subscriber's lane full", () -> fastSeen.get() >= SubscriberLanes.LIMIT);
      overflow.expectNoMessage(Duration.ofSeconds(1));
      assertEquals(0, simulator.flooded(), "the server was held back, not read into memory");

      gate.countDown();
      awaitTrue(testKit, "the whole flood written", () -> simulator.flooded() == FLOOD);
      awaitTrue(testKit, "the whole flood through both", () -> fastSeen.get() >= FLOOD
          && slowSeen.get() == fastSeen.get());
    } finally {
      slowThread.shutdownNow();
    }
  }

  private static void awaitQuietly(CountDownLatch gate) {
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
