package dev.powerwatch.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Intervals, days and months on the meter's clock. Oslo is UTC+1 in winter and UTC+2 in summer;
 * in 2026 the clock goes 02:00 -> 03:00 on 29 March at 01:00Z and 03:00 -> 02:00 on 25 October
 * at 01:00Z.
 */
class HomeTimeTest {
  private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");

  @ParameterizedTest(name = "{0}: {2} in {1}-minute intervals is {3} - {4}")
  @CsvSource(delimiter = '|', value = {
      // a winter hour: 13:37+01:00 = 12:37Z, so 13:00-14:00 local = 12:00Z-13:00Z
      "winter hour               | 60 | 2026-11-22T12:37:00Z | 2026-11-22T12:00:00Z | 2026-11-22T13:00:00Z",
      // the start belongs to the interval, the end does not
      "start is inside           | 60 | 2026-11-22T12:00:00Z | 2026-11-22T12:00:00Z | 2026-11-22T13:00:00Z",
      "end is the next one       | 60 | 2026-11-22T12:59:59Z | 2026-11-22T12:00:00Z | 2026-11-22T13:00:00Z",
      // 29 March: 01:00-02:00 CET = 00:00Z-01:00Z, then 03:00 CEST = 01:00Z
      "before the spring jump    | 60 | 2026-03-29T00:59:59Z | 2026-03-29T00:00:00Z | 2026-03-29T01:00:00Z",
      "after the spring jump     | 60 | 2026-03-29T01:00:00Z | 2026-03-29T01:00:00Z | 2026-03-29T02:00:00Z",
      // 25 October: 02:00-03:00 CEST = 00:00Z-01:00Z, then 02:00-03:00 CET = 01:00Z-02:00Z
      "first 02:00 in October    | 60 | 2026-10-25T00:30:00Z | 2026-10-25T00:00:00Z | 2026-10-25T01:00:00Z",
      "second 02:00 in October   | 60 | 2026-10-25T01:30:00Z | 2026-10-25T01:00:00Z | 2026-10-25T02:00:00Z",
      // 13:37 local = 12:37Z is in 13:30-13:45 local
      "winter quarter            | 15 | 2026-11-22T12:37:00Z | 2026-11-22T12:30:00Z | 2026-11-22T12:45:00Z",
      // 01:50 CET (00:50Z) is in 01:45-02:00 CET, the last quarter before the jump to 03:00
      "quarter before spring     | 15 | 2026-03-29T00:50:00Z | 2026-03-29T00:45:00Z | 2026-03-29T01:00:00Z",
      "quarter after spring      | 15 | 2026-03-29T01:05:00Z | 2026-03-29T01:00:00Z | 2026-03-29T01:15:00Z",
      // 02:50 CEST = 00:50Z and 02:50 CET = 01:50Z: both labelled 02:45 local, an hour apart
      "first 02:45 in October    | 15 | 2026-10-25T00:50:00Z | 2026-10-25T00:45:00Z | 2026-10-25T01:00:00Z",
      "second 02:45 in October   | 15 | 2026-10-25T01:50:00Z | 2026-10-25T01:45:00Z | 2026-10-25T02:00:00Z"})
  void intervalsInOslo(String name, int minutes, Instant at, Instant start, Instant end) {
    HomeTime time = new HomeTime(OSLO, Duration.ofMinutes(minutes));
    assertEquals(new Interval(start, end), time.intervalOf(at));
  }

  @ParameterizedTest(name = "{0} has {1} hours, {2} hourly and {3} quarter-hour intervals")
  @CsvSource({
      "2026-03-29, 23, 23, 92",   // 23 h x 4 = 92
      "2026-10-25, 25, 25, 100",  // 25 h x 4 = 100
      "2026-11-22, 24, 24, 96"})
  void daysOfTheClockChanges(LocalDate day, int hours, int hourly, int quarters) {
    assertEquals(Duration.ofHours(hours), HomeTime.hourly(OSLO).lengthOf(day));
    assertEquals(hourly, HomeTime.hourly(OSLO).intervalsOf(day).size());
    assertEquals(quarters, HomeTime.quarterHourly(OSLO).intervalsOf(day).size());
  }

