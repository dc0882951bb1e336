package dev.powerwatch.feed;

import dev.powerwatch.support.Backoff;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long to wait before the next connect: exponential backoff with jitter for failures, long
 * fixed waits for a rejected token or a rate limit, a random pause when the server goes away.
 */
public final class ReconnectPolicy {
  private final FeedSettings settings;
  private final RandomGenerator random;
  private final Backoff backoff;

  public ReconnectPolicy(FeedSettings settings, RandomGenerator random) {
    this.settings = settings;
    this.random = random;
    this.backoff = new Backoff(settings.backoffMin(), settings.backoffMax(), random);
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

  /** Exponential backoff with jitter between backoff-min and backoff-max. */
  public Duration backoff(int failures) {
    return backoff.delay(failures);
  }

  private Duration jitter(Duration upTo) {
    long millis = upTo.toMillis();
    return Duration.ofMillis(millis > 0 ? random.nextLong(millis + 1) : 0);
  }
}
