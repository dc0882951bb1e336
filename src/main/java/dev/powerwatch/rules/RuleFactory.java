package dev.powerwatch.rules;

import dev.powerwatch.support.ConfigReader;
import java.time.Duration;
import java.util.Set;

/**
 * One rule type. Implementations are found with {@link java.util.ServiceLoader}: a new rule type
 * is a new class listed in {@code META-INF/services/dev.powerwatch.rules.RuleFactory}, and its
 * default texts are keys in each language's file under {@code texts/} (see {@link RuleTexts}).
 */
public interface RuleFactory {
  /** The {@code type} value in the configuration. */
  String type();

  /** How long before the same alert may notify again, unless the rule sets {@code cooldown}. */
  default Duration defaultCooldown(ConfigReader config) {
    return Duration.ofMinutes(5);
  }

  /**
   * Whether the default cooldown also holds back a new alert that comes soon after the last one
   * resolved (a flap), or only spaces the repeats of one alert. A {@code cooldown} the rule sets
   * holds back both.
   */
  default boolean defaultCooldownHoldsNewAlerts() {
    return true;
  }

  /** Whether a resolved notice goes out, unless the rule sets {@code resolved}. */
  default boolean defaultSendResolved() {
    return true;
  }

  /** The type's own keys, besides the common ones every rule has; any other key is an error. */
  Set<String> keys();

  /** Reads the type's own keys from {@code config} (the rule's section); the common ones are in {@code spec}. */
  Rule create(RuleSpec spec, ConfigReader config);
}
