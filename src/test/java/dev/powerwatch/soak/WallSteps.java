package dev.powerwatch.soak;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The steps of the daemon's wall clock during a soak, on the run's clock: what the daemon's clock
 * read when, and so when a notice it stamped was made.
 */
record WallSteps(List<Step> steps) {
  static final WallSteps NONE = new WallSteps(List.of());

  /** From {@code from} to {@code to} on the run's clock, the daemon's read {@code offset} off it. */
  record Step(Instant from, Instant to, Duration offset) {
    boolean holds(Instant run) {
      return !run.isBefore(from) && !run.isAfter(to);
    }
  }

  WallSteps {
    steps = List.copyOf(steps);
  }

  /** What the daemon's clock read at {@code run} on the run's clock. */
  Instant onDaemon(Instant run) {
    return steps.stream().filter(s -> s.holds(run)).findFirst().map(s -> run.plus(s.offset())).orElse(run);
  }

  /**
   * When, on the run's clock, the daemon made a notice it stamped {@code stamped}: as stamped, or
   * before a step's offset where that falls in the step, whichever is nearer {@code near} (when the
   * notice landed in the outbox, or arrived).
   */
  Instant madeAt(Instant stamped, Instant near) {
    Instant made = stamped;
    for (Step step : steps) {
      Instant unstepped = stamped.minus(step.offset());
      if (step.holds(unstepped) && distance(unstepped, near).compareTo(distance(made, near)) < 0) {
        made = unstepped;
      }
    }
    return made;
  }

  private static Duration distance(Instant a, Instant b) {
    return Duration.between(a, b).abs();
  }
}
