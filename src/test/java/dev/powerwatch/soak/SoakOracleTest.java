package dev.powerwatch.soak;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.powerwatch.soak.SoakOracle.Episode;
import dev.powerwatch.soak.SoakOracle.Expected;
import dev.powerwatch.soak.SoakOracle.Reading;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The soak's oracle, by hand: which alerts the readings make, and which notices each must bring. */
class SoakOracleTest {
  private static final SoakOracle PROMPT = new SoakOracle(Duration.ZERO, Duration.ofMinutes(1));

  /** Readings a minute apart from {@code from} (local time), one per value. */
  private static List<Reading> readings(String from, double... watts) {
    List<Reading> readings = new ArrayList<>();
    for (int i = 0; i < watts.length; i++) {
      readings.add(new Reading(at(from).plus(Duration.ofMinutes(i)), watts[i]));
    }
    return readings;
  }

  private static Instant at(String local) {
    return LocalDateTime.parse("2026-03-10T" + local).atZone(SoakPlan.ZONE).toInstant();
  }

  private static double[] repeat(double watts, int minutes) {
    double[] values = new double[minutes];
    java.util.Arrays.fill(values, watts);
    return values;
  }

  private static double[] concat(double[]... parts) {
    return java.util.Arrays.stream(parts).flatMapToDouble(java.util.Arrays::stream).toArray();
  }

  @Test
  void aBlipShorterThanForMakesNoAlert() {
    assertEquals(List.of(), SoakOracle.episodes(readings("10:00", concat(repeat(900, 3), repeat(4000, 5),
        repeat(900, 3)))));
  }

  @Test
  void anAlertFiresOnceTheHighHasLastedForAndResolvesBelowClear() {
    List<Episode> episodes = SoakOracle.episodes(readings("10:00", concat(repeat(900, 2), repeat(4000, 20),
        repeat(2_700, 30), repeat(2_000, 5))));
    assertEquals(List.of(new Episode(at("10:07"), at("10:52"))), episodes,
        "fires 5 minutes after the high began; the plateau between clear and threshold keeps it firing");
  }

  @Test
  void aPlateauReachedFromBelowNeverFires() {
    assertEquals(List.of(), SoakOracle.episodes(readings("10:00", repeat(2_900, 120))));
  }

  @Test
  void anAlertStillFiringAtTheEndHasNoResolvedTime() {
    assertEquals(List.of(new Episode(at("10:05"), null)), SoakOracle.episodes(readings("10:00", repeat(4000, 30))));
  }

  @Test
  void aShortAlertBringsFiringAndResolved() {
    assertArrayEquals(new int[] {1, 0, 1}, counts(new Episode(at("10:00"), at("10:30"))));
  }

  @Test
  void aLongAlertRepeatsAfterEachCooldown() {
    assertArrayEquals(new int[] {1, 2, 1}, counts(new Episode(at("10:00"), at("15:00"))),
        "repeats at 12:00 and 14:00");
  }

  @Test
  void quietHoursHoldTheRepeatAndTheResolvedUntilSixInTheMorning() {
    assertArrayEquals(new int[] {1, 0, 1}, counts(new Episode(at("22:00"), at("23:30"))),
        "the repeat due at midnight is quiet and the alert has ended by six; the resolved one goes out at six");
  }

  @Test
  void anAlertThatStartsAndEndsInQuietHoursBringsNothing() {
    assertArrayEquals(new int[] {0, 0, 0}, counts(new Episode(at("23:30"), at("23:59"))));
  }

  @Test
  void aFiringInQuietHoursGoesOutWhenTheyEnd() {
    Episode e = new Episode(LocalDateTime.parse("2026-03-11T05:00").atZone(SoakPlan.ZONE).toInstant(),
        LocalDateTime.parse("2026-03-11T07:00").atZone(SoakPlan.ZONE).toInstant());
    assertArrayEquals(new int[] {1, 0, 1}, counts(e));
  }

