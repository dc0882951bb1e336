package dev.powerwatch.simulator;

import dev.powerwatch.support.UtcClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when told to. Shared by the simulator and the daemon in tests and
 * rehearsals, it lets minutes of alert time pass in milliseconds.
 */
public final class SimulatedClock extends UtcClock {
  private final AtomicReference<Instant> now;

  public SimulatedClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  public void advance(Duration step) {
    now.updateAndGet(t -> t.plus(step));
  }

  @Override
  public Instant instant() {
    return now.get();
  }
}
