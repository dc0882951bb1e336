package dev.powerwatch.energy;

import java.time.YearMonth;
import java.util.Comparator;
import java.util.List;

/**
 * A home's capacity record for one local month, in a plain form to persist and restore: the
 * peaks that may still count, ordered by start. With distinct days that is each day's top
 * interval; without, the top intervals of the month. {@link CapacityMonth} keeps it up to date.
 */
public record MonthPeaks(YearMonth month, List<Peak> peaks) {

  public MonthPeaks {
    peaks = peaks.stream().sorted(Comparator.comparing(Peak::start)).toList();
  }

  public static MonthPeaks empty(YearMonth month) {
    return new MonthPeaks(month, List.of());
  }
}
