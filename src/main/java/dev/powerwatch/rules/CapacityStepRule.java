package dev.powerwatch.rules;

import com.typesafe.config.Config;
import dev.powerwatch.energy.CapacityMonth;
import dev.powerwatch.energy.CapacityTariff;
import dev.powerwatch.energy.DailyWindow;
import dev.powerwatch.energy.Headroom;
import dev.powerwatch.energy.HomeTime;
import dev.powerwatch.energy.Interval;
import dev.powerwatch.energy.IntervalEnergy;
import dev.powerwatch.energy.IntervalProgress;
import dev.powerwatch.energy.IntervalTracker;
import dev.powerwatch.energy.MonthPeaks;
import dev.powerwatch.energy.Outlook;
import dev.powerwatch.energy.Peak;
import dev.powerwatch.energy.Pricing;
import dev.powerwatch.energy.Reading;
import dev.powerwatch.energy.StepTable;
import dev.powerwatch.support.ConfigReader;
import dev.powerwatch.tibber.Home;
import dev.powerwatch.tibber.HourlyConsumption;
import dev.powerwatch.tibber.Measurement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A capacity tariff's guard (Norway's effekttrinn, Sweden's effektavgift, Belgium's
 * capaciteitstarief): it keeps the month's top interval per day and warns when the running
 * interval's estimate would raise the month's value into a higher step (with a price per kW: by
 * more than {@code margin}). It fires when the estimate passes the headroom, no earlier than
 * {@code not-before}, while the home still draws more than it may, and holds until the interval
 * ends. The month survives restarts in the state directory.
 */
public final class CapacityStepRule implements Rule {
  private final RuleSpec spec;
  private final CapacityTariff tariff;
  private final IntervalSettings timing;
  private final double marginKWh;
  private final Watch watch;

  /** One home's month, interval and store. */
  private static final class Watch {
    final HomeTime time;
    final IntervalTracker tracker;
    final CapacityStore store;
    CapacityMonth month;
    /** The month is known: restored, or Tibber's hours arrived (or could not be had). */
    boolean monthKnown;
    /** Hours Tibber measured: the feed's estimate of them, coming later, does not count. */
    final Set<Instant> measured = new java.util.HashSet<>();
    final IntervalLatch latch = new IntervalLatch();
    IntervalProgress latest;

    Watch(HomeTime time, IntervalTracker tracker, CapacityStore store, CapacityMonth month) {
      this.time = time;
      this.tracker = tracker;
      this.store = store;
      this.month = month;
    }
  }

  private CapacityStepRule(RuleSpec spec, CapacityTariff tariff, IntervalSettings timing, double marginKWh,
      Watch watch) {
    this.spec = spec;
    this.tariff = tariff;
    this.timing = timing;
    this.marginKWh = marginKWh;
    this.watch = watch;
  }

  @Override
  public RuleSpec spec() {
    return spec;
  }

  @Override
  public Rule forHome(Home home, RuleContext context) {
    HomeTime time = new HomeTime(home.zone(), timing.interval());
    CapacityStore store = new CapacityStore(context, home.id(), spec.name());
    Optional<CapacityStore.Saved> saved = store.load();
    CapacityMonth month = saved.map(s -> CapacityMonth.of(tariff, time, s.month(), s.history()))
        .orElseGet(() -> CapacityMonth.start(tariff, time, time.monthOf(Instant.EPOCH)));
    Watch watch = new Watch(time, new IntervalTracker(time, timing.tracking()), store, month);
    watch.monthKnown = saved.isPresent() || !wantsHourlyHistory();
    return new CapacityStepRule(spec, tariff, timing, marginKWh, watch);
  }

  @Override
  public void restoreFiring(Instant since) {
    watch.latch.restore(watch.time.intervalOf(since.plus(spec.pendingFor())));
  }

  /** Tibber measures whole hours: a quarter-hour tariff learns its month from the live feed alone. */
  @Override
  public boolean wantsHourlyHistory() {
    return timing.interval().equals(HomeTime.HOUR);
  }

