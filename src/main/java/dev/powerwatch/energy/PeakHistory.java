package dev.powerwatch.energy;

import java.time.YearMonth;
import java.util.Map;
import java.util.TreeMap;

/**
 * Earlier months' values (kW, the minimum applied) for a tariff billed on a rolling average, in a
 * plain form to persist and restore. {@link CapacityMonth} adds a month when the next one begins.
 */
public record PeakHistory(Map<YearMonth, Double> months) {

  public PeakHistory {
    months = Map.copyOf(months);
  }

  public static PeakHistory empty() {
    return new PeakHistory(Map.of());
  }

  /** This history with {@code month} set to {@code kw}, keeping only months from {@code oldest} on. */
  public PeakHistory with(YearMonth month, double kw, YearMonth oldest) {
    TreeMap<YearMonth, Double> kept = new TreeMap<>(months);
    kept.put(month, kw);
    return new PeakHistory(kept.tailMap(oldest, true));
  }

  /** The values of the months {@code from} up to, not including, {@code until}. */
  public Map<YearMonth, Double> between(YearMonth from, YearMonth until) {
    return new TreeMap<>(months).subMap(from, true, until, false);
  }
}
