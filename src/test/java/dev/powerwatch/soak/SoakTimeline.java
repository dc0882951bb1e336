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
}
