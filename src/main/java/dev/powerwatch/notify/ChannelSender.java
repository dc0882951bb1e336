package dev.powerwatch.notify;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.Http;
import akka.http.javadsl.model.HttpHeader;
import dev.powerwatch.support.Failures;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** One attempt to send one notification on one channel; never fails, answers with an {@link Outcome}. */
public final class ChannelSender {
  private ChannelSender() {}

  public static CompletionStage<Outcome> send(ActorSystem<?> system, Channel channel, Notification n,
      Duration timeout, Clock clock) {
    long millis = timeout.toMillis();
    return Http.get(system).singleRequest(channel.request(n))
        .thenCompose(response -> response.entity().toStrict(millis, system).thenApply(entity ->
            Answers.classify(channel, response.status().intValue(), entity.getData().utf8String(),
                response.getHeader("Retry-After").map(HttpHeader::value).orElse(null), clock)))
        .toCompletableFuture()
        .orTimeout(millis, TimeUnit.MILLISECONDS)
        .exceptionally(failure -> unreachable(channel, failure));
  }

  private static Outcome unreachable(Channel channel, Throwable failure) {
    return new Outcome.Retry("no answer (" + channel.redact(Failures.rootCause(failure)) + ")", Optional.empty());
  }
}
