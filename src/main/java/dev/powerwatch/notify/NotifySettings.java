package dev.powerwatch.notify;

import java.time.Duration;
import java.util.List;

/** How the Notifier retries, and the configured channels. */
public record NotifySettings(
    Duration retryMin, Duration retryMax, Duration giveUpAfter, Duration requestTimeout, List<Channel> channels) {
  public NotifySettings {
    channels = List.copyOf(channels);
  }
}
