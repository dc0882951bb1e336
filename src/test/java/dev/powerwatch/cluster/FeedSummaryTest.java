package dev.powerwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.serialization.SerializationExtension;
import dev.powerwatch.feed.FeedStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The feed's status asked from another node stays small with 10,000 homes, and reads back whole;
 * several accounts' feeds read as one.
 */
class FeedSummaryTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final List<String> HOMES = IntStream.range(0, 10_000).mapToObj(i -> "home-" + i).toList();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static FeedStatus live(List<String> subscribed) {
    return new FeedStatus(FeedStatus.State.LIVE, "", null, 1, 0, subscribed, Instant.parse("2026-12-02T16:00:00Z"));
  }

  @Test
  void tenThousandSubscribedHomesCrossAsAFewBytes() throws Exception {
    FeedStatus status = live(HOMES);
    FeedEntity.Summary summary = FeedEntity.Summary.of(status, HOMES);
    int bytes = SerializationExtension.get(testKit.system().classicSystem()).serialize(summary).get().length;
    assertTrue(bytes < 1024, bytes + " bytes");
    assertEquals(status, summary.expand(HOMES));
  }

  @Test
  void theHomesNotSubscribedAreTheOnesThatCross() {
    FeedStatus status = live(HOMES.subList(2, HOMES.size()));
    FeedEntity.Summary summary = FeedEntity.Summary.of(status, HOMES);
    assertEquals(List.of("home-0", "home-1"), summary.unsubscribed());
    assertEquals(status, summary.expand(HOMES));
  }

  @Test
  void severalAccountsReadAsTheWorstOffWithEveryHomeSubscribed() {
    Instant older = Instant.parse("2026-12-02T15:59:58Z");
    FeedStatus main = live(List.of("a", "b"));
    FeedStatus north = new FeedStatus(FeedStatus.State.BACKING_OFF, "socket closed (1006)",
        Instant.parse("2026-12-02T16:00:05Z"), 3, 2, List.of(), older);
    Map<String, FeedStatus> both = new LinkedHashMap<>();
    both.put("main", main);
    both.put("north", north);
    FeedStatus one = FeedEntity.combined(both);
    assertEquals(FeedStatus.State.BACKING_OFF, one.state());
    assertEquals("account north: socket closed (1006) (1 of 2 live)", one.detail());
    assertEquals(north.nextAttemptAt(), one.nextAttemptAt());
    assertEquals(List.of("a", "b"), one.subscribedHomes());
    assertEquals(older, one.lastMeasurementAt(), "the account heard from longest ago");
    assertEquals(4, one.connectAttempts());
    assertEquals(2, one.consecutiveFailures());

    both.put("north", live(List.of("c")));
    FeedStatus allLive = FeedEntity.combined(both);
    assertEquals(FeedStatus.State.LIVE, allLive.state());
    assertEquals(List.of("a", "b", "c"), allLive.subscribedHomes());
    assertEquals(main, FeedEntity.combined(Map.of("main", main)), "one account is its own feed");
  }
}