  /**
   * Tibber's measured hours replace what the live feed estimated for those hours, and fill the
   * month when the daemon starts in the middle of it. Rows count in the month of their own start.
   */
  @Override
  public void onHourlyHistory(List<HourlyConsumption> hours) {
    watch.monthKnown = true;
    List<HourlyConsumption> measured = hours.stream().filter(h -> h.kWh() != null).toList();
    if (measured.isEmpty()) {
      return;
    }
    Set<Instant> starts = measured.stream().map(HourlyConsumption::from).collect(java.util.stream.Collectors.toSet());
    watch.measured.addAll(starts);
    watch.measured.removeIf(start -> watch.time.monthOf(start).isBefore(watch.month.month()));
    CapacityMonth latest = watch.month.rollTo(watch.time.monthOf(measured.get(measured.size() - 1).from()));
    List<Peak> kept = latest.peaks().peaks().stream().filter(p -> !starts.contains(p.start())).toList();
    CapacityMonth month = CapacityMonth.of(tariff, watch.time, new MonthPeaks(latest.month(), kept), latest.history());
    for (HourlyConsumption hour : measured) {
      month = month.record(new Interval(hour.from(), hour.to()), hour.kWh());
    }
    watch.month = month;
    watch.store.save(new CapacityStore.Saved(month.peaks(), month.history()));
  }

  @Override
  public Optional<Verdict> onMeasurement(Measurement measurement, boolean firing) {
    if (watch == null) {
      throw new IllegalStateException("a capacity-step rule watches one home: use forHome");
    }
    IntervalTracker.Result result = watch.tracker.accept(Reading.of(measurement));
    if (result.ignored()) {
      return Optional.empty();
    }
    result.finished().ifPresent(this::record);
    IntervalProgress progress = result.progress();
    watch.latest = progress;
    Headroom headroom = watch.month.headroom(progress.interval(), marginKWh);
    boolean active = watch.latch.active(progress.interval(), firing, () -> costsMore(progress, headroom));
    return Optional.of(new Verdict(active, () -> values(progress, headroom)));
  }

  private void record(IntervalEnergy finished) {
    if (watch.measured.contains(finished.start())) {
      return;
    }
    watch.month = watch.month.record(finished);
    watch.store.save(new CapacityStore.Saved(watch.month.peaks(), watch.month.history()));
  }

  private boolean costsMore(IntervalProgress progress, Headroom headroom) {
    Duration elapsed = Duration.between(progress.interval().start(), progress.at());
    return watch.monthKnown && !headroom.unlimited() && elapsed.compareTo(timing.notBefore()) >= 0
        && progress.estimateKWh() > headroom.limitKWh() && progress.reduceKw(headroom.limitKWh()) > 0;
  }

  private Map<String, String> values(IntervalProgress progress, Headroom headroom) {
    Outlook now = watch.month.ifEnds(progress.interval(), 0);
    Outlook then = watch.month.ifEnds(progress.interval(), progress.estimateKWh());
    Map<String, String> values = new HashMap<>();
    values.put("estimate", HourEstimateRule.oneDecimal(progress.estimateKWh()));
    values.put("headroom", headroom.unlimited() ? "∞" : HourEstimateRule.oneDecimal(headroom.limitKWh()));
    values.put("reduce", HourEstimateRule.oneDecimal(Math.max(0, headroom.unlimited() ? 0
        : progress.reduceKw(headroom.limitKWh()))));
    values.put("minutesLeft", Long.toString(Math.max(1, progress.left().toMinutes())));
    values.put("currentStep", watch.month.step().map(CapacityStepRule::stepName).orElse("-"));
    values.put("newStep", then.step().map(CapacityStepRule::stepName).orElse("-"));
    values.put("average", twoDecimals(now.monthKw()));
    values.put("newAverage", twoDecimals(then.monthKw()));
    String extra = ThresholdRule.format(Math.round(then.extra() * 100) / 100.0);
    values.put("extra", (extra + " " + tariff.currency()).trim());
    return values;
  }

  /** "5-10 kW", or "20+ kW" for the open top step. */
  static String stepName(StepTable.Step step) {
    return ThresholdRule.format(step.fromKw()) + (step.open() ? "+" : "-" + ThresholdRule.format(step.upToKw()))
        + " kW";
  }

