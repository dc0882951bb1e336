package dev.powerwatch.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReconnectPolicyTest {
  static final FeedSettings DEFAULTS = new FeedSettings(Duration.ofSeconds(90), Duration.ofSeconds(10),
      Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(60), Duration.ofMinutes(30),
      Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(60));

  private final ReconnectPolicy policy = new ReconnectPolicy(DEFAULTS, new Random(7));

  @ParameterizedTest(name = "failure {0}: between {1} and {2} ms")
  @CsvSource({
      "1, 500, 1000",
      "2, 1000, 2000",
      "3, 2000, 4000",
      "5, 8000, 16000",
      "9, 128000, 256000",
      "10, 150000, 300000",
      "60, 150000, 300000",
      "2147483647, 150000, 300000"})
  void backoffDoublesFromOneSecondToFiveMinutesWithJitter(int failures, long low, long high) {
    for (int i = 0; i < 200; i++) {
      long millis = policy.delay(new Disconnect.Failed("x"), failures).toMillis();
      assertTrue(millis >= low && millis <= high, failures + " failures gave " + millis + " ms");
    }
  }

  @Test
  void jitterSpreadsTheWaits() {
    long distinct = java.util.stream.IntStream.range(0, 50)
        .mapToObj(i -> policy.backoff(6)).distinct().count();
    assertTrue(distinct > 10, "only " + distinct + " distinct waits");
  }

  @Test
  void aRejectedTokenWaitsTheUnauthorizedRetry() {
    assertEquals(Duration.ofMinutes(30), policy.delay(new Disconnect.Unauthorized("4403"), 1));
    assertEquals(Duration.ofMinutes(30), policy.delay(new Disconnect.Unauthorized("4403"), 40));
  }

  @Test
  void aRateLimitWaitsAtLeastTenMinutesPlusJitter() {
    for (int i = 0; i < 100; i++) {
      Duration d = policy.delay(new Disconnect.RateLimited("4429", Optional.empty()), 1);
      assertTrue(d.compareTo(Duration.ofMinutes(10)) >= 0 && d.compareTo(Duration.ofMinutes(11)) <= 0, d.toString());
    }
  }

  @Test
  void aLongerRetryAfterIsHonoured() {
    Duration d = policy.delay(new Disconnect.RateLimited("429", Optional.of(Duration.ofMinutes(20))), 1);
    assertTrue(d.compareTo(Duration.ofMinutes(20)) >= 0 && d.compareTo(Duration.ofMinutes(22)) <= 0, d.toString());
  }

  @Test
  void aShorterRetryAfterStillWaitsTheFloor() {
    Duration d = policy.delay(new Disconnect.RateLimited("429", Optional.of(Duration.ofSeconds(5))), 1);
    assertTrue(d.compareTo(Duration.ofMinutes(10)) >= 0, d.toString());
  }

  @Test
  void goingAwayWaitsOneToSixtySeconds() {
    for (int i = 0; i < 200; i++) {
      Duration d = policy.delay(new Disconnect.GoingAway("1001"), 3);
      assertTrue(d.compareTo(Duration.ofSeconds(1)) >= 0 && d.compareTo(Duration.ofSeconds(60)) <= 0, d.toString());
    }
  }
}
