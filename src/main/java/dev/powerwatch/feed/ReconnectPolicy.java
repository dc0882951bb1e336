package dev.powerwatch.feed;

import dev.powerwatch.settings.FeedSettings;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long to wait before the next connect: exponential backoff with jitter for failures, long
 * fixed waits for a rejected token or a rate limit, a random pause when the server goes away.
 */
public final class ReconnectPolicy {
  private final FeedSettings settings;
  private final RandomGenerator random;

  public ReconnectPolicy(FeedSettings settings, RandomGenerator random) {
    this.settings = settings;
    this.random = random;
  }

  /** @param failures consecutive failures so far, counting this one (1 for the first) */
  public Duration delay(Disconnect reason, int failures) {
    if (reason instanceof Disconnect.Unauthorized) {
      return settings.unauthorizedRetry();
    }
    if (reason instanceof Disconnect.RateLimited limited) {
      Duration floor = settings.rateLimitedWait();
      Duration asked = limited.retryAfter().orElse(Duration.ZERO);
      Duration wait = asked.compareTo(floor) > 0 ? asked : floor;
      return wait.plus(jitter(wait.dividedBy(10)));
    }
    if (reason instanceof Disconnect.GoingAway) {
      return settings.goingAwayMin().plus(jitter(settings.goingAwayMax().minus(settings.goingAwayMin())));
    }
    return backoff(failures);
  }

  /** Exponential backoff: the ceiling doubles from backoff-min up to backoff-max; the wait is 50–100 % of it. */
  public Duration backoff(int failures) {
    long max = settings.backoffMax().toMillis();
    long ceiling = settings.backoffMin().toMillis();
    for (int i = 1; i < failures && ceiling < max; i++) {
      ceiling = Math.min(max, ceiling * 2);
    }
    long half = ceiling / 2;
    return Duration.ofMillis(half + random.nextLong(half + 1));
  }

  private Duration jitter(Duration upTo) {
    long millis = upTo.toMillis();
    return Duration.ofMillis(millis > 0 ? random.nextLong(millis + 1) : 0);
  }
}
