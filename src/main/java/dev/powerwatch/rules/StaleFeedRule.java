package dev.powerwatch.rules;

import dev.powerwatch.support.ConfigReader;
import dev.powerwatch.tibber.Measurement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** No measurement from a home for {@code after}: the Pulse, the network or Tibber went quiet. */
public final class StaleFeedRule implements Rule {
  private final RuleSpec spec;
  private final Duration after;

  public StaleFeedRule(RuleSpec spec, Duration after) {
    this.spec = spec;
    this.after = after;
  }

  @Override
  public RuleSpec spec() {
    return spec;
  }

  @Override
  public Optional<Verdict> onMeasurement(Measurement measurement, boolean firing) {
    return Optional.of(new Verdict(false, Map.of("minutes", "0", "after", minutes(after))));
  }

  @Override
  public Optional<Verdict> onTick(Instant now, Instant lastMeasurementAt, boolean firing) {
    Duration silent = Duration.between(lastMeasurementAt, now);
    if (silent.compareTo(after) < 0) {
      return Optional.empty();
    }
    return Optional.of(new Verdict(true, Map.of("minutes", minutes(silent), "after", minutes(after))));
  }

  /** Pulses go quiet for 40–150 s on healthy connections. */
  static final Duration SHORTEST_SENSIBLE_SILENCE = Duration.ofMinutes(3);

  @Override
  public List<String> warnings() {
    if (after.compareTo(SHORTEST_SENSIBLE_SILENCE) >= 0) {
      return List.of();
    }
    return List.of("rule '" + spec.name() + "': after = " + after.toSeconds() + "s is short: Pulses go quiet for"
        + " 40-150 s on healthy connections, so it will fire on healthy feeds (3m or more is safe)");
  }

  @Override
  public String describe() {
    return "no measurement for " + after.toSeconds() + " s";
  }

  @Override
  public Set<String> placeholders() {
    return Set.of("minutes", "after");
  }

  private static String minutes(Duration d) {
    return Long.toString(d.toMinutes());
  }

  /** {@code type = stale-feed}: {@code after}, the silence that counts as stale. */
  public static final class Factory implements RuleFactory {
    @Override
    public String type() {
      return "stale-feed";
    }

    @Override
    public Set<String> keys() {
      return Set.of("after");
    }

    @Override
    public Rule create(RuleSpec spec, ConfigReader c) {
      return new StaleFeedRule(spec, c.positiveDuration("after"));
    }
  }
}
