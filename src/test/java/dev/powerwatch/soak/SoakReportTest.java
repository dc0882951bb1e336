package dev.powerwatch.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.powerwatch.soak.SoakOracle.Episode;
import dev.powerwatch.soak.SoakOracle.Expected;
import dev.powerwatch.soak.SoakOracle.Kind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The soak's judge, by hand: which notices it ties to an alert, what counts as a repeat, what as growth. */
class SoakReportTest {
  private static final Instant REAL = Instant.parse("2026-12-03T12:00:00Z");
  private static final Duration LAG = Duration.ofMinutes(1);
  private static final Episode NOON = new Episode(at("12:00"), at("13:00"));

  private static Instant at(String local) {
    return LocalDateTime.parse("2026-03-10T" + local).atZone(SoakPlan.ZONE).toInstant();
  }

  private static SoakReport report() {
    return new SoakReport(new SoakPlan(1, 1, Duration.ofDays(1), 4320, at("00:00")), 0);
  }

  private static Expected firingAndResolved(Episode episode, boolean blurred) {
    return new Expected(episode, new int[] {1, 0, 1}, new int[] {1, 0, 1}, blurred);
  }

  private static PushReceiver.Notice notice(String id, Kind kind, Instant at, Instant realArrival) {
    return new PushReceiver.Notice(id, "home-1", SoakPlan.THRESHOLD_RULE, kind, at, at.plusSeconds(5), realArrival, null);
  }

  private static List<String> judged(Expected expected, List<PushReceiver.Notice> received, List<Instant> restarts) {
    SoakReport report = report();
    report.judgeHome("home-1-with-a-long-id", 100, List.of(expected), received, LAG, restarts, List.of());
    return report.failures();
  }

  @Test
  void aBlurredAlertsFiringMayComeUpToForEarlyAnAlertSeenWholeMayNot() {
    List<PushReceiver.Notice> early = List.of(notice("a", Kind.FIRING, at("11:56"), REAL),
        notice("b", Kind.RESOLVED, at("13:00"), REAL.plusSeconds(1)));

    assertEquals(List.of(), judged(firingAndResolved(NOON, true), early, List.of()),
        "a daemon killed as the alert cleared takes the next high reading for the same alert");
    List<String> failures = judged(firingAndResolved(NOON, false), early, List.of());
    assertTrue(failures.contains("home-1-with-a-long-id: FIRING at 2026-03-10T11:56 belongs to no alert the readings made"),
        failures.toString());
  }

  /**
   * The soak (two tokens, seed 20261204, at a4e6af3): an MQTT mute made at 06:01:51; the home,
   * which hears of it a little later (0.3 ms, 1.3 simulated seconds), made a FIRING at 06:01:52.3.
   * Before the daemon had answered for the silence, a notice may still be made; after, none.
   */
  @Test
  void aNoticeMadeBeforeTheDaemonAnsweredForASilenceIsNotUnderIt() {
    SoakOracle.Silence mute = new SoakOracle.Silence(at("12:30:00"), at("12:30:05"), at("13:30"), at("13:30"));
    List<PushReceiver.Notice> firing = List.of(notice("a", Kind.FIRING, at("12:30:02"), REAL));
    Expected heldOrNot = new Expected(NOON, new int[] {0, 0, 0}, new int[] {1, 0, 0}, false);

    SoakReport report = report();
    report.judgeHome("home-1-with-a-long-id", 100, List.of(heldOrNot), firing, LAG, List.of(), List.of(mute));
    assertEquals(List.of(), report.failures());
    SoakReport later = report();
    later.judgeHome("home-1-with-a-long-id", 100, List.of(heldOrNot),
        List.of(notice("a", Kind.FIRING, at("12:30:06"), REAL)), LAG, List.of(), List.of(mute));
    assertEquals(List.of("home-1-with-a-long-id: FIRING of " + SoakPlan.THRESHOLD_RULE + " made at "
        + "2026-03-10T12:30:06, under a silence from 2026-03-10T12:30 to 2026-03-10T13:30"), later.failures());
  }

