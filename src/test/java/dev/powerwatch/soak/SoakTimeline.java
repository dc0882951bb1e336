package dev.powerwatch.soak;

import java.time.Duration;
import java.time.Instant;

/** A soak's two times: real moments and the simulated ones the run's clock shows at them. */
record SoakTimeline(SoakPlan plan, Instant anchor) {
  Instant simulated(Instant real) {
    return plan.origin().plusNanos(Math.round(Duration.between(anchor, real).toNanos() * plan.speed()));
  }

  Duration real(Duration simulated) {
    return plan.real(simulated);
  }

  /** The first of {@code sorted} at or after {@code moment}. */
  static java.util.Optional<Instant> firstAfter(Instant moment, java.util.List<Instant> sorted) {
    int next = java.util.Collections.binarySearch(sorted, moment);
    next = next < 0 ? -next - 1 : next;
    return next < sorted.size() ? java.util.Optional.of(sorted.get(next)) : java.util.Optional.empty();
  }
}