  @Test
  void quietHoursComeAndGoByTheDaemonsWallClockWhereThatWasStepped() {
    Episode lateEvening = new Episode(at("22:10"), at("22:40"));
    WallSteps anHourAhead = new WallSteps(List.of(new WallSteps.Step(at("22:00"), at("22:50"), Duration.ofHours(1))));
    SoakOracle stepped = new SoakOracle(Duration.ZERO, Duration.ofMinutes(1), anHourAhead);
    assertArrayEquals(new int[] {0, 0, 0},
        stepped.expected(List.of(lateEvening), at("20:00").plus(Duration.ofDays(1))).get(0).most(),
        "the daemon read 23:10 to 23:40: quiet hours, and they had not ended when the alert did");
    assertArrayEquals(new int[] {1, 0, 1}, counts(lateEvening));

    Episode morning = new Episode(LocalDateTime.parse("2026-03-11T05:20").atZone(SoakPlan.ZONE).toInstant(),
        LocalDateTime.parse("2026-03-11T05:50").atZone(SoakPlan.ZONE).toInstant());
    WallSteps anHourAheadAtDawn = new WallSteps(List.of(new WallSteps.Step(morning.firedAt(),
        morning.resolvedAt().plus(Duration.ofMinutes(20)), Duration.ofHours(1))));
    assertArrayEquals(new int[] {1, 0, 1}, new SoakOracle(Duration.ZERO, Duration.ofMinutes(1), anHourAheadAtDawn)
        .expected(List.of(morning), morning.resolvedAt().plus(Duration.ofHours(3))).get(0).least(),
        "an hour ahead at 05:20 the daemon is past quiet hours already");
  }

  @Test
  void aNewAlertWithinTheCooldownWaitsForItsEnd() {
    List<Episode> two = List.of(new Episode(at("10:00"), at("10:20")), new Episode(at("11:00"), at("12:30")));
    List<Expected> expected = PROMPT.expected(two, at("20:00"));
    assertArrayEquals(new int[] {1, 0, 1}, expected.get(1).least(),
        "the second alert's first notice waits until 12:00, when the cooldown of the first ends");
  }

  @Test
  void aLateDaemonMayOrMayNotSendWhatFallsNearTheStartOfQuietHours() {
    SoakOracle late = new SoakOracle(Duration.ofMinutes(10), Duration.ofMinutes(1));
    Expected e = late.expected(List.of(new Episode(at("22:55"), at("23:30"))), at("23:59")).get(0);
    assertArrayEquals(new int[] {0, 0, 0}, e.least(), "decided at 23:05, the firing is held and then resolved");
    assertArrayEquals(new int[] {1, 0, 0}, e.most(), "decided at once, it goes out at 22:55; its resolved one"
        + " would wait for six, after the end of the run");
  }

  @Test
  void whatTheRunsEndCutsThroughMayOrMayNotCome() {
    SoakOracle late = new SoakOracle(Duration.ofMinutes(10), Duration.ofMinutes(1));
    Expected e = late.expected(List.of(new Episode(at("10:00"), at("12:05"))), at("12:05")).get(0);
    assertArrayEquals(new int[] {1, 0, 0}, e.least());
    assertArrayEquals(new int[] {1, 1, 1}, e.most());
  }

  @Test
  void anAlertWhoseEdgeFellWhereTheSocketWasCutMayBringNothingOrOneRepeatMore() {
    SoakOracle.Blur cut = new SoakOracle.Blur(at("10:29"), at("10:31"));
    Expected e = PROMPT.expected(List.of(new Episode(at("10:00"), at("10:30"))), at("20:00"), List.of(cut)).get(0);
    assertArrayEquals(new int[] {0, 0, 0}, e.least());
    assertArrayEquals(new int[] {1, 1, 1}, e.most());
    Expected clear = PROMPT.expected(List.of(new Episode(at("10:00"), at("10:30"))), at("20:00"),
        List.of(new SoakOracle.Blur(at("14:00"), at("14:01")))).get(0);
    assertArrayEquals(new int[] {1, 0, 1}, clear.least(), "a cut far from its edges changes nothing");
  }

  @Test
  void aLateDaemonsDelaysAddUpAlongItsRepeats() {
    SoakOracle late = new SoakOracle(Duration.ofMinutes(10), Duration.ofMinutes(1));
    Expected e = late.expected(List.of(new Episode(at("08:00"), at("14:15"))), at("20:00")).get(0);
    assertArrayEquals(new int[] {1, 3, 1}, e.most(), "repeats at 10:00, 12:00 and 14:00 when prompt");
    assertArrayEquals(new int[] {1, 2, 1}, e.least(), "at 10:20 and 12:30 when each comes 10 minutes late:"
        + " the third would be at 14:40, after the end");
  }

