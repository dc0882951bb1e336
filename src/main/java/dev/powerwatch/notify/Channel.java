package dev.powerwatch.notify;

import akka.actor.typed.ActorSystem;
import dev.powerwatch.support.Secret;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * One configured push target. Callers send through {@link ChannelSender}, which turns whatever a
 * channel throws or fails with into an {@link Outcome}; the Notifier retries.
 */
public interface Channel {
  /** The configured name, unique among channels; what rules and {@code test-notify} refer to. */
  String name();

  String type();

  /**
   * One attempt to deliver {@code notification}, finished within about {@code timeout}. Only
   * {@link ChannelSender} calls it.
   */
  CompletionStage<Outcome> send(ActorSystem<?> system, Notification notification, Duration timeout, Clock clock);

  /** Keys, tokens, passwords and URLs with keys: masked in every log line and error about this channel. */
  List<Secret> secrets();

  default String redact(String text) {
    String out = text;
    for (Secret secret : secrets()) {
      out = secret.redact(out);
    }
    return out;
  }
}