  @Test
  void aNoticeMayArriveOnceMoreFromEachDaemonStartedAfterItsLastArrivalNeverMore() {
    PushReceiver.Notice firing = notice("a", Kind.FIRING, at("12:00"), REAL);
    PushReceiver.Notice again = notice("a", Kind.FIRING, at("12:00"), REAL.plusSeconds(4));
    PushReceiver.Notice resolved = notice("b", Kind.RESOLVED, at("13:00"), REAL.plusSeconds(9));
    List<Instant> restart = List.of(REAL.plusSeconds(2));

    assertEquals(List.of(), judged(firingAndResolved(NOON, false), List.of(firing, again, resolved), restart));
    assertEquals(List.of("home-1-with-a-long-id: notice a (FIRING made at " + at("12:00") + ") arrived again without"
        + " a restart since it last arrived"), judged(firingAndResolved(NOON, false), List.of(firing, again, resolved),
        List.of()));
    PushReceiver.Notice third = notice("a", Kind.FIRING, at("12:00"), REAL.plusSeconds(6));
    assertEquals(List.of("home-1-with-a-long-id: notice a (FIRING made at " + at("12:00") + ") arrived again without"
        + " a restart since it last arrived"), judged(firingAndResolved(NOON, false),
        List.of(firing, again, third, resolved), restart));
    List<Instant> twoRestarts = List.of(REAL.plusSeconds(2), REAL.plusSeconds(5));
    assertEquals(List.of(), judged(firingAndResolved(NOON, false), List.of(firing, again, third, resolved),
        twoRestarts), "killed twice before its acceptance was written");
  }

  /**
   * The soak (two tokens, seed 20261205, at 3fe75fb): a daemon's wall clock set back an hour was set
   * right a few milliseconds (some 12 simulated seconds) before the harness wrote down the step's end;
   * a FIRING the daemon stamped 06:25:10 then was judged made at 05:25:10 on its clock, in quiet
   * hours. Quiet hours are judged on the daemon's own stamp.
   */
  @Test
  void aNoticeIsInQuietHoursByTheDaemonsOwnClockNotByWhenTheHarnessSaysAStepEnded() {
    Episode morning = new Episode(at("06:20"), at("07:00"));
    WallSteps setBack = new WallSteps(List.of(new WallSteps.Step(at("03:39"), at("06:25:22"), Duration.ofHours(-1))));
    PushReceiver.Notice setRight = notice("a", Kind.FIRING, at("06:25:10"), REAL);
    PushReceiver.Notice stillBack = new PushReceiver.Notice("a", "home-1", SoakPlan.THRESHOLD_RULE, Kind.FIRING,
        at("06:25:10"), at("06:25:15"), REAL, null, false, at("05:25:10"));
    PushReceiver.Notice resolved = notice("b", Kind.RESOLVED, at("07:00"), REAL.plusSeconds(1));

    for (PushReceiver.Notice firing : List.of(setRight, stillBack)) {
      SoakReport report = report();
      report.wallSteps(setBack);
      report.judgeHome("home-1-with-a-long-id", 100, List.of(firingAndResolved(morning, false)),
          List.of(firing, resolved), LAG, List.of(), List.of());
      assertEquals(firing == setRight ? List.of() : List.of("home-1-with-a-long-id: FIRING made at 2026-03-10T06:25:10"
          + " (2026-03-10T05:25:10 on the daemon's clock), in quiet hours"), report.failures());
    }
  }

  /**
   * The soak (two tokens, seed 20261205, at 68bb20d): a FIRING made during refused connections, then
   * 500s, two kills and 429s, was dropped by the daemon as its `give-up-after` says, a day after it
   * was made. Given up on so late, it counts as sent; dropped sooner, it is missing.
   */
  @Test
  void aNoticeTheServiceStillFailedADayAfterItWasMadeMayBeGivenUpOnOneFailedSoonerIsMissing() {
    PushReceiver.Notice firing = new PushReceiver.Notice("a", "home-1", SoakPlan.THRESHOLD_RULE, Kind.FIRING,
        at("12:00"), null, null, null);
    PushReceiver.Notice resolved = notice("b", Kind.RESOLVED, at("13:00"), REAL);
    Instant aDayLater = at("12:00").plus(SoakPlan.GIVE_UP_AFTER);

    List<PushReceiver.Notice> givenUp = SoakReport.givenUpOn(
        List.of(new PushReceiver.Refusal(firing, aDayLater)), Set.of("b")).toList();
    assertEquals(List.of(firing.givenUpOn()), givenUp);
    assertEquals(List.of(), judged(firingAndResolved(NOON, false), List.of(givenUp.get(0), resolved), List.of()));
    assertEquals(List.of(), SoakReport.givenUpOn(List.of(new PushReceiver.Refusal(firing, aDayLater)),
        Set.of("a", "b")).toList(), "accepted in the end");
    assertEquals(List.of(), SoakReport.givenUpOn(List.of(new PushReceiver.Refusal(firing, aDayLater.minus(
        SoakPlan.WALL_STEP).minusSeconds(1))), Set.of("b")).toList(), "failed last before it was a day old");
    assertEquals(List.of("home-1-with-a-long-id: alert from 2026-03-10T12:00 to 2026-03-10T13:00 brought 0 FIRING"
        + " notice(s), expected 1"), judged(firingAndResolved(NOON, false), List.of(resolved), List.of()));
  }

