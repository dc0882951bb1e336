package dev.powerwatch;

import dev.powerwatch.support.UtcClock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock for fault tests: system time, or a hand-set time; its next {@code millis()} or next
 * {@code instant()} can be told to throw, as an unexpected bug inside an actor would.
 */
public final class FaultyClock extends UtcClock {
  private final AtomicReference<Instant> fixed = new AtomicReference<>();
  private final AtomicBoolean failNextMillis = new AtomicBoolean();
  private final AtomicBoolean failNextInstant = new AtomicBoolean();

  public static FaultyClock system() {
    return new FaultyClock();
  }

  public static FaultyClock at(Instant start) {
    FaultyClock clock = new FaultyClock();
    clock.set(start);
    return clock;
  }

  public void set(Instant now) {
    fixed.set(now);
  }

  public void failNextMillis() {
    failNextMillis.set(true);
  }

  public void failNextInstant() {
    failNextInstant.set(true);
  }

  private Instant now() {
    Instant set = fixed.get();
    return set != null ? set : Instant.ofEpochMilli(System.currentTimeMillis());
  }

  @Override
  public long millis() {
    if (failNextMillis.getAndSet(false)) {
      throw new IllegalStateException("injected failure (millis)");
    }
    return now().toEpochMilli();
  }

  @Override
  public Instant instant() {
    if (failNextInstant.getAndSet(false)) {
      throw new IllegalStateException("injected failure (instant)");
    }
    return now();
  }
}
