package dev.powerwatch.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.powerwatch.support.Json;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Capacity tariffs month by month. Intervals are written {@code MM-ddTHH:mm=kWh} in 2026 (or
 * {@code yyyy-MM-ddTHH:mm=kWh}) in the tariff's local time; a history {@code yyyy-MM=kW ...}.
 *
 * <p>Tariffs (money per month):
 * <ul>
 *   <li>ELVIA — Elvia's 2026 steps in NOK incl. VAT, hourly, Oslo: 0-2: 150, 2-5: 250, 5-10: 420,
 *       10-15: 585, 15-20: 755, 20 and up: 925 (Elvia's list goes on above 25 kW; the test's
 *       top step is left open at 20); 3 peaks on distinct days;
 *   <li>ELVIA_ANY_DAY — the same without distinct days;
 *   <li>ELVIA_2025_2026 — the 2026 table from 2026-01-01 after a made-up 2025 table from
 *       2025-01-01: 0-2: 130, 2-5: 220, 5-10: 370, 10-15: 520, 15-20: 670, 20 and up: 820;
 *   <li>ELLEVIO — 81.25 SEK per kW (the "about 81" of Ellevio's effektavgift), 3 peaks on distinct
 *       days, 22:00-06:00 counts half, hourly, Stockholm;
 *   <li>WINTER_WEEKDAYS — a made-up Swedish high-load tariff: 100 SEK per kW, weekdays
 *       07:00-19:00, November to March, Stockholm;
 *   <li>FLUVIUS — Flanders' capaciteitstarief at a picked €54 per kW per year = €4.50 per kW per
 *       month, the month's single highest quarter hour, at least 2.5 kW, billed on the average of
 *       the last 12 months, 15-minute intervals, Brussels.
 * </ul>
 */
class CapacityMonthTest {
  private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
  private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
  private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
  private static final double EPS = 1e-9;

  static final StepTable ELVIA_2026 = StepTable.from(LocalDate.parse("2026-01-01"))
      .upTo(2, 150).upTo(5, 250).upTo(10, 420).upTo(15, 585).upTo(20, 755).rest(925);
  static final StepTable MADE_UP_2025 = StepTable.from(LocalDate.parse("2025-01-01"))
      .upTo(2, 130).upTo(5, 220).upTo(10, 370).upTo(15, 520).upTo(20, 670).rest(820);

  private record Home(CapacityTariff tariff, HomeTime time) {}

  private static Home home(String name) {
    return switch (name) {
      case "ELVIA" -> new Home(CapacityTariff.steps("NOK", ELVIA_2026), HomeTime.hourly(OSLO));
      case "ELVIA_ANY_DAY" -> new Home(CapacityTariff.steps("NOK", ELVIA_2026).withPeaks(3, false),
          HomeTime.hourly(OSLO));
      case "ELVIA_2025_2026" -> new Home(CapacityTariff.steps("NOK", ELVIA_2026, MADE_UP_2025), HomeTime.hourly(OSLO));
      case "ELLEVIO" -> new Home(CapacityTariff.perKw("SEK", 81.25)
          .withNightWeight(0.5, DailyWindow.parse("22:00-06:00")), HomeTime.hourly(STOCKHOLM));
      case "WINTER_WEEKDAYS" -> new Home(CapacityTariff.perKw("SEK", 100)
          .withHours(DailyWindow.parse("07:00-19:00")).withWeekdaysOnly()
          .withMonths(Month.NOVEMBER, Month.DECEMBER, Month.JANUARY, Month.FEBRUARY, Month.MARCH),
          HomeTime.hourly(STOCKHOLM));
      case "FLUVIUS" -> new Home(CapacityTariff.perKw("EUR", 54.0 / 12).withPeaks(1, true).withMinimumKw(2.5)
          .withRollingMonths(12), HomeTime.quarterHourly(BRUSSELS));
      default -> throw new IllegalArgumentException(name);
    };
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      // day tops 4.1 (5th), 5.0 (6th), 6.3 (7th), 0.8 (8th): (6.3 + 5.0 + 4.1) / 3 = 15.4 / 3 = 5.1333 -> 5-10: 420
      "top per day across days | ELVIA | - | 01-05T08:00=3.2 01-05T17:00=4.1 01-05T21:00=2.0 01-06T07:00=5.0 01-06T18:00=1.0 01-07T19:00=6.3 01-08T12:00=0.8 | 5.133333333333 | 5.133333333333 | 5.0-10.0 | 420",
      // 7.0 and 6.5 on the 5th count once: (7.0 + 3.0 + 2.0) / 3 = 4.0 -> 2-5: 250
      "two high hours on one day count once | ELVIA | - | 01-05T17:00=7.0 01-05T18:00=6.5 01-06T17:00=3.0 01-07T17:00=2.0 | 4.0 | 4.0 | 2.0-5.0 | 250",
      // without distinct days: (7.0 + 6.5 + 3.0) / 3 = 16.5 / 3 = 5.5 -> 5-10: 420
      "the same without distinct days | ELVIA_ANY_DAY | - | 01-05T17:00=7.0 01-05T18:00=6.5 01-06T17:00=3.0 01-07T17:00=2.0 | 5.5 | 5.5 | 5.0-10.0 | 420",
      // (5 + 5 + 5) / 3 = 5.00 is in 5-10
      "5.00 is in 5-10 | ELVIA | - | 01-05T17:00=5.0 01-06T17:00=5.0 01-07T17:00=5.0 | 5.0 | 5.0 | 5.0-10.0 | 420",
      // (5.2 + 4.9 + 4.9) / 3 = 15.0 / 3 = 5.00
      "5.00 from decimals is in 5-10 | ELVIA | - | 01-05T17:00=5.2 01-06T17:00=4.9 01-07T17:00=4.9 | 5.0 | 5.0 | 5.0-10.0 | 420",
      // (5 + 5 + 4.97) / 3 = 14.97 / 3 = 4.99
      "4.99 is in 2-5 | ELVIA | - | 01-05T17:00=5.0 01-06T17:00=5.0 01-07T17:00=4.97 | 4.99 | 4.99 | 2.0-5.0 | 250",
      "2.00 is in 2-5 | ELVIA | - | 01-05T17:00=2.0 01-06T17:00=2.0 01-07T17:00=2.0 | 2.0 | 2.0 | 2.0-5.0 | 250",
      // (2 + 2 + 1.97) / 3 = 5.97 / 3 = 1.99
      "1.99 is in 0-2 | ELVIA | - | 01-05T17:00=2.0 01-06T17:00=2.0 01-07T17:00=1.97 | 1.99 | 1.99 | 0.0-2.0 | 150",
      // two days for three peaks: (6 + 3) / 2 = 4.5
      "fewer days than peaks | ELVIA | - | 01-05T17:00=6.0 01-06T17:00=3.0 | 4.5 | 4.5 | 2.0-5.0 | 250",
      "nothing yet | ELVIA | - | - | 0 | 0 | 0.0-2.0 | 150",
      // 5.1333 as in the first case, December 2025 on the 2025 table: 5-10 costs 370
      "validFrom: December 2025 | ELVIA_2025_2026 | - | 2025-12-01T17:00=6.3 2025-12-02T17:00=5.0 2025-12-03T17:00=4.1 | 5.133333333333 | 5.133333333333 | 5.0-10.0 | 370",
      "validFrom: January 2026 | ELVIA_2025_2026 | - | 01-05T17:00=6.3 01-06T17:00=5.0 01-07T17:00=4.1 | 5.133333333333 | 5.133333333333 | 5.0-10.0 | 420",
      // 5th: max(23:00 8.0 x 0.5 = 4.0, 18:00 5.0) = 5.0; 6th: 02:00 9.0 x 0.5 = 4.5; 7th: 3.0;
      // 8th: max(22:00 7.0 x 0.5 = 3.5, 21:00 3.2) = 3.5. (5.0 + 4.5 + 3.5) / 3 = 4.3333 kW x 81.25 = 352.0833 SEK
      "Ellevio: 22-06 counts half | ELLEVIO | - | 01-05T23:00=8.0 01-05T18:00=5.0 01-06T02:00=9.0 01-07T12:00=3.0 01-08T22:00=7.0 01-08T21:00=3.2 | 4.333333333333 | 4.333333333333 | - | 352.083333333333",
      // 05:00 9.6 x 0.5 = 4.8; 06:00 is day: 4.9. (4.8 + 4.9) / 2 = 4.85 x 81.25 = 394.0625
      "Ellevio: 06:00 is day again | ELLEVIO | - | 01-05T05:00=9.6 01-06T06:00=4.9 | 4.85 | 4.85 | - | 394.0625",
      // Monday the 5th: 06:00 and 19:00 are outside 07-19, so max(4.0, 5.0) = 5.0; Saturday the 10th
      // does not count; Tuesday the 6th 3.0. (5.0 + 3.0) / 2 = 4.0 x 100 = 400 SEK
      "hours window on weekdays | WINTER_WEEKDAYS | - | 01-05T06:00=9.0 01-05T07:00=4.0 01-05T18:00=5.0 01-05T19:00=8.0 01-10T12:00=9.0 01-06T12:00=3.0 | 4.0 | 4.0 | - | 400",
      // April is not a counted month
      "outside the months | WINTER_WEEKDAYS | - | 04-06T12:00=9.0 | 0 | 0 | - | 0",
      // quarters of 0.5, 0.6, 0.55 kWh are 2.0, 2.4, 2.2 kW; the top 2.4 is below 2.5: 2.5 x 4.50 = 11.25
      "Belgium: the 2.5 kW minimum | FLUVIUS | - | 01-05T18:00=0.5 01-05T18:15=0.6 01-06T08:00=0.55 | 2.5 | 2.5 | - | 11.25",
      // 1.2 kWh x 4 = 4.8 kW x 4.50 = 21.60
      "Belgium: a quarter of 1.2 kWh | FLUVIUS | - | 01-05T18:00=1.2 | 4.8 | 4.8 | - | 21.6",
      // February to December 2025 (January 2025 is 12 months back and left out):
      // 2.5 x 6 + 3.0 + 3.5 + 4.0 + 5.0 + 6.0 = 36.5; (36.5 + 4.8) / 12 = 41.3 / 12 = 3.441667 x 4.50 = 15.4875
      "Belgium: the rolling 12-month average | FLUVIUS | 2025-01=9.0 2025-02=2.5 2025-03=3.0 2025-04=2.5 2025-05=2.5 2025-06=2.5 2025-07=2.5 2025-08=2.5 2025-09=3.5 2025-10=4.0 2025-11=5.0 2025-12=6.0 | 01-05T18:00=1.2 | 4.8 | 3.441666666667 | - | 15.4875",
      // (3.0 + 6.0 + 4.8) / 3 = 13.8 / 3 = 4.6 x 4.50 = 20.70
      "Belgium: a short history | FLUVIUS | 2025-11=3.0 2025-12=6.0 | 01-05T18:00=1.2 | 4.8 | 4.6 | - | 20.7"})
  void monthValueAndFee(String name, String tariff, String history, String intervals, double monthKw, double billedKw,
      String step, double fee) {
    CapacityMonth month = month(tariff, history, intervals);
    assertEquals(monthKw, month.monthKw(), EPS, "month kW");
    assertEquals(billedKw, month.billedKw(), EPS, "billed kW");
    assertEquals(step == null ? "" : step, month.step().map(StepTable.Step::toString).orElse(""));
    assertEquals(fee, month.fee(), EPS, "fee");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      // month (6.0 + 5.5 + 4.0) / 3 = 5.1667 (5-10). A new day must beat 4.0 to count: 5.1667 x 3 - (6.0 + 5.5) = 4.0;
      // it reaches 10 kW at 10 x 3 - 11.5 = 18.5 kWh. Ending at 7.0: (6.0 + 5.5 + 7.0) / 3 = 6.1667, still 420
      "room to the next step | ELVIA | - | 01-05T17:00=6.0 01-06T17:00=5.5 01-07T17:00=4.0 | 01-08T17:00 | 4.0 | 18.5 | 7.0 | 6.166666666667 | 6.166666666667 | 5.0-10.0 | 420 | 0",
      // month (9.5 + 9.0 + 8.0) / 3 = 8.8333. starts at 26.5 - 18.5 = 8.0, limit 30 - 18.5 = 11.5;
      // ending at 12.0: (9.5 + 9.0 + 12.0) / 3 = 10.1667 -> 10-15: 585, 165 NOK more a month
      "into the next step | ELVIA | - | 01-05T17:00=9.5 01-06T17:00=9.0 01-07T17:00=8.0 | 01-08T17:00 | 8.0 | 11.5 | 12.0 | 10.166666666667 | 10.166666666667 | 10.0-15.0 | 585 | 165",
      // ending exactly at the limit: (9.5 + 9.0 + 11.5) / 3 = 10.00, which is in 10-15
      "the limit itself is the next step | ELVIA | - | 01-05T17:00=9.5 01-06T17:00=9.0 01-07T17:00=8.0 | 01-08T17:00 | 8.0 | 11.5 | 11.5 | 10.0 | 10.0 | 10.0-15.0 | 585 | 165",
      // the running hour is on the 5th, whose top 9.5 is the month's highest: it competes with itself,
      // starts at 26.5 - (9.0 + 8.0) = 9.5, limit 30 - 17.0 = 13.0; 12.0 gives (12 + 9 + 8) / 3 = 9.6667, still 420
      "today's top is the month's highest | ELVIA | - | 01-05T17:00=9.5 01-06T17:00=9.0 01-07T17:00=8.0 | 01-05T18:00 | 9.5 | 13.0 | 12.0 | 9.666666666667 | 9.666666666667 | 5.0-10.0 | 420 | 0",
      // without distinct days the same hour competes with all three: starts 8.0, limit 11.5;
      // 12.0 gives (12 + 9.5 + 9.0) / 3 = 10.1667 -> 585
      "without distinct days any interval competes | ELVIA_ANY_DAY | - | 01-05T17:00=9.5 01-06T17:00=9.0 01-07T17:00=8.0 | 01-05T18:00 | 8.0 | 11.5 | 12.0 | 10.166666666667 | 10.166666666667 | 10.0-15.0 | 585 | 165",
      // (21 + 22 + 23) / 3 = 22 is in the open top step: no limit; starts at 66 - 45 = 21;
      // 30 gives (30 + 23 + 22) / 3 = 25, still 925
      "the top step has no limit | ELVIA | - | 01-05T17:00=21.0 01-06T17:00=22.0 01-07T17:00=23.0 | 01-08T17:00 | 21.0 | Infinity | 30.0 | 25.0 | 25.0 | 20.0+ | 925 | 0",
      // one day of 6.0: a second day makes it (6 + x) / 2; starts at 6 x 2 - 6 = 6.0, limit 10 x 2 - 6 = 14.0;
      // 14.0 gives exactly 10.00 -> 585
      "fewer days than peaks | ELVIA | - | 01-05T17:00=6.0 | 01-06T17:00 | 6.0 | 14.0 | 14.0 | 10.0 | 10.0 | 10.0-15.0 | 585 | 165",
      // nothing yet: 0 kW in 0-2, the first hour may use up to 2.0 kWh; 1.99 stays at 150
      "nothing yet this month | ELVIA | - | - | 01-01T00:00 | 0 | 2.0 | 1.99 | 1.99 | 1.99 | 0.0-2.0 | 150 | 0",
      // month (5.0 + 4.5 + 3.5) / 3 = 4.3333 x 81.25 = 352.0833. By day an hour starts to count at
      // 13.0 - 9.5 = 3.5 kWh, + 0.1 margin = 3.6; 4.0 gives (5.0 + 4.5 + 4.0) / 3 = 4.5 x 81.25 = 365.625, 13.5417 more
      "Ellevio by day | ELLEVIO | - | 01-05T18:00=5.0 01-06T02:00=9.0 01-07T12:00=3.5 | 01-08T18:00 | 3.5 | 3.6 | 4.0 | 4.5 | 4.5 | - | 365.625 | 13.541666666667",
      // at night an hour counts half: 3.5 kW counted is 7.0 kWh, + 0.1 = 7.1; 9.0 kWh counts 4.5:
      // (5.0 + 4.5 + 4.5) / 3 = 4.6667 x 81.25 = 379.1667, 27.0833 more
      "Ellevio at night | ELLEVIO | - | 01-05T18:00=5.0 01-06T02:00=9.0 01-07T12:00=3.5 | 01-08T23:00 | 7.0 | 7.1 | 9.0 | 4.666666666667 | 4.666666666667 | - | 379.166666666667 | 27.083333333333",
      // 19:00 is outside 07:00-19:00: the hour does not count at all
      "outside the hours window | WINTER_WEEKDAYS | - | - | 01-05T19:00 | Infinity | Infinity | 9.0 | 0 | 0 | - | 0 | 0",
      // 2.0 kW is below the minimum: month 2.5, billed (36.5 + 2.5) / 12 = 3.25 x 4.50 = 14.625.
      // A quarter may reach 2.5 kW = 0.625 kWh for free, + 0.1 = 0.725; 1.2 kWh = 4.8 kW:
      // (36.5 + 4.8) / 12 = 3.441667 x 4.50 = 15.4875, 0.8625 more (= 2.3 / 12 x 4.50)
      "Belgium: free up to the minimum | FLUVIUS | 2025-02=2.5 2025-03=3.0 2025-04=2.5 2025-05=2.5 2025-06=2.5 2025-07=2.5 2025-08=2.5 2025-09=3.5 2025-10=4.0 2025-11=5.0 2025-12=6.0 | 01-05T18:00=0.5 | 01-06T18:00 | 0.625 | 0.725 | 1.2 | 4.8 | 3.441666666667 | - | 15.4875 | 0.8625",
      // 0.7 kWh = 2.8 kW: (36.5 + 2.8) / 12 = 3.275 x 4.50 = 14.7375, 0.1125 more (= 0.3 / 12 x 4.50)
      "Belgium: just above the minimum | FLUVIUS | 2025-02=2.5 2025-03=3.0 2025-04=2.5 2025-05=2.5 2025-06=2.5 2025-07=2.5 2025-08=2.5 2025-09=3.5 2025-10=4.0 2025-11=5.0 2025-12=6.0 | 01-05T18:00=0.5 | 01-06T18:00 | 0.625 | 0.725 | 0.7 | 2.8 | 3.275 | - | 14.7375 | 0.1125"})
  void headroomAndOutlook(String name, String tariff, String history, String intervals, String running,
      double startsToCount, double limit, double endsAt, double monthKw, double billedKw, String step, double fee,
      double extra) {
    CapacityMonth month = month(tariff, history, intervals);
    Interval interval = home(tariff).time().intervalOf(instant(home(tariff).time(), running));
    Headroom headroom = month.headroom(interval);
    assertEquals(startsToCount, headroom.startsToCountKWh(), EPS, "starts to count");
    assertEquals(limit, headroom.limitKWh(), EPS, "limit");
    Outlook outlook = month.ifEnds(interval, endsAt);
    assertEquals(monthKw, outlook.monthKw(), EPS, "month kW");
    assertEquals(billedKw, outlook.billedKw(), EPS, "billed kW");
    assertEquals(step == null ? "" : step, outlook.step().map(StepTable.Step::toString).orElse(""));
    assertEquals(fee, outlook.fee(), EPS, "fee");
    assertEquals(extra, outlook.extra(), EPS, "extra");
  }

  @Test
  void justBelowTheLimitStaysInTheStep() {
    // as in "into the next step": the limit is 11.5 kWh; 11.499 gives (9.5 + 9.0 + 11.499) / 3 = 9.99967
    CapacityMonth month = month("ELVIA", null, "01-05T17:00=9.5 01-06T17:00=9.0 01-07T17:00=8.0");
    Interval running = HomeTime.hourly(OSLO).intervalOf(instant(HomeTime.hourly(OSLO), "01-08T17:00"));
    assertEquals(0, month.ifEnds(running, 11.499).extra(), EPS);
    assertEquals(165, month.ifEnds(running, 11.5).extra(), EPS);
  }

  @Test
  void theTwoTwoOClockHoursOfOctoberAreOneDay() {
    HomeTime oslo = HomeTime.hourly(OSLO);
    Interval cest = oslo.intervalOf(Instant.parse("2026-10-25T00:00:00Z"));
    Interval cet = oslo.intervalOf(Instant.parse("2026-10-25T01:00:00Z"));
    CapacityMonth october = CapacityMonth.start(CapacityTariff.steps("NOK", ELVIA_2026), oslo, YearMonth.of(2026, 10))
        .record(cest, 7.0)
        .record(cet, 8.0);
    // one day, so one peak: max(7.0, 8.0) = 8.0, alone of three: 8.0 -> 5-10
    assertEquals(List.of(8.0), october.peaks().peaks().stream().map(Peak::kw).toList());
    assertEquals(LocalDate.parse("2026-10-25"), october.peaks().peaks().get(0).day());
    assertEquals(8.0, october.monthKw(), EPS);
    // the hour after the second 02:00 competes with that day's top: n = 1, starts at 8.0;
    // 10 kW is reached at 10.0 kWh
    Headroom three = october.headroom(oslo.intervalOf(Instant.parse("2026-10-25T02:00:00Z")));
    assertEquals(8.0, three.startsToCountKWh(), EPS);
    assertEquals(10.0, three.limitKWh(), EPS);
  }

  @Test
  void theShortDayOfMarchHasItsHoursOnOneDay() {
    HomeTime oslo = HomeTime.hourly(OSLO);
    // 01:00 CET (00:00Z) and 03:00 CEST (01:00Z) follow each other on 29 March
    CapacityMonth march = CapacityMonth.start(CapacityTariff.steps("NOK", ELVIA_2026), oslo, YearMonth.of(2026, 3))
        .record(oslo.intervalOf(Instant.parse("2026-03-29T00:00:00Z")), 6.0)
        .record(oslo.intervalOf(Instant.parse("2026-03-29T01:00:00Z")), 4.0)
        .record(oslo.intervalOf(Instant.parse("2026-03-28T22:30:00Z")), 3.0);
    // 23:00 on the 28th is the 28th's: days 6.0 (29th) and 3.0 (28th), (6 + 3) / 2 = 4.5
    assertEquals(4.5, march.monthKw(), EPS);
  }

  @Test
  void theTrackersFinishedIntervalsFeedTheMonthAndItsEstimateMeetsTheHeadroom() {
    HomeTime oslo = HomeTime.hourly(OSLO);
    IntervalTracker tracker = new IntervalTracker(oslo);
    CapacityMonth month = month("ELVIA", null, "01-05T17:00=9.5 01-06T17:00=9.0 01-07T17:00=8.0");
    // 13:00-14:00 on the 8th at 3 kW (the 14:00 reading stands for 13:59-14:00), then 9 kW until 14:25
    for (IntervalTracker.Result r : IntervalTrackerTest.run(tracker, "2026-01-08T13:00",
        "0:00=3000@10 1..60=3000 61..85=9000")) {
      if (r.finished().isPresent()) {
        month = month.record(r.finished().get());
      }
    }
    // 13:00 finished with 60 x 0.05 = 3.0 kWh: below the 8.0 it had to beat, nothing changes
    assertEquals(8.833333333333, month.monthKw(), EPS);
    IntervalProgress now = tracker.current().orElseThrow();
    Headroom headroom = month.headroom(now.interval());
    // as in "into the next step": the hour may use up to 11.5 kWh
    assertEquals(11.5, headroom.limitKWh(), EPS);
    // E = 25 x 0.15 = 3.75 kWh; Ê = 3.75 + 9 x 35/60 = 3.75 + 5.25 = 9.0 kWh, under 11.5
    assertEquals(3.75, now.energyKWh(), EPS);
    assertEquals(9.0, now.estimateKWh(), EPS);
    // reduce against the limit: 9 - (11.5 - 3.75) / (35/60) = 9 - 13.285714 = -4.285714 kW to spare
    assertEquals(-4.285714285714, now.reduceKw(headroom.limitKWh()), EPS);
  }

  @Test
  void aNewLocalMonthStartsAfresh() {
    Home elvia = home("ELVIA");
    CapacityMonth january = month("ELVIA", null, "01-30T17:00=9.0 01-31T23:00=9.0");
    assertEquals(YearMonth.of(2026, 1), january.month());
    // 00:00 on 1 February in Oslo is 23:00Z on 31 January: a February hour
    Interval firstOfFebruary = elvia.time().intervalOf(Instant.parse("2026-01-31T23:00:00Z"));
    CapacityMonth february = january.record(firstOfFebruary, 2.0);
    assertEquals(YearMonth.of(2026, 2), february.month());
    assertEquals(List.of(2.0), february.peaks().peaks().stream().map(Peak::kw).toList());
    // 2.0 alone: 2-5 at 250
    assertEquals(2.0, february.monthKw(), EPS);
    assertEquals(250, february.fee(), EPS);
    assertTrue(february.history().months().isEmpty(), "Elvia bills each month alone");
    // a late January hour changes nothing any more
    Interval lateJanuary = elvia.time().intervalOf(instant(elvia.time(), "01-29T17:00"));
    assertSame(february, february.record(lateJanuary, 12.0));
  }

  @Test
  void belgiumCarriesEachMonthIntoItsRollingAverage() {
    Home fluvius = home("FLUVIUS");
    CapacityMonth january = month("FLUVIUS", "2025-01=9.0 2025-02=2.5 2025-12=6.0", "01-05T18:00=1.2");
    CapacityMonth february = january.record(fluvius.time().intervalOf(instant(fluvius.time(), "02-02T18:00")), 0.5);
    // January's 4.8 joins the history; 2025-01 and 2025-02 are more than 11 months before February 2026
    assertEquals(Map.of(YearMonth.of(2025, 12), 6.0, YearMonth.of(2026, 1), 4.8), february.history().months());
    // February: 0.5 kWh = 2.0 kW -> 2.5 minimum; billed (6.0 + 4.8 + 2.5) / 3 = 13.3 / 3 = 4.4333 x 4.50 = 19.95
    assertEquals(2.5, february.monthKw(), EPS);
    assertEquals(4.433333333333, february.billedKw(), EPS);
    assertEquals(19.95, february.fee(), EPS);
  }

  @Test
  void headroomInALaterMonthIsTheLaterMonths() {
    CapacityMonth january = month("ELVIA", null, "01-05T17:00=9.5 01-06T17:00=9.0 01-07T17:00=8.0");
    Interval february = HomeTime.hourly(OSLO).intervalOf(instant(HomeTime.hourly(OSLO), "02-01T17:00"));
    // nothing in February yet: 0-2, the hour may use 2.0 kWh
    assertEquals(2.0, january.headroom(february).limitKWh(), EPS);
  }

  @Test
  void peaksAndHistoryPersistAsJsonAndRestoreTheSameMonth() throws Exception {
    ObjectMapper json = Json.mapper();
    CapacityMonth month = month("FLUVIUS", "2025-11=3.0 2025-12=6.0", "01-05T18:00=1.2 01-06T08:00=0.55");
    String peaks = json.writeValueAsString(month.peaks());
    String history = json.writeValueAsString(month.history());
    CapacityMonth restored = CapacityMonth.of(home("FLUVIUS").tariff(), home("FLUVIUS").time(),
        json.readValue(peaks, MonthPeaks.class), json.readValue(history, PeakHistory.class));
    assertEquals(month.peaks(), restored.peaks());
    assertEquals(month.history(), restored.history());
    assertEquals(4.6, restored.billedKw(), EPS);
    assertTrue(peaks.contains("\"2026-01-05\""), peaks);
    assertTrue(history.contains("\"2025-11\""), history);
  }

  @Test
  void theTableInForceIsTheLatestStartedOne() {
    Pricing.Steps steps = new Pricing.Steps(List.of(ELVIA_2026, MADE_UP_2025));
    assertSame(MADE_UP_2025, steps.tableOn(LocalDate.parse("2025-12-31")));
    assertSame(ELVIA_2026, steps.tableOn(LocalDate.parse("2026-01-01")));
    assertSame(ELVIA_2026, steps.tableOn(LocalDate.parse("2030-06-01")));
    // before the first table, the first applies
    assertSame(MADE_UP_2025, steps.tableOn(LocalDate.parse("2024-06-01")));
  }

  @Test
  void aMonthIsPricedByTheTableInForceOnItsFirstDay() {
    StepTable fromMidJuly = StepTable.from(LocalDate.parse("2026-07-15")).upTo(10, 1).rest(2);
    CapacityTariff tariff = CapacityTariff.steps("NOK", ELVIA_2026, fromMidJuly);
    CapacityMonth july = CapacityMonth.start(tariff, HomeTime.hourly(OSLO), YearMonth.of(2026, 7));
    CapacityMonth august = CapacityMonth.start(tariff, HomeTime.hourly(OSLO), YearMonth.of(2026, 8));
    // 0 kW: Elvia's 0-2 in July, the new table's 0-10 from August
    assertEquals(150, july.fee(), EPS);
    assertEquals(1, august.fee(), EPS);
  }

  private static CapacityMonth month(String tariff, String history, String intervals) {
    Home home = home(tariff);
    CapacityMonth month = CapacityMonth.of(home.tariff(), home.time(), MonthPeaks.empty(YearMonth.of(2026, 1)),
        history(history));
    if (intervals == null) {
      return month;
    }
    boolean first = true;
    for (String token : intervals.trim().split("\\s+")) {
      String[] sides = token.split("=");
      Interval interval = home.time().intervalOf(instant(home.time(), sides[0]));
      if (first) {
        month = CapacityMonth.of(home.tariff(), home.time(), MonthPeaks.empty(home.time().monthOf(interval.start())),
            month.history());
        first = false;
      }
      month = month.record(interval, Double.parseDouble(sides[1]));
    }
    return month;
  }

  private static PeakHistory history(String text) {
    if (text == null) {
      return PeakHistory.empty();
    }
    Map<YearMonth, Double> months = new HashMap<>();
    for (String token : text.trim().split("\\s+")) {
      String[] sides = token.split("=");
      months.put(YearMonth.parse(sides[0]), Double.parseDouble(sides[1]));
    }
    return new PeakHistory(months);
  }

  private static Instant instant(HomeTime time, String local) {
    String full = local.length() == "MM-ddTHH:mm".length() ? "2026-" + local : local;
    return LocalDateTime.parse(full).atZone(time.zone()).toInstant();
  }
}
