package dev.powerwatch.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CompressedClockTest {
  private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant ANCHOR = Instant.parse("2026-12-03T06:00:00Z");

  private final AtomicLong nanos = new AtomicLong(5_000_000_000L);

  @Test
  void readsTheOriginAtTheAnchorAndRunsSpeedTimesFaster() {
    CompressedClock clock = new CompressedClock(ORIGIN, 3600, nanos::get, ANCHOR, ANCHOR);
    assertEquals(ORIGIN, clock.instant());
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertEquals(ORIGIN.plus(Duration.ofHours(1)), clock.instant());
  }

  @Test
  void aProcessStartedLaterJoinsTheSameTimeline() {
    Instant tenSecondsLate = ANCHOR.plusSeconds(10);
    CompressedClock clock = new CompressedClock(ORIGIN, 4320, nanos::get, tenSecondsLate, ANCHOR);
    assertEquals(ORIGIN.plus(Duration.ofHours(12)), clock.instant());
  }

  @Test
  void aProcessAnchoredOnTheMonotonicClockKeepsTheTimelineWhateverTheWallClockReads() {
    CompressedClock first = new CompressedClock(ORIGIN, 4320, nanos::get, ANCHOR, ANCHOR);
    long anchorNanos = nanos.get();
    nanos.addAndGet(Duration.ofSeconds(10).toNanos());
    CompressedClock steppedWall = new CompressedClock(ORIGIN, 4320, nanos::get, ANCHOR.plusSeconds(13), ANCHOR);
    CompressedClock monotonic = new CompressedClock(ORIGIN, 4320, nanos::get, anchorNanos);
    assertEquals(first.instant(), monotonic.instant());
    assertEquals(first.instant().plus(Duration.ofHours(3).plusMinutes(36)), steppedWall.instant(),
        "three seconds of wall-clock step are 3.6 hours at 4320 times: the drift monotonic anchors avoid");
  }

  @Test
  void aClockFollowingTheWallClockStepsWithItWhileItsSteadyTimeDoesNot() {
    AtomicReference<Instant> wall = new AtomicReference<>(ANCHOR);
    CompressedClock clock = new CompressedClock(ORIGIN, 3600, nanos::get, nanos.get(), wall::get, ANCHOR);
    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    wall.set(ANCHOR.plusSeconds(2));
    assertEquals(ORIGIN.plus(Duration.ofHours(2)), clock.instant());
    long steadyBefore = clock.nanos();

    wall.set(ANCHOR.plusSeconds(3));
    assertEquals(ORIGIN.plus(Duration.ofHours(3)), clock.instant(), "a second's step is an hour at 3600 times");
    assertEquals(steadyBefore, clock.nanos(), "no cooldown or watchdog moves with the step");
    nanos.addAndGet(Duration.ofMillis(500).toNanos());
    assertEquals(steadyBefore + Duration.ofMinutes(30).toNanos(), clock.nanos());
    assertEquals(clock, SteadyTime.of(clock), "the daemon takes the clock's own steady time");
  }

  @Test
  void aSpeedBelowRealTimeIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new CompressedClock(ORIGIN, 0.5, nanos::get, ANCHOR, ANCHOR));
  }
}
