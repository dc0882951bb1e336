package dev.powerwatch.notify;

import akka.http.javadsl.model.HttpRequest;
import dev.powerwatch.support.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One configured push target. Builds the request; the Notifier sends it and retries. */
public interface Channel {
  /** The configured name, unique among channels; what rules and {@code test-notify} refer to. */
  String name();

  String type();

  HttpRequest request(Notification notification);

  /** A 2xx answer: does the body confirm the delivery? */
  default Outcome onSuccess(String body) {
    return new Outcome.Delivered("accepted");
  }

  /** A wait asked for in the body of a 429 (Telegram puts it there). */
  default Optional<Duration> retryAfterInBody(String body) {
    return Optional.empty();
  }

  /** Keys, tokens and URLs with keys: masked in every log line and error about this channel. */
  List<Secret> secrets();

  default String redact(String text) {
    String out = text;
    for (Secret secret : secrets()) {
      out = secret.redact(out);
    }
    return out;
  }
}
