package dev.powerwatch.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The running interval as scripts of readings, in minutes after a start time in Oslo:
 * <ul>
 *   <li>{@code m:ss=W@kWh} one reading with its power and accumulatedConsumption;
 *   <li>{@code m:ss=W} one reading whose counter follows its power from the reading before
 *       (each reading's power stands for the time since the one before it);
 *   <li>{@code a..b=W} such readings every whole minute from minute a to minute b.
 * </ul>
 * A minute may be negative or beyond 59. At 3 kW a minute is 0.05 kWh, at 6 kW 0.1, at 9 kW 0.15,
 * at 12 kW 0.2.
 */
class IntervalTrackerTest {
  private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
  private static final String MONDAY_13 = "2026-11-23T13:00";
  private static final double EPS = 1e-9;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // E = 20 x 0.05 + 5 x 0.15 = 1.00 + 0.75 = 1.75 kWh
      // P̄ = the readings of minutes 21..25 each stand for a minute at 9 kW -> 9000 W
      // Ê = 1.75 + 9 kW x 35/60 h = 1.75 + 5.25 = 7.00 kWh
      // reduce(5) = 9 - (5 - 1.75) / (35/60) = 9 - 5.571429 = 3.428571 kW
      "minute 25 of 20 min at 3 kW then 9 kW | 60 | -1:00=3000@10 0..20=3000 21..25=9000 | 1.75 | 9000 | 7.00 | 9000 | 5 | 3.428571428571",
      // E = 20 x 0.05 + 2 x 0.15 = 1.30 kWh
      // P̄ over minutes 17..22 = (3 min x 3 kW + 2 min x 9 kW) / 5 = 27/5 = 5.4 kW
      // Ê = 1.30 + 5.4 x 38/60 = 1.30 + 3.42 = 4.72 kWh
      // reduce(5) = 9 - (5 - 1.30) / (38/60) = 9 - 5.842105 = 3.157895 kW
      "minute 22, the window still half at 3 kW | 60 | -1:00=3000@10 0..20=3000 21..22=9000 | 1.30 | 5400 | 4.72 | 9000 | 5 | 3.157894736842",
      // E = 20 x 0.05 + 38 x 0.15 = 1.00 + 5.70 = 6.70 kWh; Ê = 6.70 + 9 x 2/60 = 7.00 kWh
      // 2 min left, so T = 3 min: reduce(7.5) = 9 - (7.5 - 6.70) / (3/60) = 9 - 16 = -7 kW
      // (with T = 2 min it would be 9 - 24 = -15)
      "minute 58: at least 3 minutes to act | 60 | -1:00=3000@10 0..20=3000 21..58=9000 | 6.70 | 9000 | 7.00 | 9000 | 7.5 | -7",
      // first reading at 13:00 exactly; readings at 1:00 (2 kW) and 2:00 (4 kW)
      // E = 2 kW x 1/60 + 4 kW x 1/60 = 0.1 kWh
      // P̄ reaches back only 2 minutes: (2 + 4) / 2 = 3 kW; Ê = 0.1 + 3 x 58/60 = 0.1 + 2.9 = 3.0 kWh
      // reduce(5) = 4 - (5 - 0.1) / (58/60) = 4 - 5.068966 = -1.068966 kW
      "P̄ within reach after the first reading | 60 | 0:00=2000@5 1:00=2000 2:00=4000 | 0.1 | 3000 | 3.0 | 4000 | 5 | -1.068965517241",
      // uneven readings, weighted by time: 0..2 at 1 kW (2 min), 2:00-2:30 at 7 kW (0.5 min),
      // 2:30-5:00 at 4 kW (2.5 min): P̄ = (2 + 3.5 + 10) / 5 = 15.5/5 = 3.1 kW, last minute 4 kW
      // E = 15.5 kW min / 60 = 0.258333 kWh; Ê = 0.258333 + 3.1 x 55/60 = 0.258333 + 2.841667 = 3.1 kWh
      // reduce(5) = 4 - (5 - 0.258333) / (55/60) = 4 - 5.172727 = -1.172727 kW
      "time-weighted over uneven readings | 60 | 0:00=1000@1 1:00=1000 2:00=1000 2:30=7000 3:15=4000 4:00=4000 5:00=4000 | 0.258333333333 | 3100 | 3.1 | 4000 | 5 | -1.172727272727",
      // quarter hours: E at minute 8 = 5 x 0.1 + 3 x 0.2 = 1.1 kWh
      // P̄ over minutes 3..8 = (2 x 6 + 3 x 12) / 5 = 48/5 = 9.6 kW; Ê = 1.1 + 9.6 x 7/60 = 1.1 + 1.12 = 2.22 kWh
      // reduce(1.75) = 12 - (1.75 - 1.1) / (7/60) = 12 - 5.571429 = 6.428571 kW
      "quarter hour: minute 8 of 6 kW then 12 kW | 15 | -1:00=6000@20 0..5=6000 6..8=12000 | 1.1 | 9600 | 2.22 | 12000 | 1.75 | 6.428571428571"})
  void estimateAndCut(String name, int minutes, String script, double energy, double averageW, double estimate,
      double lastMinuteW, double limit, double reduceKw) {
    IntervalTracker tracker = new IntervalTracker(new HomeTime(OSLO, Duration.ofMinutes(minutes)));
    run(tracker, MONDAY_13, script);
    IntervalProgress now = tracker.current().orElseThrow();
    assertEquals(energy, now.energyKWh(), EPS, "E");
    assertEquals(averageW, now.averagePowerW(), EPS, "P̄");
    assertEquals(estimate, now.estimateKWh(), EPS, "Ê");
    assertEquals(lastMinuteW, now.lastMinutePowerW(), EPS, "last minute");
    assertEquals(reduceKw, now.reduceKw(limit), EPS, "reduce");
    assertTrue(now.confident(), now.doubts().toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // 10 x 0.05 = 0.5 kWh; readings 60 s apart are no gap
      "readings every minute | 0:00=3000@10 1..10=3000 | 0.5 | '' | 0",
      // 0.5 + 3 kW x 2.5/60 h = 0.5 + 0.125 = 0.625 kWh; 150 s > 60 s
      "a gap of 150 s | 0:00=3000@10 1..10=3000 12:30=3000 | 0.625 | GAP | 0",
      // lead-in 3 kW x 20/60 h = 1.0, then 5 x 0.05 = 0.25: 1.25 kWh
      "first reading at minute 20 | 20:00=3000@10 21..25=3000 | 1.25 | NO_EARLIER_READING | 0",
      // 1:30 arrives after 2:00 and is ignored: 3 x 0.05 = 0.15 kWh
      "out of order | 0:00=3000@10 1:00=3000@10.05 2:00=3000@10.10 1:30=9000@10.2 3:00=3000@10.15 | 0.15 | OUT_OF_ORDER | 1",
      // the same timestamp twice is one reading: 2 x 0.05 = 0.10 kWh
      "a duplicate | 0:00=3000@10 1:00=3000@10.05 1:00=3000@10.05 2:00=3000@10.10 | 0.10 | '' | 0",
      // 0.05 + 0 (stale) + 0.10 (catches up) = 0.15 kWh
      "a stale counter catches up | 0:00=3000@10 1:00=3000@10.05 2:00=3000@10.05 3:00=3000@10.15 | 0.15 | '' | 0",
      // 0.05, then the counter falls: that minute from power, 3 kW x 1/60 = 0.05, then 9.90 -> 9.95: 0.05
      "the counter goes back | 0:00=3000@10 1:00=3000@10.05 2:00=3000@9.90 3:00=3000@9.95 | 0.15 | COUNTER_WENT_BACK | 0"})
  void confidence(String name, String script, double energy, String doubts, long outOfOrder) {
    IntervalTracker tracker = new IntervalTracker(HomeTime.hourly(OSLO));
    run(tracker, MONDAY_13, script);
    IntervalProgress now = tracker.current().orElseThrow();
    assertEquals(energy, now.energyKWh(), EPS, "E");
    assertEquals(doubts, now.doubts().stream().map(Enum::name).collect(Collectors.joining(" ")));
    assertEquals(doubts.isEmpty(), now.confident());
    assertEquals(outOfOrder, tracker.outOfOrder());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // 59 x 0.05 = 2.95 to 13:59; 13:59:00-13:59:40 and 13:59:40-14:00:20 at 6 kW are 40 s each,
      // 6 x 40/3600 = 0.066667 kWh: all of the first and half of the second go to 13:00:
      // 2.95 + 0.066667 + 0.033333 = 3.05 kWh; 14:00 has 0.033333 so far
      "an hour split by time | 60 | 2026-11-23T13:00 | 0:00=3000@10 1..59=3000 59:40=6000 60:20=6000 | 13:00+01:00=3.0500 | 0.0333",
      // quarter hours: 15 x 0.1 = 1.5 kWh in 13:00-13:15; one minute (0.1) of the next
      "a quarter hour | 15 | 2026-11-23T13:00 | 0:00=6000@20 1..16=6000 | 13:00+01:00=1.5000 | 0.1000",
      // counter 37.00 at 23:00, 39.95 at 23:59, 39.975 at 23:59:30; reset to 0.025 at 00:00:30:
      // 23:00 = 2.95 + 0.025 + 3 kW x 30 s (0.025, from power) = 3.00 kWh; 00:00 starts at 0.025
      "midnight: the counter restarts | 60 | 2026-11-22T23:00 | 0:00=3000@37 1..59=3000 59:30=3000 60:30=3000@0.025 | 23:00+01:00=3.0000 | 0.0250",
      // not reset at 00:00:30 (40.025 = 39.975 + 0.05 over 60 s, split 0.025 / 0.025 at midnight),
      // reset at 00:01 to 0.05: only 0.05 - 0.025 counted since midnight = 0.025 more
      // 23:00 = 2.95 + 0.025 + 0.025 = 3.00; 00:00 = 0.025 + 0.025 = 0.05
      "midnight: the counter restarts late | 60 | 2026-11-22T23:00 | 0:00=3000@37 1..59=3000 59:30=3000 60:30=3000@40.025 61:00=3000@0.05 | 23:00+01:00=3.0000 | 0.0500",
      // 50 x 0.05 = 2.5 by 13:50; 13:50 -> 15:10 is 80 min and 4.0 kWh: 10/80 x 4.0 = 0.5 to each end,
      // 14:00-15:00 lies in the gap and is not reported
      "a gap over a whole hour | 60 | 2026-11-23T13:00 | 0:00=3000@10 1..50=3000 130:00=3000@16.5 | 13:00+01:00=3.0000 GAP | 0.5000",
      // 29 March: 01:00 CET is 00:00Z; minute 60 is 03:00 CEST. 60 x 2/60 = 2.0 kWh per hour
      "29 March: 01:00 then 03:00 | 60 | 2026-03-29T01:00 | 0:00=2000@5 1..61=2000 | 01:00+01:00=2.0000 | 0.0333",
      // 25 October: 01:00 CEST is 23:00Z; minutes 60 and 120 are both 02:00 local, CEST then CET
      "25 October: two hours at 02:00 | 60 | 2026-10-25T01:00 | 0:00=2000@5 1..181=2000 | 01:00+02:00=2.0000 02:00+02:00=2.0000 02:00+01:00=2.0000 | 0.0333",
      "25 October in quarters | 15 | 2026-10-25T02:30 | 0:00=2000@5 1..76=2000 | 02:30+02:00=0.5000 02:45+02:00=0.5000 02:00+01:00=0.5000 02:15+01:00=0.5000 02:30+01:00=0.5000 | 0.0333",
      // the first interval began before the first reading: 3 kW x 30/60 = 1.5 lead-in + 30 x 0.05 = 3.0
      "the first interval | 60 | 2026-11-23T13:30 | 0:00=3000@10 1..31=3000 | 13:00+01:00=3.0000 NO_EARLIER_READING | 0.0500"})
  void finishedIntervals(String name, int minutes, String start, String script, String finished, double energyNow) {
    IntervalTracker tracker = new IntervalTracker(new HomeTime(OSLO, Duration.ofMinutes(minutes)));
    List<IntervalEnergy> closed = new ArrayList<>();
    for (IntervalTracker.Result result : run(tracker, start, script)) {
      result.finished().ifPresent(closed::add);
    }
    assertEquals(finished, closed.stream().map(IntervalTrackerTest::describe).collect(Collectors.joining(" ")));
    assertEquals(energyNow, tracker.current().orElseThrow().energyKWh(), 5e-5);
  }

  @Test
  void aFinishedIntervalIsReportedOnceByTheReadingThatLeavesIt() {
    IntervalTracker tracker = new IntervalTracker(HomeTime.hourly(OSLO));
    List<IntervalTracker.Result> results = run(tracker, MONDAY_13, "0:00=3000@10 1..59=3000 59:59=3000 60:00=3000 60:30=3000");
    List<Integer> closing = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i).finished().isPresent()) {
        closing.add(i);
      }
    }
    // readings 0..59 (60 of them), 59:59 at index 60, 60:00 at index 61
    assertEquals(List.of(61), closing);
    IntervalEnergy hour = results.get(61).finished().orElseThrow();
    assertEquals(Instant.parse("2026-11-23T12:00:00Z"), hour.start());
    assertEquals(Instant.parse("2026-11-23T13:00:00Z"), hour.end());
    // 60 minutes at 3 kW
    assertEquals(3.0, hour.kWh(), EPS);
    assertTrue(hour.confident());
  }

  @Test
  void afterAGapIntoANewHourTibbersCountOfTheHourBeatsSpreadingTheGapEvenly() {
    // 13:00-13:50 at 3 kW (2.5 kWh), no reading until 14:30: 10 minutes at 1 kW and 30 at 9 kW,
    // 0.1667 + 4.5 kWh. Spread evenly, 14:00 would get 30/40 of 4.6667 = 3.5 kWh; Tibber counted 4.5.
    IntervalTracker tracker = new IntervalTracker(HomeTime.hourly(OSLO));
    run(tracker, MONDAY_13, "0:00=3000@10 1..50=3000");
    double counter = 10 + 2.5 + 1.0 / 6 + 4.5;
    tracker.accept(new Reading(Instant.parse("2026-11-23T13:30:00Z"), 9000, counter, 4.5));
    assertEquals(4.5, tracker.current().orElseThrow().energyKWh(), EPS);

    IntervalTracker early = new IntervalTracker(HomeTime.hourly(OSLO));
    run(early, MONDAY_13, "0:00=3000@10 1..50=3000");
    early.accept(new Reading(Instant.parse("2026-11-23T13:02:00Z"), 9000, 10 + 2.5 + 1.0 / 6 + 0.3, 0.3));
    assertEquals((1.0 / 6 + 0.3) * 2 / 12, early.current().orElseThrow().energyKWh(), EPS,
        "two minutes in, the count may still be the last hour's: the gap is spread by time");
  }

  @Test
  void anIgnoredReadingSaysSoAndChangesNothing() {
    IntervalTracker tracker = new IntervalTracker(HomeTime.hourly(OSLO));
    run(tracker, MONDAY_13, "0:00=3000@10 1:00=3000@10.05 2:00=3000@10.10");
    IntervalTracker.Result late = tracker.accept(new Reading(Instant.parse("2026-11-23T12:01:00Z"), 9000, 10.2));
    assertTrue(late.ignored());
    assertEquals(0.10, late.progress().energyKWh(), EPS);
    assertEquals(Set.of(Doubt.OUT_OF_ORDER), late.progress().doubts());
  }

  @Test
  void confidenceComesBackWithTheNextInterval() {
    IntervalTracker tracker = new IntervalTracker(HomeTime.hourly(OSLO));
    run(tracker, MONDAY_13, "0:00=3000@10 10:00=3000 30..61=3000");
    IntervalProgress next = tracker.current().orElseThrow();
    assertEquals(EnumSet.noneOf(Doubt.class), next.doubts());
    assertFalse(tracker.accept(new Reading(Instant.parse("2026-11-23T13:01:30Z"), 3000, 13.075)).ignored());
  }

  @Test
  void aLongerGapLimitAcceptsSparseReadings() {
    IntervalTracker tracker = new IntervalTracker(HomeTime.hourly(OSLO),
        new IntervalTracker.Settings(Duration.ofMinutes(5), Duration.ofSeconds(180)));
    run(tracker, MONDAY_13, "0:00=3000@10 2:30=3000 5:00=3000");
    assertTrue(tracker.current().orElseThrow().confident());
  }

  private static String describe(IntervalEnergy e) {
    String local = e.start().atZone(OSLO).format(DateTimeFormatter.ofPattern("HH:mmxxx"));
    String doubts = e.doubts().stream().map(d -> " " + d.name()).collect(Collectors.joining());
    return local + "=" + String.format(Locale.ROOT, "%.4f", e.kWh()) + doubts;
  }

  /** Feeds a script (see the class comment) to the tracker; the results in order. */
  static List<IntervalTracker.Result> run(IntervalTracker tracker, String start, String script) {
    Instant base = LocalDateTime.parse(start).atZone(OSLO).toInstant();
    List<IntervalTracker.Result> results = new ArrayList<>();
    Reading previous = null;
    for (String token : script.trim().split("\\s+")) {
      String[] sides = token.split("=");
      List<Instant> times = new ArrayList<>();
      if (sides[0].contains("..")) {
        String[] range = sides[0].split("\\.\\.");
        for (int m = Integer.parseInt(range[0]); m <= Integer.parseInt(range[1]); m++) {
          times.add(base.plus(Duration.ofMinutes(m)));
        }
      } else {
        times.add(base.plus(minutes(sides[0])));
      }
      String[] value = sides[1].split("@");
      double power = Double.parseDouble(value[0]);
      for (Instant at : times) {
        double counter = value.length > 1 ? Double.parseDouble(value[1])
            : previous.accumulatedKWh() + power / 1000 * Duration.between(previous.at(), at).toMillis() / 3_600_000.0;
        previous = new Reading(at, power, counter);
        results.add(tracker.accept(previous));
      }
    }
    return results;
  }

  private static Duration minutes(String text) {
    boolean negative = text.startsWith("-");
    String[] parts = (negative ? text.substring(1) : text).split(":");
    Duration d = Duration.ofMinutes(Long.parseLong(parts[0])).plusSeconds(Long.parseLong(parts[1]));
    return negative ? d.negated() : d;
  }
}
