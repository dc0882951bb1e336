package dev.powerwatch.rules;

import dev.powerwatch.debounce.NoticePolicy;
import dev.powerwatch.debounce.QuietHours;
import dev.powerwatch.notify.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What every rule has besides its condition: identity, where it applies, how long the condition
 * must hold ({@code for}), how often to repeat ({@code cooldown}), what to say and when not to.
 *
 * @param cooldownHoldsNewAlerts whether the cooldown also holds back a new alert soon after the
 *     last one, or only spaces one alert's repeats (an interval rule's alert lasts its interval)
 * @param homes the home ids it applies to; empty means every watched home
 * @param language the language of the default texts, and of the words a rule puts in its values
 * @param channels the channel names to notify; empty means every configured channel
 */
public record RuleSpec(
    String name,
    String type,
    Severity severity,
    List<String> homes,
    Duration pendingFor,
    Duration cooldown,
    boolean cooldownHoldsNewAlerts,
    boolean sendResolved,
    List<QuietHours> quietHours,
    Language language,
    String title,
    String message,
    String resolvedTitle,
    String resolvedMessage,
    String screenToOpen,
    List<String> channels) {

  /** Placeholders every rule fills in. */
  public static final Set<String> COMMON_PLACEHOLDERS =
      Set.of("home", "homeId", "rule", "severity", "since", "time", "power");

  public RuleSpec {
    homes = List.copyOf(homes);
    quietHours = List.copyOf(quietHours);
    channels = List.copyOf(channels);
  }

  /** What the debounce stage needs of this rule to decide its notices. */
  public NoticePolicy notice() {
    return new NoticePolicy(cooldown, cooldownHoldsNewAlerts, sendResolved, quietHours, title, message,
        resolvedTitle, resolvedMessage, severity, screenToOpen, channels);
  }

  public boolean appliesTo(String homeId) {
    return homes.isEmpty() || homes.contains(homeId);
  }
}
