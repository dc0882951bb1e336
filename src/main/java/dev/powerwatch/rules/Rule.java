package dev.powerwatch.rules;

import dev.powerwatch.tibber.Home;
import dev.powerwatch.tibber.Measurement;
import java.time.Instant;
import java.util.Optional;

/**
 * A rule type's condition. Pure: time arrives with the measurement or the tick. An empty answer
 * means "no verdict from this input" (a field the frame lacks, a tick for a measurement rule).
 * The generic part of every rule (pending for, cooldown, templates) lives in {@link RuleSpec}.
 */
public interface Rule {
  RuleSpec spec();

  /** @param firing whether the alert is firing now, for hysteresis */
  Optional<Verdict> onMeasurement(Measurement measurement, boolean firing);

  /** @param lastMeasurementAt when this home's last measurement arrived (or the monitor started) */
  Optional<Verdict> onTick(Instant now, Instant lastMeasurementAt, boolean firing);

  /**
   * The alert fired before a restart, pending since {@code since} (the meter's time): a rule whose
   * alert lasts an interval holds it to the end of the interval it fired in.
   */
  default void restoreFiring(Instant since) {
  }

  /** The condition in a few words, for {@code check-config}. */
  String describe();

  /** The placeholders this rule fills in, besides the common ones of {@link RuleSpec}. */
  java.util.Set<String> placeholders();

  /**
   * The rule as it watches one home. Rules that keep state per home (an interval's energy) return
   * a fresh instance; stateless rules are shared.
   */
  default Rule forHome(Home home, RuleContext context) {
    return this;
  }

  /** An energy rule's view of the running interval (and month), once it has seen a measurement. */
  default java.util.Optional<EnergyStatus> energy() {
    return java.util.Optional.empty();
  }

  /** Why this rule cannot write its state now (the disk refused), for /ready; empty when it can. */
  default java.util.Optional<String> stateProblem() {
    return java.util.Optional.empty();
  }

  /** Whether the rule wants Tibber's measured hours: at start and every hour after. */
  default boolean wantsHourlyHistory() {
    return false;
  }

  /** Tibber's measured hours, oldest first; empty when they could not be had. */
  default void onHourlyHistory(java.util.List<dev.powerwatch.tibber.HourlyConsumption> hours) {
  }

  /** Settings that are legal but surely not meant, as sentences naming the rule. */
  default java.util.List<String> warnings() {
    return java.util.List.of();
  }
}
