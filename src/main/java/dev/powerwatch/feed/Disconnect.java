package dev.powerwatch.feed;

import dev.powerwatch.tibber.TibberApiException;
import java.time.Duration;
import java.util.Optional;

/** Why the feed lost (or never got) its socket: decides how long to wait before the next try. */
public sealed interface Disconnect {
  /** A short name for metrics labels: unauthorized, rate_limited, going_away, failed. */
  default String kind() {
    if (this instanceof Unauthorized) {
      return "unauthorized";
    }
    if (this instanceof RateLimited) {
      return "rate_limited";
    }
    return this instanceof GoingAway ? "going_away" : "failed";
  }

  String detail();

  /** Tibber does not accept the token (4403, 4401, UNAUTHENTICATED): retry rarely. */
  record Unauthorized(String detail) implements Disconnect {}

  /** Too many connections or requests (4429, HTTP 429): wait long, honour Retry-After. */
  record RateLimited(String detail, Optional<Duration> retryAfter) implements Disconnect {}

  /** The server closed normally or is going away (1000, 1001): reconnect after a random pause. */
  record GoingAway(String detail) implements Disconnect {}

  /** Anything else: network errors, 4500, timeouts, protocol errors: exponential backoff. */
  record Failed(String detail) implements Disconnect {}

  static Disconnect fromCloseCode(int code, String reason) {
    String detail = "closed with " + code + (reason == null || reason.isEmpty() ? "" : " '" + reason + "'");
    return switch (code) {
      case 4401, 4403 -> new Unauthorized(detail);
      case 4429 -> new RateLimited(detail, Optional.empty());
      case 1000, 1001 -> new GoingAway(detail);
      default -> new Failed(detail);
    };
  }

  static Disconnect fromHttpStatus(int status, Optional<Duration> retryAfter) {
    String detail = "upgrade refused with HTTP " + status;
    if (status == 429 || status == 428) {
      return new RateLimited(detail, retryAfter);
    }
    if (status == 401 || status == 403) {
      return new Unauthorized(detail);
    }
    return new Failed(detail);
  }

  public static Disconnect fromApi(TibberApiException e) {
    return switch (e.kind()) {
      case UNAUTHENTICATED -> new Unauthorized(e.getMessage());
      case RATE_LIMITED -> new RateLimited(e.getMessage(), e.retryAfter());
      case TRANSIENT, INVALID_RESPONSE -> new Failed(e.getMessage());
    };
  }
}
