package dev.powerwatch.rules;

import dev.powerwatch.support.Template;
import dev.powerwatch.energy.Doubt;
import dev.powerwatch.energy.HomeTime;
import dev.powerwatch.energy.IntervalEnergy;
import dev.powerwatch.energy.IntervalProgress;
import dev.powerwatch.energy.IntervalTracker;
import dev.powerwatch.energy.Reading;
import dev.powerwatch.support.ConfigReader;
import dev.powerwatch.tibber.Home;
import dev.powerwatch.tibber.Measurement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * This interval (an hour, or a quarter) heads over {@code limit} kWh: it fires once the estimate
 * Ê = E + P̄ × time left exceeds the limit, no earlier than {@code not-before} into the interval,
 * while the home still draws more than it may ({@code reduce} > 0), and resolves when the interval
 * ends (on the meter's clock, also when no reading of the next interval comes). All on the meter's
 * clock: the measurements' timestamps in the home's time zone.
 */
public final class HourEstimateRule implements Rule {
  static final String TYPE = "hour-estimate";

  private final RuleSpec spec;
  private final RuleTexts texts;
  private final double limitKWh;
  private final IntervalSettings timing;
  private final HomeTime time;
  private final IntervalTracker tracker;
  private final IntervalLatch latch = new IntervalLatch();
  private IntervalProgress latest;

  private HourEstimateRule(RuleSpec spec, RuleTexts texts, double limitKWh, IntervalSettings timing, HomeTime time) {
    this.spec = spec;
    this.texts = texts;
    this.limitKWh = limitKWh;
    this.timing = timing;
    this.time = time;
    this.tracker = time == null ? null : new IntervalTracker(time, timing.tracking());
  }

  @Override
  public RuleSpec spec() {
    return spec;
  }

  @Override
  public Rule forHome(Home home, RuleContext context) {
    return new HourEstimateRule(spec, texts, limitKWh, timing, new HomeTime(home.zone(), timing.interval()));
  }

  @Override
  public void restoreFiring(Instant since) {
    latch.restore(time.intervalOf(since.plus(spec.pendingFor())));
  }

  @Override
  public Optional<Verdict> onMeasurement(Measurement measurement, boolean firing) {
    if (tracker == null) {
      throw new IllegalStateException("an hour-estimate rule watches one home: use forHome");
    }
    IntervalTracker.Result result = tracker.accept(Reading.of(measurement));
    if (result.ignored()) {
      return Optional.empty();
    }
    IntervalProgress progress = result.progress();
    IntervalProgress before = latest;
    latest = progress;
    boolean active = latch.active(progress.interval(), firing, () -> headsOver(progress));
    if (firing && !active && before != null) {
      return Optional.of(new Verdict(false, () -> endOf(before, result.finished())));
    }
    return Optional.of(new Verdict(active, () -> values(progress)));
  }

  /** A resolved notice speaks of the interval that ended, with its energy as finally counted. */
  private Map<String, String> endOf(IntervalProgress last, Optional<IntervalEnergy> finished) {
    Map<String, String> values = values(last);
    finished.filter(f -> f.start().equals(last.interval().start()))
        .ifPresent(f -> values.put("energy", oneDecimal(f.kWh())));
    return values;
  }

  private boolean headsOver(IntervalProgress progress) {
    Duration elapsed = Duration.between(progress.interval().start(), progress.at());
    return elapsed.compareTo(timing.notBefore()) >= 0 && progress.estimateKWh() > limitKWh
        && progress.reduceKw(limitKWh) > 0;
  }

  private Map<String, String> values(IntervalProgress progress) {
    Map<String, String> values = new HashMap<>();
    values.put("estimate", oneDecimal(progress.estimateKWh()));
    values.put("reduce", oneDecimal(Math.max(0, progress.reduceKw(limitKWh))));
    values.put("minutesLeft", Long.toString(Math.max(1, progress.left().toMinutes())));
    values.put("limit", ThresholdRule.format(limitKWh));
    values.put("energy", oneDecimal(progress.energyKWh()));
    values.put("confidence", progress.confident() ? "" : " " + uncertain(progress.doubts()));
    return values;
  }

  /** "(estimate uncertain: gap, out of order)" in the rule's language. */
  private String uncertain(Set<Doubt> doubts) {
    String words = doubts.stream().map(d -> texts.text(doubtKey(d))).collect(Collectors.joining(", "));
    return Template.render(texts.text(TYPE + ".uncertain"), Map.of("doubts", words));
  }

  /** The key of a doubt's words among the texts, e.g. {@code hour-estimate.doubt.no-earlier-reading}. */
  static String doubtKey(Doubt doubt) {
    return TYPE + ".doubt." + doubt.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static String oneDecimal(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  @Override
  public Optional<EnergyStatus> energy() {
    return Optional.ofNullable(latest).map(p -> new EnergyStatus(spec.name(), p.interval().start(),
        p.interval().end(), p.energyKWh(), p.estimateKWh(), p.confident(), Math.max(0, p.reduceKw(limitKWh)),
        Optional.empty()));
  }

  /** The alert ends with its interval when no reading of the next one comes (the feed is down). */
  @Override
  public Optional<Verdict> onTick(Instant now, Instant lastMeasurementAt, boolean firing) {
    if (firing && latest != null && latch.outlived(latest.at(), Duration.between(lastMeasurementAt, now))) {
      IntervalProgress last = latest;
      return Optional.of(new Verdict(false, () -> values(last)));
    }
    return Optional.empty();
  }

  @Override
  public String describe() {
    return "this " + (timing.interval().equals(HomeTime.HOUR) ? "hour" : "quarter hour") + " heads over "
        + ThresholdRule.format(limitKWh) + " kWh (estimate over " + timing.tracking().window().toMinutes()
        + " min, from minute " + timing.notBefore().toMinutes() + ")";
  }

  @Override
  public Set<String> placeholders() {
    return Set.of("estimate", "reduce", "minutesLeft", "limit", "energy", "confidence");
  }

  /**
   * {@code type = hour-estimate}: {@code limit} (kWh), {@code window} (5m), {@code not-before}
   * (10m), {@code interval} (60m or 15m).
   */
  public static final class Factory implements RuleFactory {
    @Override
    public String type() {
      return TYPE;
    }

    /** One warning per interval: the alert lasts until the interval ends. */
    @Override
    public Duration defaultCooldown(ConfigReader c) {
      return IntervalSettings.interval(c);
    }

    /** An alert lasts its interval: the last interval's warning holds back no other interval's. */
    @Override
    public boolean defaultCooldownHoldsNewAlerts() {
      return false;
    }

    @Override
    public boolean defaultSendResolved() {
      return false;
    }

    @Override
    public Set<String> keys() {
      return Set.of("limit", "window", "not-before", "interval");
    }

    @Override
    public Rule create(RuleSpec spec, ConfigReader c) {
      double limit = c.number("limit");
      if (limit <= 0) {
        throw c.problem("limit", "must be more than 0 kWh, was " + ThresholdRule.format(limit));
      }
      return new HourEstimateRule(spec, RuleTexts.of(spec.language()), limit, IntervalSettings.read(c), null);
    }
  }
}
