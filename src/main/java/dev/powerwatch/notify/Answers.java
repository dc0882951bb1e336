package dev.powerwatch.notify;

import dev.powerwatch.tibber.RetryAfter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The common reading of an HTTP answer from a push service. */
final class Answers {
  private static final int SHOWN_BODY = 300;

  private Answers() {}

  static Outcome classify(Channel channel, int status, String body, String retryAfterHeader, Clock clock) {
    if (status >= 200 && status < 300) {
      return channel.onSuccess(body);
    }
    String detail = "HTTP " + status + snippet(channel, body);
    if (status == 429) {
      Optional<Duration> wait = Optional.ofNullable(RetryAfter.parse(retryAfterHeader, clock))
          .or(() -> channel.retryAfterInBody(body));
      return new Outcome.Retry(detail, wait);
    }
    if (status == 408 || status >= 500) {
      return new Outcome.Retry(detail, Optional.empty());
    }
    return new Outcome.Permanent(detail);
  }

  static String snippet(Channel channel, String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String text = channel.redact(body.strip());
    return ": " + (text.length() > SHOWN_BODY ? text.substring(0, SHOWN_BODY) + "…" : text);
  }
}
