package dev.powerwatch.notify;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.Http;
import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.HttpRequest;
import dev.powerwatch.support.Failures;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One attempt to send one notification on one channel. It never fails and never throws: whatever
 * goes wrong (building the request, the network, an answer that cannot be read) becomes an
 * {@link Outcome} for this channel and this notice, with secrets masked.
 */
public final class ChannelSender {
  private ChannelSender() {}

  public static CompletionStage<Outcome> send(ActorSystem<?> system, Channel channel, Notification n,
      Duration timeout, Clock clock) {
    HttpRequest request;
    try {
      request = channel.request(n);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(new Outcome.Permanent(
          "cannot build the request (" + e.getClass().getSimpleName() + "); check the channel's settings"));
    }
    long millis = timeout.toMillis();
    return Http.get(system).singleRequest(request)
        .thenCompose(response -> response.entity().toStrict(millis, system).thenApply(entity ->
            Answers.classify(channel, response.status().intValue(), entity.getContentType().mediaType().toString(),
                entity.getData().utf8String(), response.getHeader("Retry-After").map(HttpHeader::value).orElse(null),
                clock)))
        .toCompletableFuture()
        .orTimeout(millis, TimeUnit.MILLISECONDS)
        .exceptionally(failure -> unreachable(channel, failure));
  }

  private static Outcome unreachable(Channel channel, Throwable failure) {
    return new Outcome.Retry("no answer (" + channel.redact(Failures.rootCause(failure)) + ")", Optional.empty());
  }
}