  @Test
  void aNoticeMadeWhileTheStateDirectoryRefusedWritesUntilAStopMayBeMadeOnceMoreUnderANewId() {
    List<PushReceiver.Notice> resolvedTwice = List.of(notice("a", Kind.FIRING, at("12:00"), REAL),
        notice("b", Kind.RESOLVED, at("13:00"), REAL.plusSeconds(1)),
        notice("c", Kind.RESOLVED, at("13:20"), REAL.plusSeconds(3)));
    SoakOracle.Blur readOnlyThenKilled = new SoakOracle.Blur(at("12:50"), at("13:01"));

    SoakReport report = report();
    report.unrecorded(List.of(readOnlyThenKilled));
    report.judgeHome("home-1-with-a-long-id", 100, List.of(firingAndResolved(NOON, false)), resolvedTwice, LAG,
        List.of(REAL.plusSeconds(2)), List.of());
    assertEquals(List.of(), report.failures());

    assertEquals(List.of("home-1-with-a-long-id: alert from 2026-03-10T12:00 to 2026-03-10T13:00 brought 2 RESOLVED"
        + " notice(s), expected 1"), judged(firingAndResolved(NOON, false), resolvedTwice, List.of(REAL.plusSeconds(2))));
    SoakReport recordedInTime = report();
    recordedInTime.unrecorded(List.of(new SoakOracle.Blur(at("12:50"), at("12:59"))));
    recordedInTime.judgeHome("home-1-with-a-long-id", 100, List.of(firingAndResolved(NOON, false)), resolvedTwice, LAG,
        List.of(REAL.plusSeconds(2)), List.of());
    assertEquals(1, recordedInTime.failures().size(), recordedInTime.failures().toString());
  }

  @Test
  void anHourWarnedOfWhileTheStateDirectoryRefusedWritesUntilAStopMayBeWarnedOfOnceMore() {
    SoakHours.Hour mustAtNoon = new SoakHours.Hour(at("12:00"), SoakHours.Call.MUST, at("12:09"), at("12:11"));
    List<PushReceiver.Notice> twice = List.of(warning("a", at("12:10")), warning("b", at("12:30")));
    SoakReport report = report();
    report.unrecorded(List.of(new SoakOracle.Blur(at("12:05"), at("12:20"))));

    report.judgeHours("home-1-with-a-long-id", List.of(mustAtNoon), twice, List.of(), List.of(), List.of());

    assertEquals(List.of(), report.failures());
    assertEquals(1, judgedHours(List.of(mustAtNoon), twice).size(), "without the stretch, twice is once too often");
  }

  @Test
  void anHourIsWarnedOfOnceAndInTimeOrNotAtAllWhenItStayedClearOfItsLimit() {
    SoakHours.Hour mustAtNoon = new SoakHours.Hour(at("12:00"), SoakHours.Call.MUST, at("12:09"), at("12:11"));
    SoakHours.Hour clearAtOne = new SoakHours.Hour(at("13:00"), SoakHours.Call.NONE, null, null);
    List<SoakHours.Hour> hours = List.of(mustAtNoon, clearAtOne);

    assertEquals(List.of(), judgedHours(hours, List.of(warning("a", at("12:10")))));
    assertEquals(List.of("home-1-with-a-long-id: the hour from 2026-03-10T12:00 (MUST) was warned of at "
        + "2026-03-10T12:40, later than due (2026-03-10T12:11)"), judgedHours(hours, List.of(warning("a", at("12:40")))));
    assertEquals(List.of("home-1-with-a-long-id: the hour from 2026-03-10T12:00 (MUST) brought 2 warnings, made at "
        + "[2026-03-10T12:10, 2026-03-10T12:30]"),
        judgedHours(hours, List.of(warning("a", at("12:10")), warning("b", at("12:30")))));
    assertEquals(List.of("home-1-with-a-long-id: the hour from 2026-03-10T12:00 (MUST) brought no warning, due by "
        + "2026-03-10T12:11", "home-1-with-a-long-id: the hour from 2026-03-10T13:00 (NONE) was warned of at "
        + "2026-03-10T13:10, before it came near its limit (it never did)"),
        judgedHours(hours, List.of(warning("a", at("13:10")))));
    assertEquals(List.of("home-1-with-a-long-id: the hour from 2026-03-10T12:00 (MUST) brought 2 warnings, made at "
        + "[2026-03-10T12:10, 2026-03-10T13:03]"),
        judgedHours(hours, List.of(warning("a", at("12:10")), warning("b", at("13:03")))),
        "a warning made in an hour's first minutes, before not-before, is of the hour before");
    assertEquals(List.of("home-1-with-a-long-id: the hour from 2026-03-10T12:00 (MUST) brought 2 warnings, made at "
        + "[2026-03-10T12:10, 2026-03-10T13:08]"),
        judgedHours(hours, List.of(warning("a", at("12:10")), warning("b", at("13:08")))),
        "also one made late, as a daemon that has just started decides, up to a minute before not-before");
  }