  private static String twoDecimals(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  @Override
  public Optional<String> stateProblem() {
    return watch == null ? Optional.empty() : watch.store.problem();
  }

  @Override
  public Optional<EnergyStatus> energy() {
    if (watch == null || watch.latest == null) {
      return Optional.empty();
    }
    IntervalProgress p = watch.latest;
    CapacityMonth month = watch.month.rollTo(watch.time.monthOf(p.interval().start()));
    Headroom headroom = month.headroom(p.interval(), marginKWh);
    EnergyStatus.Capacity capacity = new EnergyStatus.Capacity(month.counted(), month.monthKw(),
        month.step().map(CapacityStepRule::stepName).orElse("-"), month.fee(), tariff.currency(),
        headroom.limitKWh());
    double reduceKw = headroom.unlimited() ? 0 : Math.max(0, p.reduceKw(headroom.limitKWh()));
    return Optional.of(new EnergyStatus(spec.name(), p.interval().start(), p.interval().end(), p.energyKWh(),
        p.estimateKWh(), p.confident(), reduceKw, Optional.of(capacity)));
  }

  /** The alert ends with its interval when no reading of the next one comes (the feed is down). */
  @Override
  public Optional<Verdict> onTick(Instant now, Instant lastMeasurementAt, boolean firing) {
    IntervalProgress last = watch.latest;
    if (firing && last != null && watch.latch.outlived(last.at(), Duration.between(lastMeasurementAt, now))) {
      Headroom headroom = watch.month.headroom(last.interval(), marginKWh);
      return Optional.of(new Verdict(false, () -> values(last, headroom)));
    }
    return Optional.empty();
  }

  @Override
  public String describe() {
    String pricing = tariff.pricing() instanceof Pricing.PerKw perKw
        ? ThresholdRule.format(perKw.pricePerKw()) + " " + tariff.currency() + " per kW and month"
        : ((Pricing.Steps) tariff.pricing()).tables().stream().map(this::describe)
            .collect(java.util.stream.Collectors.joining("; "));
    String unit = timing.interval().equals(HomeTime.HOUR) ? "hour" : "quarter";
    String counted = tariff.peaks() == 1 ? "the month's highest " + unit
        : "the month's average of the " + tariff.peaks() + " highest " + unit + "s"
            + (tariff.distinctDays() ? " on different days" : "");
    return counted + "; " + pricing;
  }

  /** "from 2026-07-01: 0-2 kW 150, 2-5 kW 250, ... NOK a month". */
  private String describe(StepTable table) {
    return "from " + table.validFrom() + ": " + table.steps().stream()
        .map(step -> stepName(step) + " " + ThresholdRule.format(step.price()))
        .collect(java.util.stream.Collectors.joining(", ")) + (" " + tariff.currency()).stripTrailing() + " a month";
  }

  @Override
  public Set<String> placeholders() {
    return Set.of("estimate", "headroom", "reduce", "minutesLeft", "currentStep", "newStep", "average",
        "newAverage", "extra");
  }

  /** {@code type = capacity-step}: the tariff (steps, tables or price-per-kw) and how the month is counted. */
  public static final class Factory implements RuleFactory {
    private static final LocalDate ALWAYS = LocalDate.of(2000, 1, 1);

    @Override
    public String type() {
      return "capacity-step";
    }

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
      return Set.of("steps", "tables", "price-per-kw", "currency", "peaks", "distinct-days", "interval", "window",
          "not-before", "margin", "hours", "weekdays-only", "months", "night-weight", "night-hours", "minimum",
          "rolling-months");
    }

    @Override
    public Rule create(RuleSpec spec, ConfigReader c) {
      double margin = c.has("margin") ? nonNegative(c, "margin") : CapacityMonth.DEFAULT_MARGIN_KWH;
      return new CapacityStepRule(spec, tariff(c), IntervalSettings.read(c), margin, null);
    }

    private static CapacityTariff tariff(ConfigReader c) {
      String currency = c.has("currency") ? c.nonBlank("currency") : "";
      int given = (c.has("steps") ? 1 : 0) + (c.has("tables") ? 1 : 0) + (c.has("price-per-kw") ? 1 : 0);
      if (given != 1) {
        throw c.problem("steps", "set exactly one of steps, tables and price-per-kw");
      }
      CapacityTariff tariff = c.has("price-per-kw") ? CapacityTariff.perKw(currency, positive(c, "price-per-kw"))
          : CapacityTariff.steps(currency, tables(c));
      tariff = tariff.withPeaks(c.has("peaks") ? atLeastOne(c, "peaks") : 3,
          !c.has("distinct-days") || c.bool("distinct-days"));
      if (c.has("hours")) {
        tariff = tariff.withHours(windows(c, "hours").toArray(new DailyWindow[0]));
      }
      if (c.has("weekdays-only") && c.bool("weekdays-only")) {
        tariff = tariff.withWeekdaysOnly();
      }
      if (c.has("months")) {
        tariff = tariff.withMonths(months(c).toArray(new Month[0]));
      }
      if (c.has("night-weight") != c.has("night-hours")) {
        throw c.problem("night-weight", "set night-weight and night-hours together");
      }
      if (c.has("night-weight")) {
        double weight = positive(c, "night-weight");
        if (weight > 1) {
          throw c.problem("night-weight", "must be at most 1 (night hours count less), was " + weight);
        }
        tariff = tariff.withNightWeight(weight, windows(c, "night-hours").toArray(new DailyWindow[0]));
      }
      if (c.has("minimum")) {
        tariff = tariff.withMinimumKw(nonNegative(c, "minimum"));
      }
      if (c.has("rolling-months")) {
        tariff = tariff.withRollingMonths(atLeastOne(c, "rolling-months"));
      }
      return tariff;
    }

    private static StepTable[] tables(ConfigReader c) {
      if (c.has("steps")) {
        return new StepTable[] {table(c, "steps", ALWAYS)};
      }
      List<? extends Config> entries = c.configList("tables");
      if (entries.isEmpty()) {
        throw c.problem("tables", "must list at least one table");
      }
      List<StepTable> tables = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        ConfigReader entry = new ConfigReader(entries.get(i), c.key("tables[" + i + "]"));
        entry.requireKnownKeys(Set.of("valid-from", "steps"));
        LocalDate from;
        try {
          from = LocalDate.parse(entry.nonBlank("valid-from"));
        } catch (java.time.format.DateTimeParseException e) {
          throw entry.problem("valid-from", "must be a date such as 2026-07-01");
        }
        if (!tables.isEmpty() && !from.isAfter(tables.get(tables.size() - 1).validFrom())) {
          throw entry.problem("valid-from", "must come after the previous table's");
        }
        tables.add(table(entry, "steps", from));
      }
      return tables.toArray(new StepTable[0]);
    }

