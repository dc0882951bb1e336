package dev.powerwatch.soak;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * When the daemon made each notice, in real time, whatever its own clock read then; and a wait
 * for the next one, to kill the daemon right after it. Subclasses watch where the daemon keeps them.
 */
abstract class NoticesMade implements Runnable {
  private final Map<String, Instant> made = new HashMap<>();
  private int seen;

  final synchronized Optional<Instant> madeAt(String id) {
    return Optional.ofNullable(made.get(id));
  }

  /** The moment a notice made after this call was seen, or empty when none came {@code within}. */
  final synchronized Optional<Instant> awaitNext(Duration within) throws InterruptedException {
    int before = seen;
    long deadline = System.nanoTime() + within.toNanos();
    while (seen == before) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        return Optional.empty();
      }
      wait(left);
    }
    return Optional.of(made.values().stream().max(Instant::compareTo).orElseThrow());
  }

  /** A notice seen at {@code at}; only its first sighting counts. */
  protected final synchronized void made(String id, Instant at) {
    if (made.putIfAbsent(id, at) == null) {
      seen++;
      notifyAll();
    }
  }
}
