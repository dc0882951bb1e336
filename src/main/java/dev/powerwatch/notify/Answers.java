package dev.powerwatch.notify;

import dev.powerwatch.tibber.RetryAfter;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** The common reading of an HTTP answer from a push service. */
final class Answers {
  private static final int SHOWN_BODY = 300;

  private Answers() {}

  static Outcome classify(HttpChannel channel, int status, String mediaType, String body, String retryAfterHeader,
      Clock clock) {
    if (status >= 200 && status < 300) {
      return success(channel, mediaType, body);
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

  /**
   * A 2xx counts only when it is the service's own answer: an HTML page (a wrong URL, a captive
   * portal, a login page in front of the service) is not, and neither is an answer the channel
   * cannot read.
   */
  private static Outcome success(HttpChannel channel, String mediaType, String body) {
    if (isHtml(mediaType, body)) {
      return new Outcome.Retry("answered with an HTML page, not " + channel.type()
          + "'s answer; is the URL right?", Optional.empty());
    }
    try {
      return channel.onSuccess(body);
    } catch (RuntimeException e) {
      return new Outcome.Retry("cannot read the answer (" + e.getClass().getSimpleName() + ")", Optional.empty());
    }
  }

  private static boolean isHtml(String mediaType, String body) {
    String type = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
    String start = body == null ? "" : body.stripLeading().toLowerCase(Locale.ROOT);
    return type.contains("html") || start.startsWith("<!doctype html") || start.startsWith("<html");
  }

  /** A body that is not what the service answers on success: retried, with a hint. */
  static Outcome unexpected(Channel channel, String what, String body) {
    return new Outcome.Retry(channel.type() + "'s answer " + what + snippet(channel, body) + "; is the URL right?",
        Optional.empty());
  }

  static String snippet(Channel channel, String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String text = channel.redact(body.strip());
    return ": " + (text.length() > SHOWN_BODY ? text.substring(0, SHOWN_BODY) + "…" : text);
  }
}
