package dev.powerwatch.debounce;

import dev.powerwatch.notify.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How an alert's notices go out, the debounce stage's part of a rule: how often it may repeat
 * ({@code cooldown}), whether a resolved notice follows, when to hold notices back, what they say
 * and where they go. The rule decides whether the alert fires; this decides which notices follow.
 *
 * @param cooldownHoldsNewAlerts whether the cooldown also holds back a new alert soon after the
 *     last one (a flap), or only spaces one alert's repeats
 * @param channels the channel names to notify; empty means every configured channel
 */
public record NoticePolicy(
    Duration cooldown,
    boolean cooldownHoldsNewAlerts,
    boolean sendResolved,
    List<QuietHours> quietHours,
    String title,
    String message,
    String resolvedTitle,
    String resolvedMessage,
    Severity severity,
    String screenToOpen,
    List<String> channels) {

  public NoticePolicy {
    quietHours = List.copyOf(quietHours);
    channels = List.copyOf(channels);
  }

  /** Whether the cooldown holds back the alert's next notice: a repeat always, a new alert if so set. */
  public boolean cooldownHolds(AlertRecord record) {
    return record.firingNotified() || cooldownHoldsNewAlerts;
  }

  /** The earliest wall time the alert's next notice may go out, where its cooldown holds it back at all. */
  public Optional<Instant> cooldownEnds(AlertRecord record) {
    return record.lastSentAt() != null && cooldownHolds(record)
        ? Optional.of(record.lastSentAt().plus(cooldown)) : Optional.empty();
  }
}
