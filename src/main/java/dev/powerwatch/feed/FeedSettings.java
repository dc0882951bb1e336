package dev.powerwatch.feed;

import java.time.Duration;

/** Timing of the live feed: watchdog, handshake timeout and the reconnect policy. */
public record FeedSettings(
    Duration timeout,
    Duration ackTimeout,
    Duration backoffMin,
    Duration backoffMax,
    Duration stableAfter,
    Duration unauthorizedRetry,
    Duration rateLimitedWait,
    Duration goingAwayMin,
    Duration goingAwayMax) {}
