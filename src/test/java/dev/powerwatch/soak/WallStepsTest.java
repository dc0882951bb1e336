package dev.powerwatch.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a stepped daemon's clock read, and when its stamped notices were made, on the run's clock. */
class WallStepsTest {
  private static final Instant NOON = Instant.parse("2026-03-10T12:00:00Z");
  private static final WallSteps AHEAD_THEN_BEHIND = new WallSteps(List.of(
      new WallSteps.Step(NOON, NOON.plus(Duration.ofMinutes(90)), Duration.ofHours(1)),
      new WallSteps.Step(NOON.plus(Duration.ofHours(5)), NOON.plus(Duration.ofHours(7)), Duration.ofHours(-1))));

  @Test
  void theDaemonReadsTheStepOnlyWhileItHolds() {
    assertEquals(NOON.minusSeconds(1), AHEAD_THEN_BEHIND.onDaemon(NOON.minusSeconds(1)));
    assertEquals(NOON.plus(Duration.ofMinutes(70)), AHEAD_THEN_BEHIND.onDaemon(NOON.plus(Duration.ofMinutes(10))));
    assertEquals(NOON.plus(Duration.ofHours(5)), AHEAD_THEN_BEHIND.onDaemon(NOON.plus(Duration.ofHours(6))));
    assertEquals(NOON.plus(Duration.ofHours(8)), AHEAD_THEN_BEHIND.onDaemon(NOON.plus(Duration.ofHours(8))));
  }

  @Test
  void aNoticeStampedOnAStepIsMadeWhereItsLandingInTheOutboxSays() {
    Instant madeInTheStep = NOON.plus(Duration.ofMinutes(40));
    Instant stamped = AHEAD_THEN_BEHIND.onDaemon(madeInTheStep);
    assertEquals(madeInTheStep, AHEAD_THEN_BEHIND.madeAt(stamped, madeInTheStep.plusSeconds(40)));

    Instant madeAfterTheStep = NOON.plus(Duration.ofMinutes(100));
    assertEquals(madeAfterTheStep, AHEAD_THEN_BEHIND.madeAt(madeAfterTheStep, madeAfterTheStep.plusSeconds(40)),
        "its stamp also fits a notice made in the step at 12:40, which it was not");

    Instant madeBehind = NOON.plus(Duration.ofHours(6));
    assertEquals(madeBehind, AHEAD_THEN_BEHIND.madeAt(madeBehind.minus(Duration.ofHours(1)), madeBehind));
    Instant madeBeforeAndHeld = NOON.plus(Duration.ofMinutes(4 * 60 + 50));
    assertEquals(madeBeforeAndHeld, AHEAD_THEN_BEHIND.madeAt(madeBeforeAndHeld, madeBeforeAndHeld.plusSeconds(30)),
        "made before the step, it landed before it too, whenever it arrived");
  }
}
