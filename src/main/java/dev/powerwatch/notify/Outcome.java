package dev.powerwatch.notify;

import java.time.Duration;
import java.util.Optional;

/** What a push service's answer means for the outbox. */
public sealed interface Outcome {
  String detail();

  record Delivered(String detail) implements Outcome {}

  /** Try again later: network trouble, 408, 429, 5xx. */
  record Retry(String detail, Optional<Duration> after) implements Outcome {}

  /** The service refused this notification for good (bad key, bad request): logged, not retried. */
  record Permanent(String detail) implements Outcome {}
}