  @Test
  void theSpringDaySkipsTwoOClock() {
    List<String> labels = HomeTime.hourly(OSLO).intervalsOf(LocalDate.parse("2026-03-29")).stream()
        .map(i -> i.start().atZone(OSLO).toLocalTime().toString())
        .toList();
    assertEquals(List.of("00:00", "01:00", "03:00"), labels.subList(0, 3));
  }

  @Test
  void theAutumnDayHasTwoHoursLabelledTwoOClock() {
    List<Interval> day = HomeTime.hourly(OSLO).intervalsOf(LocalDate.parse("2026-10-25"));
    Interval first = day.get(2);
    Interval second = day.get(3);
    assertEquals("02:00", first.start().atZone(OSLO).toLocalTime().toString());
    assertEquals("02:00", second.start().atZone(OSLO).toLocalTime().toString());
    assertNotEquals(first.start(), second.start());
    assertEquals(first.end(), second.start());
    assertEquals(Duration.ofHours(1), first.length());
    assertEquals(Duration.ofHours(1), second.length());
  }

  @Test
  void intervalsOfADayTileItWithoutGapsOrOverlaps() {
    for (HomeTime time : List.of(HomeTime.hourly(OSLO), HomeTime.quarterHourly(OSLO))) {
      for (String day : List.of("2026-03-29", "2026-10-25")) {
        List<Interval> intervals = time.intervalsOf(LocalDate.parse(day));
        assertEquals(time.startOf(LocalDate.parse(day)), intervals.get(0).start());
        for (int i = 1; i < intervals.size(); i++) {
          assertEquals(intervals.get(i - 1).end(), intervals.get(i).start());
          assertEquals(time.interval(), intervals.get(i).length());
        }
        assertEquals(time.startOf(LocalDate.parse(day).plusDays(1)), intervals.get(intervals.size() - 1).end());
      }
    }
  }

  @ParameterizedTest(name = "{0} is on {1} in {2} in Oslo")
  @CsvSource({
      // 23:30Z on 31 January is 00:30 on 1 February in Oslo (UTC+1)
      "2026-01-31T23:30:00Z, 2026-02-01, 2026-02",
      "2026-01-31T22:59:59Z, 2026-01-31, 2026-01",
      // 22:30Z on 31 May is 00:30 on 1 June in Oslo (UTC+2)
      "2026-05-31T22:30:00Z, 2026-06-01, 2026-06",
      "2026-12-31T23:00:00Z, 2027-01-01, 2027-01"})
  void daysAndMonthsAreLocal(Instant at, LocalDate day, YearMonth month) {
    HomeTime time = HomeTime.hourly(OSLO);
    assertEquals(day, time.dayOf(at));
    assertEquals(month, time.monthOf(at));
  }

  @ParameterizedTest(name = "{0} min: {1} kWh is {2} kW")
  @CsvSource({
      "60, 4.2, 4.2",   // kWh per hour
      "15, 1.2, 4.8",   // 1.2 kWh in a quarter = 1.2 x 4
      "15, 0.5, 2.0"})
  void energyOfAnIntervalAsAveragePower(int minutes, double kWh, double kw) {
    HomeTime time = new HomeTime(OSLO, Duration.ofMinutes(minutes));
    assertEquals(kw, time.averageKw(kWh), 1e-12);
    assertEquals(kWh, time.energyAt(kw), 1e-12);
  }

  @Test
  void aHalfHourJumpCutsTheHourAroundIt() {
    // Lord Howe Island: +11:00 in summer, +10:30 in winter; on 2026-10-04 02:00 local becomes
    // 02:30 at 15:30Z (02:00+10:30). The hour 02:00-03:00 local then runs 02:30-03:00 only.
    HomeTime time = HomeTime.hourly(ZoneId.of("Australia/Lord_Howe"));
    Interval cut = time.intervalOf(Instant.parse("2026-10-03T15:45:00Z"));
    assertEquals(new Interval(Instant.parse("2026-10-03T15:30:00Z"), Instant.parse("2026-10-03T16:00:00Z")), cut);
    Interval before = time.intervalOf(Instant.parse("2026-10-03T15:29:59Z"));
    assertEquals(new Interval(Instant.parse("2026-10-03T14:30:00Z"), Instant.parse("2026-10-03T15:30:00Z")), before);
  }

  @Test
  void onlySixtyOrFifteenMinutes() {
    assertThrows(IllegalArgumentException.class, () -> new HomeTime(OSLO, Duration.ofMinutes(30)));
  }
}
