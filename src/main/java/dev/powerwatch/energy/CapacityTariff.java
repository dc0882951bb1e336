package dev.powerwatch.energy;

import java.time.DayOfWeek;
import java.time.Month;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;

/**
 * A grid company's capacity charge, month by month (Norway's effekttrinn, Sweden's effektavgift,
 * Belgium's capaciteitstarief).
 *
 * <ul>
 *   <li>{@code peaks} — how many of the month's highest values are averaged (default 3);
 *   <li>{@code distinctDays} — one value per local day, the day's top interval (default true);
 *       false takes the top {@code peaks} intervals wherever they fall;
 *   <li>{@code pricing} — {@link Pricing.Steps step tables} by {@code validFrom}, or a
 *       {@link Pricing.PerKw price per kW} per month;
 *   <li>{@code hours} — daily windows of local time an interval must start in to count (empty: all day);
 *   <li>{@code weekdaysOnly} — only Monday to Friday count (public holidays are not known here);
 *   <li>{@code months} — only these months count (empty: all);
 *   <li>{@code nightWeight} with {@code nightHours} — intervals starting in these windows count
 *       at this fraction of their kW (Ellevio: 22:00-06:00 at 0.5);
 *   <li>{@code minimumKw} — the month's value is at least this (Belgium: 2.5);
 *   <li>{@code rollingMonths} — the fee is on the average of the last N monthly values, this
 *       month's included (Belgium: 12; 1 is no averaging);
 *   <li>{@code currency} — the fee's currency, for messages.
 * </ul>
 * Start from {@link #steps} or {@link #perKw} and change the rest with the {@code with} methods.
 */
public record CapacityTariff(
    int peaks, boolean distinctDays, Pricing pricing, List<DailyWindow> hours, boolean weekdaysOnly,
    Set<Month> months, double nightWeight, List<DailyWindow> nightHours, double minimumKw, int rollingMonths,
    String currency) {

  public CapacityTariff {
    hours = List.copyOf(hours);
    months = Set.copyOf(months);
    nightHours = List.copyOf(nightHours);
    if (peaks < 1) {
      throw new IllegalArgumentException("peaks must be at least 1, not " + peaks);
    }
    if (!(nightWeight > 0) || Double.isInfinite(nightWeight)) {
      throw new IllegalArgumentException("nightWeight must be a positive number, not " + nightWeight);
    }
    if (nightWeight != 1 && nightHours.isEmpty()) {
      throw new IllegalArgumentException("nightWeight " + nightWeight + " needs nightHours");
    }
    if (!(minimumKw >= 0) || Double.isInfinite(minimumKw)) {
      throw new IllegalArgumentException("minimumKw must be 0 or more, not " + minimumKw);
    }
    if (rollingMonths < 1) {
      throw new IllegalArgumentException("rollingMonths must be at least 1, not " + rollingMonths);
    }
  }

  /** Step tables, 3 peaks on distinct days, every hour of every day. */
  public static CapacityTariff steps(String currency, StepTable... tables) {
    return new CapacityTariff(3, true, new Pricing.Steps(List.of(tables)), List.of(), false, Set.of(), 1, List.of(),
        0, 1, currency);
  }

  /** A price per kW per month, 3 peaks on distinct days, every hour of every day. */
  public static CapacityTariff perKw(String currency, double pricePerKwMonth) {
    return new CapacityTariff(3, true, new Pricing.PerKw(pricePerKwMonth), List.of(), false, Set.of(), 1, List.of(),
        0, 1, currency);
  }

  public CapacityTariff withPeaks(int n, boolean onDistinctDays) {
    return new CapacityTariff(n, onDistinctDays, pricing, hours, weekdaysOnly, months, nightWeight, nightHours,
        minimumKw, rollingMonths, currency);
  }

  public CapacityTariff withHours(DailyWindow... windows) {
    return new CapacityTariff(peaks, distinctDays, pricing, List.of(windows), weekdaysOnly, months, nightWeight,
        nightHours, minimumKw, rollingMonths, currency);
  }

  public CapacityTariff withWeekdaysOnly() {
    return new CapacityTariff(peaks, distinctDays, pricing, hours, true, months, nightWeight, nightHours, minimumKw,
        rollingMonths, currency);
  }

  public CapacityTariff withMonths(Month... counted) {
    return new CapacityTariff(peaks, distinctDays, pricing, hours, weekdaysOnly, Set.of(counted), nightWeight,
        nightHours, minimumKw, rollingMonths, currency);
  }

  public CapacityTariff withNightWeight(double weight, DailyWindow... night) {
    return new CapacityTariff(peaks, distinctDays, pricing, hours, weekdaysOnly, months, weight, List.of(night),
        minimumKw, rollingMonths, currency);
  }

  public CapacityTariff withMinimumKw(double kw) {
    return new CapacityTariff(peaks, distinctDays, pricing, hours, weekdaysOnly, months, nightWeight, nightHours, kw,
        rollingMonths, currency);
  }

  public CapacityTariff withRollingMonths(int n) {
    return new CapacityTariff(peaks, distinctDays, pricing, hours, weekdaysOnly, months, nightWeight, nightHours,
        minimumKw, n, currency);
  }

  /** Whether an interval starting at this local time counts toward the month's peaks at all. */
  public boolean counts(ZonedDateTime intervalStart) {
    DayOfWeek day = intervalStart.getDayOfWeek();
    if (weekdaysOnly && (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY)) {
      return false;
    }
    if (!months.isEmpty() && !months.contains(intervalStart.getMonth())) {
      return false;
    }
    return hours.isEmpty() || hours.stream().anyMatch(w -> w.contains(intervalStart.toLocalTime()));
  }

  /** The fraction of its kW an interval starting at this local time counts with. */
  public double weightAt(ZonedDateTime intervalStart) {
    return nightHours.stream().anyMatch(w -> w.contains(intervalStart.toLocalTime())) ? nightWeight : 1;
  }
}