  @Test
  void anAlertWhoseClearingReadingFellInACutMayFireOnThroughTheBandToTheFirstReadingBelowTheClearLevel() {
    SoakOracle.Blur cut = new SoakOracle.Blur(at("11:50"), at("16:00"));
    List<SoakOracle.Reading> readings = List.of(new SoakOracle.Reading(at("11:53"), 1_400),
        new SoakOracle.Reading(at("15:58"), 2_750), new SoakOracle.Reading(at("16:30"), 2_800),
        new SoakOracle.Reading(at("22:00"), 800));
    List<Episode> episodes = PROMPT.stretched(List.of(new Episode(at("06:00"), at("11:53")),
        new Episode(at("21:45"), at("22:00"))), readings, List.of(cut));
    assertEquals(at("22:00"), episodes.get(0).resolvedBy(), "the daemon never saw 11:53 and kept the alert at 2,750 W");
    assertEquals(at("22:00"), episodes.get(1).resolvedBy(), "not in a cut: as the readings say");
    List<Expected> e = PROMPT.expected(episodes, at("23:00"), List.of(cut));
    assertEquals(2 + 1 + 5, e.get(0).most()[SoakOracle.Kind.REPEAT.ordinal()],
        "08:00 and 10:00, one more for the cut, and one every cooldown to 22:00");
    assertArrayEquals(new int[] {0, 0, 0}, e.get(1).least(), "it may have been the first one going on");
  }

  @Test
  void anAlertWithinACooldownOfABlurredOneIsBlurredToo() {
    SoakOracle.Blur cut = new SoakOracle.Blur(at("10:29"), at("10:31"));
    List<Expected> e = PROMPT.expected(List.of(new Episode(at("10:00"), at("10:30")),
        new Episode(at("11:00"), at("13:00")), new Episode(at("16:00"), at("16:30"))), at("20:00"), List.of(cut));
    assertArrayEquals(new int[] {0, 0, 0}, e.get(1).least(), "its cooldown may have begun at another time");
    assertArrayEquals(new int[] {1, 0, 1}, e.get(2).least(), "more than a cooldown later, nothing is in doubt");
  }

  @Test
  void whatFellDueWhileTheDaemonWasDownComesWhenItIsBack() {
    SoakOracle.Downtime down = new SoakOracle.Downtime(at("08:45"), at("08:45"), at("10:00"), at("12:10"));
    Expected e = PROMPT.expected(List.of(new Episode(at("06:40"), at("16:01"))), at("20:00"), List.of(),
        List.of(down)).get(0);
    assertArrayEquals(new int[] {1, 4, 1}, e.most(), "08:40, then 10:00 when it is back, 12:00 and 14:00");
    assertArrayEquals(new int[] {1, 3, 1}, e.least(), "08:40, then 12:10 at its first reading, and 14:10");
  }

  /**
   * The soak (two tokens, seed 20261205, at 42d0f90): killed at 07:38 during an alert from 06:41 to
   * 17:11, the daemon had its first reading at 14:50 and, just started, decided the repeat at 15:15;
   * the next fell due at 17:15, after the alert. The oracle wanted a repeat at 14:50 and one at 16:50.
   */
  @Test
  void aDaemonJustStartedMayDecideWhatFellDueWhileItWasDownUpToAnHourAfterItsFirstReading() {
    SoakOracle.Downtime killed = new SoakOracle.Downtime(at("07:38"), at("07:38"), at("08:20"),
        Soak.decidingAgainBy(SoakPlan.FaultKind.SIGKILL, at("14:50")));
    Expected e = PROMPT.expected(List.of(new Episode(at("06:41"), at("17:11"))), at("20:00"), List.of(),
        List.of(killed)).get(0);
    assertEquals(1, e.least()[SoakOracle.Kind.REPEAT.ordinal()], "15:15, and 17:15 is after the alert");
    assertEquals(5, e.most()[SoakOracle.Kind.REPEAT.ordinal()], "08:20, when its process started, then 10:20 to 16:20");
  }

  @Test
  void anAlertFiringWhileTheDaemonIsStillStoppingMayBeNotifiedThenOrNotAtAll() {
    SoakOracle.Downtime sigterm = new SoakOracle.Downtime(at("08:35"), at("08:50"), at("10:00"), at("12:10"));
    Expected e = PROMPT.expected(List.of(new Episode(at("08:40"), at("09:30"))), at("20:00"), List.of(),
        List.of(sigterm)).get(0);
    assertArrayEquals(new int[] {1, 0, 1}, e.most(), "fired before it had stopped; resolved once it is back");
    assertArrayEquals(new int[] {0, 0, 0}, e.least(), "or it stopped at once and the alert was over when it came back");
  }

