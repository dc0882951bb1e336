package dev.powerwatch.notify;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.ConnectHttp;
import akka.http.javadsl.Http;
import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.HttpRequest;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A push service behind an HTTP API: the channel builds the request, the answer is read in {@link Answers}.
 * Each attempt has a connection of its own, closed when the attempt times out: a pooled request
 * would wait in the pool's queue behind a hung service and still go out after the Notifier gave up
 * on it and sent the notice again, so the phone would buzz twice.
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
    return Source.single(request.withUri(request.getUri().toRelative()))
        .via(Http.get(system).outgoingConnection(ConnectHttp.toHost(request.getUri())))
        .mapAsync(1, response -> response.entity().toStrict(millis, system).thenApply(entity ->
            Answers.classify(this, response.status().intValue(), entity.getContentType().mediaType().toString(),
                entity.getData().utf8String(), response.getHeader("Retry-After").map(HttpHeader::value).orElse(null),
                clock)))
        .completionTimeout(timeout)
        .runWith(Sink.head(), system);
  }
}
