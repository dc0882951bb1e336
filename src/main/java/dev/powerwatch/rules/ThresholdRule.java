package dev.powerwatch.rules;

import dev.powerwatch.support.ConfigReader;
import dev.powerwatch.tibber.Measurement;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A numeric field above (or below) a value, with hysteresis: it fires at {@code above} and, once
 * firing, holds until the value falls below {@code clear} (and the mirror image for {@code below}).
 */
public final class ThresholdRule implements Rule {
  private final RuleSpec spec;
  private final String field;
  private final boolean above;
  private final double threshold;
  private final double clear;

  public ThresholdRule(RuleSpec spec, String field, boolean above, double threshold, double clear) {
    this.spec = spec;
    this.field = field;
    this.above = above;
    this.threshold = threshold;
    this.clear = clear;
  }

  @Override
  public RuleSpec spec() {
    return spec;
  }

  @Override
  public Optional<Verdict> onMeasurement(Measurement measurement, boolean firing) {
    Double value = measurement.numeric(field);
    if (value == null) {
      return Optional.empty();
    }
    boolean active;
    if (above) {
      active = firing ? value >= clear : value >= threshold;
    } else {
      active = firing ? value <= clear : value <= threshold;
    }
    double observed = value;
    return Optional.of(new Verdict(active, () -> Map.of(
        "field", field,
        "value", format(observed),
        "threshold", format(threshold),
        "clear", format(clear),
        "unit", unitOf(field))));
  }

  @Override
  public Optional<Verdict> onTick(Instant now, Instant lastMeasurementAt, boolean firing) {
    return Optional.empty();
  }

  @Override
  public String describe() {
    String unit = unitOf(field).isEmpty() ? "" : " " + unitOf(field);
    return field + (above ? " >= " : " <= ") + format(threshold) + unit
        + (clear == threshold ? "" : ", clears " + (above ? "below " : "above ") + format(clear) + unit);
  }

  @Override
  public Set<String> placeholders() {
    return Set.of("field", "value", "threshold", "clear", "unit");
  }

  static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.2f", value);
  }

  static String unitOf(String field) {
    if (field.startsWith("voltage")) {
      return "V";
    }
    if (field.startsWith("current")) {
      return "A";
    }
    if (field.startsWith("accumulatedCost") || field.startsWith("accumulatedReward")) {
      return "";
    }
    if (field.startsWith("accumulated") || field.startsWith("lastMeter")) {
      return "kWh";
    }
    if (field.contains("Reactive")) {
      return "kVAr";
    }
    if (field.toLowerCase(Locale.ROOT).contains("power") && !field.equals("powerFactor")) {
      return "W";
    }
    return field.equals("signalStrength") ? "dB" : "";
  }

  /** {@code type = threshold}: {@code field}, one of {@code above}/{@code below}, optional {@code clear}. */
  public static final class Factory implements RuleFactory {
    @Override
    public String type() {
      return "threshold";
    }

    @Override
    public Set<String> keys() {
      return Set.of("field", "above", "below", "clear");
    }

    @Override
    public Rule create(RuleSpec spec, ConfigReader c) {
      String field = c.has("field") ? c.nonBlank("field") : "power";
      if (!Measurement.numericFieldNames().contains(field)) {
        throw c.problem("field", "'" + field + "' is not a numeric liveMeasurement field; one of "
            + Measurement.numericFieldNames());
      }
      if (c.has("above") == c.has("below")) {
        throw c.problem("above", "set exactly one of 'above' and 'below'");
      }
      boolean above = c.has("above");
      String limitKey = above ? "above" : "below";
      double limit = c.number(limitKey);
      double clear = c.has("clear") ? c.number("clear") : limit;
      if (above ? clear > limit : clear < limit) {
        throw c.problem("clear", "must be " + (above ? "at most" : "at least") + " " + limitKey + " ("
            + format(limit) + ") so the alert can resolve");
      }
      return new ThresholdRule(spec, field, above, limit, clear);
    }
  }
}
