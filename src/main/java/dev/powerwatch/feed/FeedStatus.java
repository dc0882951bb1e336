package dev.powerwatch.feed;

import java.time.Instant;
import java.util.List;

/** What the feed is doing now, for health checks, the state endpoint and tests. */
public record FeedStatus(
    State state,
    String detail,
    Instant nextAttemptAt,
    int connectAttempts,
    int consecutiveFailures,
    List<String> subscribedHomes,
    Instant lastMeasurementAt) {

  public enum State {
    CONNECTING,
    LIVE,
    BACKING_OFF,
    /** The token was rejected; the feed retries only every unauthorized-retry. */
    UNAUTHORIZED,
    /** Tibber asked us to slow down (4429 / HTTP 429). */
    RATE_LIMITED
  }

  public FeedStatus {
    subscribedHomes = List.copyOf(subscribedHomes);
  }
}
