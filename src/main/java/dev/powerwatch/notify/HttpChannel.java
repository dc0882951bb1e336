package dev.powerwatch.notify;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A push service behind an HTTP API: the channel builds the request, the answer is read in {@link Answers}.
 * Requests go through {@link PushPool}, which never sends an attempt the Notifier has given up on.
 */
public interface HttpChannel extends Channel {
  HttpRequest request(Notification notification);

  /** A 2xx answer: does the body confirm the delivery? */
  default Outcome onSuccess(String body) {
    return new Outcome.Delivered("accepted");
  }

  /** A wait asked for in the body of a 429 (Telegram puts it there). */
  default Optional<Duration> retryAfterInBody(String body) {
    return Optional.empty();
  }

  @Override
  default CompletionStage<Outcome> send(ActorSystem<?> system, Notification notification, Duration timeout,
      Clock clock) {
    HttpRequest request;
    try {
      request = request(notification);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(new Outcome.Permanent(
          "cannot build the request (" + e.getClass().getSimpleName() + "); check the channel's settings"));
    }
    long millis = timeout.toMillis();
    return PushPool.send(system, request)
        .thenCompose(response -> response.entity().toStrict(millis, system).thenApply(entity ->
            Answers.classify(this, response.status().intValue(), entity.getContentType().mediaType().toString(),
                entity.getData().utf8String(), response.getHeader("Retry-After").map(HttpHeader::value).orElse(null),
                clock)))
        .toCompletableFuture()
        .orTimeout(millis, TimeUnit.MILLISECONDS);
  }
}