  /**
   * The soak (two tokens, seed 20261204, at a4e6af3): back from a kill, a home's first notice, made
   * at 14:40:42, took its journal until 14:53:38 (180 ms, the write path cold), and the home's
   * readings waited meanwhile; the hour due by 14:50:36 was warned of at 14:53:51.
   */
  @Test
  void anHourIsDueAsMuchLaterAsItsHomesReadingsWaitedForTheJournal() {
    SoakHours.Hour must = new SoakHours.Hour(at("14:00"), SoakHours.Call.MUST, at("14:40:36"), at("14:50:36"));
    List<PushReceiver.Notice> late = List.of(warning("a", at("14:53:51")));
    SoakOracle.Blur journalWait = new SoakOracle.Blur(at("14:40:42"), at("14:53:38"));

    SoakReport report = report();
    report.judgeHours("home-1-with-a-long-id", List.of(must), late, List.of(), List.of(), List.of(journalWait));
    assertEquals(List.of(), report.failures());
    SoakReport waitedBefore = report();
    waitedBefore.judgeHours("home-1-with-a-long-id", List.of(must), late, List.of(), List.of(),
        List.of(new SoakOracle.Blur(at("13:40:42"), at("13:53:38"))));
    assertEquals(List.of("home-1-with-a-long-id: the hour from 2026-03-10T14:00 (MUST) was warned of at "
        + "2026-03-10T14:53:51, later than due (2026-03-10T14:50:36)"), waitedBefore.failures(),
        "a wait before the hour began moves nothing");
  }

  @Test
  void aWarningIsOfTheHourOfTheReadingThatSetItOffHoweverLateItWasMade() {
    assertEquals(at("12:00"), SoakReport.hourWarnedOf(warning("a", at("13:12"), "12:58")), "decided late");
    assertEquals(at("13:00"), SoakReport.hourWarnedOf(warning("a", at("13:12"), "13:10")));
    assertEquals(at("12:00"), SoakReport.hourWarnedOf(warning("a", at("13:05"))),
        "without it, one made in an hour's first minutes is of the hour before");
  }

  private static PushReceiver.Notice warning(String id, Instant at) {
    return new PushReceiver.Notice(id, "home-1", SoakPlan.HOUR_RULE, Kind.FIRING, at, at.plusSeconds(5), REAL, null);
  }

  /** A warning that tells the local time of the reading that set it off. */
  private static PushReceiver.Notice warning(String id, Instant at, String since) {
    return new PushReceiver.Notice(id, "home-1", SoakPlan.HOUR_RULE, Kind.FIRING, at, at.plusSeconds(5), REAL, since);
  }

  private static List<String> judgedHours(List<SoakHours.Hour> hours, List<PushReceiver.Notice> received) {
    SoakReport report = report();
    report.judgeHours("home-1-with-a-long-id", hours, received, List.of(), List.of(), List.of());
    return report.failures();
  }

  @Test
  void anOldGenerationThatKeepsGrowingFailsTheRunAFlatOneDoesNot() {
    SoakReport flat = report();
    flat.judgeWatch(samples(10_000_000, 0));
    assertEquals(List.of(), flat.failures());

    SoakReport leaking = report();
    leaking.judgeWatch(samples(2_000_000, 400_000));
    assertEquals(List.of("the old generation after a collection kept growing: median 16,406 kB in the second quarter"
        + " of the run, 35,937 kB in the last"), leaking.failures());
  }

  /** 100 looks at a healthy daemon, the old generation after GC growing by {@code growth} bytes a look. */
  private static List<SoakWatch.Sample> samples(long oldBytes, long growth) {
    List<SoakWatch.Sample> samples = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      samples.add(new SoakWatch.Sample(REAL.plusSeconds(i), 200, 200, 200_000, 40_000_000, oldBytes + growth * i));
    }
    return samples;
  }
}
