package dev.powerwatch;

import dev.powerwatch.support.SteadyTime;
import dev.powerwatch.support.UtcClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock for fault tests: system time, or a hand-set time; its next {@code millis()} or next
 * {@code instant()} can be told to throw, as an unexpected bug inside an actor would. Its steady
 * time follows what it reads, except a {@link #step}, which moves the wall clock alone (a bad time
 * sync).
 */
public final class FaultyClock extends UtcClock implements SteadyTime {
  private final AtomicReference<Instant> fixed = new AtomicReference<>();
  private final AtomicReference<Duration> stepped = new AtomicReference<>(Duration.ZERO);
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

  /** Time passes: the wall clock and steady time move on together, to {@code now} on the wall clock. */
  public void set(Instant now) {
    fixed.set(now);
  }

  /** The wall clock steps by {@code by} while steady time stays where it is. */
  public void step(Duration by) {
    if (fixed.get() == null) {
      throw new IllegalStateException("only a hand-set clock (FaultyClock.at) steps");
    }
    stepped.updateAndGet(total -> total.plus(by));
    fixed.updateAndGet(now -> now.plus(by));
  }

  @Override
  public long nanos() {
    return SteadyTime.nanosOf(now().minus(stepped.get()));
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
