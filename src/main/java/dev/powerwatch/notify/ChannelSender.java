package dev.powerwatch.notify;

import akka.actor.typed.ActorSystem;
import dev.powerwatch.support.Failures;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One attempt to send one notification on one channel, the only way callers send. It never fails
 * and never throws: whatever goes wrong (building the message, the network, an answer that cannot
 * be read, a channel that overruns its time) becomes an {@link Outcome} for this channel and this
 * notice, with secrets masked.
 */
public final class ChannelSender {
  /** Channels keep to the timeout, then close what they opened; this only catches one that does not. */
  private static final Duration OVERRUN = Duration.ofSeconds(5);

  private ChannelSender() {}

  /** The longest an attempt with this request timeout takes to have its outcome. */
  public static Duration longestAttempt(Duration timeout) {
    return timeout.plus(OVERRUN);
  }

  public static CompletionStage<Outcome> send(ActorSystem<?> system, Channel channel, Notification n,
      Duration timeout, Clock clock) {
    CompletionStage<Outcome> attempt;
    try {
      attempt = channel.send(system, n, timeout, clock);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(new Outcome.Permanent(
          "cannot send (" + e.getClass().getSimpleName() + "); check the channel's settings"));
    }
    return attempt.toCompletableFuture()
        .orTimeout(longestAttempt(timeout).toMillis(), TimeUnit.MILLISECONDS)
        .thenApply(outcome -> redacted(channel, outcome))
        .exceptionally(failure -> unreachable(channel, failure));
  }

  /** A failure's detail may echo what was sent; a delivery's names only the service's message id. */
  private static Outcome redacted(Channel channel, Outcome outcome) {
    if (outcome instanceof Outcome.Retry retry) {
      return new Outcome.Retry(channel.redact(retry.detail()), retry.after());
    }
    if (outcome instanceof Outcome.Permanent permanent) {
      return new Outcome.Permanent(channel.redact(permanent.detail()));
    }
    return outcome;
  }

  private static Outcome unreachable(Channel channel, Throwable failure) {
    return new Outcome.Retry("no answer (" + channel.redact(Failures.rootCause(failure)) + ")", Optional.empty());
  }
}
