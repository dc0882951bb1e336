package dev.powerwatch.soak;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The harness's waits for the daemon or the simulator: a check tried every 10 ms until it holds or time is up. */
final class SoakWait {
  interface Check<T> {
    T get() throws IOException, InterruptedException;
  }

  private SoakWait() {}

  static void untilTrue(String what, Duration within, Check<Boolean> check) throws IOException, InterruptedException {
    forValue(what, within, () -> check.get() ? Optional.of(true) : Optional.empty());
  }

  /** The check's first value; an IOException naming {@code what} when none came {@code within}. */
  static <T> T forValue(String what, Duration within, Check<Optional<T>> check)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      Optional<T> value = check.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("waited " + within.toMillis() + " ms in vain for " + what);
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }
}
