package dev.powerwatch.energy;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One home's capacity charge for one local month: the recorded peaks, the month's value and fee,
 * and what the running interval may still use. Immutable: {@link #record} returns a new month;
 * {@link #peaks()} and {@link #history()} are the plain data to persist, {@link #of} restores.
 *
 * <p><b>Recording</b> a finished interval: if the tariff counts it (its start inside
 * {@code hours}, {@code weekdaysOnly}, {@code months}), its energy becomes kW over the nominal
 * interval ({@link HomeTime#averageKw}) times the night weight where it applies. With distinct
 * days each local day keeps its top interval; otherwise the month keeps its top intervals. An
 * interval of a later local month starts that month (the finished month's value goes into the
 * history when the tariff averages months); one of an earlier month is ignored.
 *
 * <p><b>The month's value</b> is the average of the {@code peaks} highest values; with fewer
 * days (or intervals) than {@code peaks} it is the average of what there is, so early in a month
 * it can fall as days are added. No values is 0. The tariff's minimum is then applied. The
 * <b>billed value</b> is that, or with {@code rollingMonths} the average of this month's value and
 * the earlier months of the window that the history holds. Step tables are looked up on the
 * month's first day.
 *
 * <p><b>Headroom</b> for the running interval, in kWh of that interval: see {@link Headroom}.
 * With a price per kW every kWh above {@code startsToCountKWh} costs; the margin (default
 * {@value #DEFAULT_MARGIN_KWH} kWh) keeps a trifle from raising an alarm.
 */
public final class CapacityMonth {
  public static final double DEFAULT_MARGIN_KWH = 0.1;

  private final CapacityTariff tariff;
  private final HomeTime time;
  private final MonthPeaks peaks;
  private final PeakHistory history;

  private CapacityMonth(CapacityTariff tariff, HomeTime time, MonthPeaks peaks, PeakHistory history) {
    this.tariff = tariff;
    this.time = time;
    this.peaks = peaks;
    this.history = history;
  }

  /** A month with nothing recorded yet and no history. */
  public static CapacityMonth start(CapacityTariff tariff, HomeTime time, YearMonth month) {
    return of(tariff, time, MonthPeaks.empty(month), PeakHistory.empty());
  }

  /** A month restored from its persisted peaks and history. */
  public static CapacityMonth of(CapacityTariff tariff, HomeTime time, MonthPeaks peaks, PeakHistory history) {
    return new CapacityMonth(tariff, time, peaks, history);
  }

  public YearMonth month() {
    return peaks.month();
  }

  public MonthPeaks peaks() {
    return peaks;
  }

  public PeakHistory history() {
    return history;
  }

  public CapacityMonth record(IntervalEnergy finished) {
    return record(finished.interval(), finished.kWh());
  }

  public CapacityMonth record(Interval interval, double kWh) {
    YearMonth month = time.monthOf(interval.start());
    if (month.isBefore(month())) {
      return this;
    }
    CapacityMonth target = rollTo(month);
    ZonedDateTime start = time.local(interval.start());
    if (!tariff.counts(start)) {
      return target;
    }
    Peak peak = new Peak(start.toLocalDate(), interval.start(), time.averageKw(kWh) * tariff.weightAt(start));
    return target.with(peak);
  }

  /** This month, or a fresh later month with this one's value in the history. */
  public CapacityMonth rollTo(YearMonth month) {
    if (!month.isAfter(month())) {
      return this;
    }
    PeakHistory next = tariff.rollingMonths() == 1 ? history
        : history.with(month(), monthKw(), month.minusMonths(tariff.rollingMonths() - 1));
    return new CapacityMonth(tariff, time, MonthPeaks.empty(month), next);
  }

  /** The peaks that make the month's value, highest first. */
  public List<Peak> counted() {
    return peaks.peaks().stream()
        .sorted(Comparator.comparingDouble(Peak::kw).reversed())
        .limit(tariff.peaks())
        .toList();
  }

  /** The top counted interval of a local day, if it has one. */
  public Optional<Peak> topOf(LocalDate day) {
    return peaks.peaks().stream().filter(p -> p.day().equals(day)).max(Comparator.comparingDouble(Peak::kw));
  }

  /** The average of the highest peaks, at least the tariff's minimum. */
  public double monthKw() {
    List<Peak> counted = counted();
    double average = counted.stream().mapToDouble(Peak::kw).average().orElse(0);
    return Math.max(tariff.minimumKw(), average);
  }

  /** The value the fee is on: {@link #monthKw()}, averaged with the history's months when the tariff rolls. */
  public double billedKw() {
    Map<YearMonth, Double> earlier = earlierMonths();
    double sum = earlier.values().stream().mapToDouble(Double::doubleValue).sum();
    return (sum + monthKw()) / (earlier.size() + 1);
  }

  /** The step the billed value is in; empty for a price per kW. */
  public Optional<StepTable.Step> step() {
    return tariff.pricing().step(billedKw(), month().atDay(1));
  }

  /** This month's fee as things stand. */
  public double fee() {
    return tariff.pricing().fee(billedKw(), month().atDay(1));
  }

  public Headroom headroom(Interval running) {
    return headroom(running, DEFAULT_MARGIN_KWH);
  }

  public Headroom headroom(Interval running, double marginKWh) {
    CapacityMonth month = rollTo(time.monthOf(running.start()));
    ZonedDateTime start = time.local(running.start());
    if (!tariff.counts(start)) {
      return Headroom.NOT_COUNTED;
    }
    double kWhPerCountedKw = time.energyAt(1) / tariff.weightAt(start);
    Rivals rivals = month.rivalsOf(start.toLocalDate());
    double startsToCount = rivals.largestKwKeeping(month.monthKwFor(month.billedKw())) * kWhPerCountedKw;
    if (tariff.pricing() instanceof Pricing.PerKw) {
      return new Headroom(startsToCount, startsToCount + marginKWh);
    }
    StepTable.Step step = month.step().orElseThrow();
    if (step.open()) {
      return new Headroom(startsToCount, Double.POSITIVE_INFINITY);
    }
    double limit = rivals.largestKwKeeping(month.monthKwFor(step.upToKw())) * kWhPerCountedKw;
    return new Headroom(startsToCount, limit);
  }

  /** The month if the running interval ended at {@code kWh}. */
  public Outlook ifEnds(Interval running, double kWh) {
    CapacityMonth now = rollTo(time.monthOf(running.start()));
    CapacityMonth then = now.record(running, kWh);
    return new Outlook(then.monthKw(), then.billedKw(), then.step(), then.fee(), then.fee() - now.fee());
  }

  private CapacityMonth with(Peak peak) {
    List<Peak> kept = new ArrayList<>(peaks.peaks());
    if (tariff.distinctDays()) {
      Optional<Peak> top = topOf(peak.day());
      if (top.isPresent() && top.get().kw() >= peak.kw()) {
        return this;
      }
      top.ifPresent(kept::remove);
      kept.add(peak);
    } else {
      kept.add(peak);
      kept.sort(Comparator.comparingDouble(Peak::kw).reversed());
      kept = new ArrayList<>(kept.subList(0, Math.min(kept.size(), tariff.peaks())));
    }
    return new CapacityMonth(tariff, time, new MonthPeaks(month(), kept), history);
  }

  private Map<YearMonth, Double> earlierMonths() {
    return history.between(month().minusMonths(tariff.rollingMonths() - 1), month());
  }

  /** The month's own value that gives {@code billedKw} once averaged with the earlier months. */
  private double monthKwFor(double billedKw) {
    Map<YearMonth, Double> earlier = earlierMonths();
    double sum = earlier.values().stream().mapToDouble(Double::doubleValue).sum();
    return billedKw * (earlier.size() + 1) - sum;
  }

  /** What the running interval competes with on {@code day}. */
  private Rivals rivalsOf(LocalDate day) {
    List<Double> others = new ArrayList<>();
    double todayTop = 0;
    for (Peak peak : peaks.peaks()) {
      if (tariff.distinctDays() && peak.day().equals(day)) {
        todayTop = Math.max(todayTop, peak.kw());
      } else {
        others.add(peak.kw());
      }
    }
    others.sort(Comparator.reverseOrder());
    return new Rivals(others, todayTop, tariff.peaks());
  }

  /**
   * The other values that count (other days' tops, or the month's other top intervals) and
   * today's top so far. With the running interval at y kW (above today's top) among the {@code n}
   * highest, the month's value is (y + the n − 1 highest others) / n, n = min(peaks, others + 1).
   */
  private record Rivals(List<Double> others, double todayTop, int peaks) {
    /** The largest counted kW the interval may reach while the month's value stays at most {@code monthKw}. */
    double largestKwKeeping(double monthKw) {
      int n = Math.min(peaks, others.size() + 1);
      double highestOthers = others.stream().limit(n - 1).mapToDouble(Double::doubleValue).sum();
      return Math.max(todayTop, monthKw * n - highestOthers);
    }
  }
}