  @Test
  void aRepeatThatFellDueWhileTheDaemonWasDownMayMissTheMinutesLeftBeforeQuietHours() {
    SoakOracle late = new SoakOracle(Duration.ofMinutes(10), Duration.ofMinutes(1));
    SoakOracle.Downtime down = new SoakOracle.Downtime(at("18:54"), at("18:54"), at("19:17"), at("22:58"));
    Expected e = late.expected(List.of(new Episode(at("18:28"), at("23:30").plus(Duration.ofHours(3)))),
        at("20:00").plus(Duration.ofDays(1)), List.of(), List.of(down)).get(0);
    assertEquals(0, e.least()[SoakOracle.Kind.REPEAT.ordinal()],
        "back at 22:58, two minutes before quiet hours, a daemon deciding up to ten minutes late sends it at 06:00");
    assertEquals(2, e.most()[SoakOracle.Kind.REPEAT.ordinal()], "or at 20:28 and 22:28, if back by 20:28");
  }

  @Test
  void aSilenceHoldsTheFiringUntilItEndsAndDropsTheResolvedThatFallsInIt() {
    SoakOracle.Silence silence = new SoakOracle.Silence(at("09:00"), at("11:00"), at("11:00"));
    assertArrayEquals(new int[] {1, 0, 1}, silenced(new Episode(at("10:00"), at("13:00")), silence),
        "the firing at 11:00, when the silence ends; resolved after it");
    assertArrayEquals(new int[] {0, 0, 0}, silenced(new Episode(at("10:00"), at("10:30")), silence),
        "fired and resolved under the silence: nothing");
    assertArrayEquals(new int[] {1, 0, 0}, silenced(new Episode(at("08:00"), at("10:00")), silence),
        "notified before it; the resolved falls in it and is dropped");
  }

  @Test
  void aRepeatDueUnderASilenceComesWhenItEnds() {
    assertArrayEquals(new int[] {1, 1, 1}, silenced(new Episode(at("08:00"), at("12:00")),
        new SoakOracle.Silence(at("09:30"), at("10:30"), at("10:30"))), "the repeat due at 10:00 goes out at 10:30");
  }

  @Test
  void aSilenceWhoseEndIsKnownOnlyRoughlyAllowsEither() {
    Expected expected = PROMPT.expected(List.of(new Episode(at("08:00"), at("09:55"))), at("20:00"), List.of(),
        List.of(), List.of(new SoakOracle.Silence(at("09:00"), at("09:50"), at("10:00")))).get(0);
    assertArrayEquals(new int[] {1, 0, 0}, expected.least(), "resolved at 09:55, perhaps under the silence");
    assertArrayEquals(new int[] {1, 0, 1}, expected.most(), "or after it ended at 09:50");
  }

  /**
   * The soak (two tokens, seed 20261204, at ee18874): an alert from 22:19:22.7 under a silence that
   * expired at 22:59:3x; the daemon sent its FIRING at 22:59:40, before quiet hours. The oracle,
   * deciding a minute apart from 22:19:22.7, had 22:59:22.7 (muted) and 23:00:22.7 (quiet).
   */
  @Test
  void aFiringHeldByASilenceThatEndsSecondsBeforeQuietHoursMayGoOutInThoseSeconds() {
    SoakOracle late = new SoakOracle(Duration.ofMinutes(10), Duration.ofMinutes(1));
    Episode underTheSilence = new Episode(at("22:19:22.737"), at("23:58:29.789"));
    Expected e = late.expected(List.of(underTheSilence), at("20:00").plus(Duration.ofDays(1)), List.of(), List.of(),
        List.of(new SoakOracle.Silence(at("21:59:31"), at("22:59:31"), at("22:59:31")))).get(0);
    assertEquals(1, e.most()[SoakOracle.Kind.FIRING.ordinal()], "decided at once, as the silence ends at 22:59:31");
    assertEquals(0, e.least()[SoakOracle.Kind.FIRING.ordinal()], "decided ten minutes late, in quiet hours");
  }

  private static int[] silenced(Episode episode, SoakOracle.Silence silence) {
    Expected expected = PROMPT.expected(List.of(episode), at("20:00").plus(Duration.ofDays(1)), List.of(), List.of(),
        List.of(silence)).get(0);
    assertArrayEquals(expected.least(), expected.most());
    return expected.least();
  }

  private static int[] counts(Episode episode) {
    Expected expected = PROMPT.expected(List.of(episode), at("20:00").plus(Duration.ofDays(1))).get(0);
    assertArrayEquals(expected.least(), expected.most());
    return expected.least();
  }
}