    /** {@code [{ up-to = 2, price = 150 }, ..., { price = 925 }]}: bounds rising, the last one open. */
    private static StepTable table(ConfigReader c, String key, LocalDate validFrom) {
      List<? extends Config> steps = c.configList(key);
      if (steps.size() < 2) {
        throw c.problem(key, "must list at least two steps, the last one without up-to");
      }
      StepTable.Builder builder = StepTable.from(validFrom);
      double previous = 0;
      for (int i = 0; i < steps.size(); i++) {
        ConfigReader step = new ConfigReader(steps.get(i), c.key(key + "[" + i + "]"));
        step.requireKnownKeys(Set.of("up-to", "price"));
        double price = nonNegative(step, "price");
        boolean last = i == steps.size() - 1;
        if (last) {
          if (step.has("up-to")) {
            throw step.problem("up-to", "the last step is open: leave up-to out");
          }
          return builder.rest(price);
        }
        double upTo = positive(step, "up-to");
        if (upTo <= previous) {
          throw step.problem("up-to", "must be above the previous step's (" + ThresholdRule.format(previous) + ")");
        }
        builder.upTo(upTo, price);
        previous = upTo;
      }
      throw c.problem(key, "must end with an open step");
    }

    private static List<DailyWindow> windows(ConfigReader c, String key) {
      List<DailyWindow> windows = new ArrayList<>();
      for (String text : c.stringList(key)) {
        try {
          windows.add(DailyWindow.parse(text));
        } catch (RuntimeException e) {
          throw c.problem(key, "'" + text + "' is not a window such as 07:00-19:00");
        }
      }
      return windows;
    }

    private static List<Month> months(ConfigReader c) {
      List<Month> months = new ArrayList<>();
      for (String text : c.stringList("months")) {
        try {
          months.add(text.trim().matches("\\d+") ? Month.of(Integer.parseInt(text.trim()))
              : Month.valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (RuntimeException e) {
          throw c.problem("months", "'" + text + "' is not a month (1-12 or a name such as november)");
        }
      }
      return months;
    }

    private static double positive(ConfigReader c, String key) {
      double value = c.number(key);
      if (value <= 0) {
        throw c.problem(key, "must be more than 0, was " + ThresholdRule.format(value));
      }
      return value;
    }

    private static double nonNegative(ConfigReader c, String key) {
      double value = c.number(key);
      if (value < 0) {
        throw c.problem(key, "must not be negative, was " + ThresholdRule.format(value));
      }
      return value;
    }

    private static int atLeastOne(ConfigReader c, String key) {
      int value = c.integer(key);
      if (value < 1) {
        throw c.problem(key, "must be at least 1, was " + value);
      }
      return value;
    }
  }
}
