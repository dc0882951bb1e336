package dev.powerwatch.tibber;

import dev.powerwatch.support.SettingsException;
import java.time.Duration;
import java.util.Optional;

/** A failed call to Tibber's API, classified so callers know whether and when to try again. */
public final class TibberApiException extends RuntimeException {

  public enum Kind {
    /** The token is not accepted: final for this token, do not retry in a loop. */
    UNAUTHENTICATED,
    /** HTTP 429/428: slow down, honour {@link #retryAfter()}. */
    RATE_LIMITED,
    /** Network trouble or a 5xx: try again with backoff. */
    TRANSIENT,
    /** An answer that does not fit the API (GraphQL error, bad JSON, missing field). */
    INVALID_RESPONSE
  }

  private final Kind kind;
  private final Duration retryAfter;

  public TibberApiException(Kind kind, String message, Duration retryAfter) {
    super(message);
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  public TibberApiException(Kind kind, String message) {
    this(kind, message, null);
  }

  /** A rejected token at start or in {@code check-config} is a configuration error naming its key. */
  public SettingsException asRejectedToken() {
    return asRejectedToken("powerwatch.tibber.token");
  }

  /** @param key where the configuration sets the token Tibber rejected */
  public SettingsException asRejectedToken(String key) {
    return new SettingsException(key, "Tibber rejected the token: " + getMessage());
  }

  public Kind kind() {
    return kind;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
