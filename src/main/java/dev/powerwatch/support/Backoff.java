package dev.powerwatch.support;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** Exponential backoff with jitter: the ceiling doubles from min up to max; a wait is 50–100 % of it. */
public final class Backoff {
  private final Duration min;
  private final Duration max;
  private final RandomGenerator random;

  public Backoff(Duration min, Duration max, RandomGenerator random) {
    this.min = min;
    this.max = max;
    this.random = random;
  }

  /** @param failures consecutive failures so far, counting this one (1 for the first) */
  public Duration delay(int failures) {
    long maxMillis = max.toMillis();
    long ceiling = min.toMillis();
    for (int i = 1; i < failures && ceiling < maxMillis; i++) {
      ceiling = Math.min(maxMillis, ceiling * 2);
    }
    long half = ceiling / 2;
    return Duration.ofMillis(half + random.nextLong(half + 1));
  }
}
