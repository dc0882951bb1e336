package dev.powerwatch.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Step tables, daily windows and a tariff's own checks. */
class TariffPartsTest {
  private static final StepTable ELVIA_2026 = CapacityMonthTest.ELVIA_2026;

  @ParameterizedTest(name = "{0} kW is in {1} at {2}")
  @CsvSource({
      "0, 0.0-2.0, 150", "1.999, 0.0-2.0, 150", "2, 2.0-5.0, 250", "4.99, 2.0-5.0, 250", "5, 5.0-10.0, 420",
      "9.999, 5.0-10.0, 420", "10, 10.0-15.0, 585", "15, 15.0-20.0, 755", "20, 20.0+, 925", "250, 20.0+, 925",
      // binary rounding of an average: a hair below a bound counts as the bound
      "4.9999999999999, 5.0-10.0, 420"})
  void stepsIncludeTheirLowerBound(double kw, String step, double price) {
    assertEquals(step, ELVIA_2026.stepFor(kw).toString());
    assertEquals(price, ELVIA_2026.stepFor(kw).price());
  }

  @Test
  void stepTablesRiseWithoutGapsAndEndOpen() {
    LocalDate day = LocalDate.parse("2026-01-01");
    assertThrows(IllegalArgumentException.class, () -> new StepTable(day, List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> new StepTable(day, List.of(new StepTable.Step(0, 2, 150), new StepTable.Step(2, 5, 250))));
    assertThrows(IllegalArgumentException.class, () -> new StepTable(day,
        List.of(new StepTable.Step(0, 2, 150), new StepTable.Step(3, Double.POSITIVE_INFINITY, 250))));
    assertThrows(IllegalArgumentException.class, () -> StepTable.from(day).upTo(5, 250).upTo(2, 150).rest(420));
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
      "22:00-06:00, 23:00, true", "22:00-06:00, 05:45, true", "22:00-06:00, 06:00, false", "22:00-06:00, 22:00, true",
      "22:00-06:00, 21:59, false", "07:00-19:00, 07:00, true", "07:00-19:00, 18:45, true", "07:00-19:00, 19:00, false"})
  void dailyWindows(String window, LocalTime time, boolean inside) {
    assertEquals(inside, DailyWindow.parse(window).contains(time));
  }

  @Test
  void badWindowsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> DailyWindow.parse("7-19"));
    assertThrows(IllegalArgumentException.class, () -> DailyWindow.parse("07:00"));
    assertThrows(IllegalArgumentException.class, () -> DailyWindow.parse("07:00-07:00"));
  }

  @Test
  void aTariffChecksItsNumbers() {
    CapacityTariff base = CapacityTariff.perKw("SEK", 81.25);
    assertThrows(IllegalArgumentException.class, () -> base.withPeaks(0, true));
    assertThrows(IllegalArgumentException.class, () -> base.withNightWeight(0.5));
    assertThrows(IllegalArgumentException.class, () -> base.withNightWeight(0, DailyWindow.parse("22:00-06:00")));
    assertThrows(IllegalArgumentException.class, () -> base.withMinimumKw(-1));
    assertThrows(IllegalArgumentException.class, () -> base.withRollingMonths(0));
  }

  @Test
  void countingAndWeightFollowTheIntervalsLocalStart() {
    CapacityTariff ellevio = CapacityTariff.perKw("SEK", 81.25).withNightWeight(0.5, DailyWindow.parse("22:00-06:00"));
    assertEquals(0.5, ellevio.weightAt(ZonedDateTime.parse("2026-01-05T22:00+01:00[Europe/Stockholm]")));
    assertEquals(1.0, ellevio.weightAt(ZonedDateTime.parse("2026-01-05T21:00+01:00[Europe/Stockholm]")));
    CapacityTariff weekdays = CapacityTariff.perKw("SEK", 100).withWeekdaysOnly();
    // 2026-01-09 is a Friday, 2026-01-10 a Saturday
    assertTrue(weekdays.counts(ZonedDateTime.parse("2026-01-09T12:00+01:00[Europe/Stockholm]")));
    assertFalse(weekdays.counts(ZonedDateTime.parse("2026-01-10T12:00+01:00[Europe/Stockholm]")));
  }
}
