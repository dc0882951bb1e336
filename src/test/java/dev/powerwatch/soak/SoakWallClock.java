package dev.powerwatch.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's wall clock under {@code faketime} (Debian's libfaketime, preloaded into the daemon
 * alone): stepped forward or back as a bad time sync would, and set right again. The offset lives
 * in a file the library reads at every look at the clock, so a step reaches the running daemon at
 * once, and a daemon started during one reads the stepped clock. The monotonic clock is left alone.
 */
final class SoakWallClock {
  private static final Path LIBRARIES = Path.of("/usr/lib");
  /** The thread-safe build: the other, read from many threads, now and then gives the clock unstepped. */
  private static final String LIBRARY = "faketime/libfaketimeMT.so.1";

  /** How far the machine's wall clock may move from the run's before the offset follows it. */
  private static final long DRIFT_TOLERANCE_NANOS = 1_000_000;

  private final Optional<Path> library;
  private final Path offsetFile;
  private final double speed;
  private Duration stepped = Duration.ZERO;
  private long writtenDriftNanos;

  SoakWallClock(Path offsetFile, double speed) throws IOException {
    this.library = library();
    this.offsetFile = offsetFile;
    this.speed = speed;
    step(Duration.ZERO);
  }

  /** Why the daemon's wall clock cannot be stepped (no libfaketime); empty when it can. */
  Optional<String> unavailable() {
    return library.isPresent() ? Optional.empty()
        : Optional.of("no " + LIBRARY + " under " + LIBRARIES + " (Debian's faketime package)");
  }

  /** What the daemon's environment needs for its wall clock to follow the steps. */
  void prepare(Map<String, String> environment) {
    library.ifPresent(lib -> {
      environment.put("LD_PRELOAD", lib.toString());
      environment.put("FAKETIME_TIMESTAMP_FILE", offsetFile.toString());
      environment.put("FAKETIME_NO_CACHE", "1");
      environment.put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
      // Its fix for waits on the monotonic clock makes them return at once: the JVM then spins on both cores.
      environment.put("FAKETIME_FORCE_MONOTONIC_FIX", "0");
    });
  }

  /** Sets the daemon's wall clock {@code simulated} off the run's (a step of that much on the run's clock). */
  synchronized void step(Duration simulated) throws IOException {
    stepped = simulated;
    write(drift());
  }

  /**
   * Keeps the daemon's wall clock on the run's timeline, but for the steps, while the machine's own
   * wall clock moves against the monotonic one (this machine's moved 1.5 s within a run, which the
   * daemon's rehearsal clock, following its wall clock, took for 1.8 simulated hours): the offset
   * takes the move back out, looked at every 20 ms until interrupted.
   */
  void followTheMachinesClock() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        synchronized (this) {
          long drift = drift();
          if (Math.abs(drift - writtenDriftNanos) > DRIFT_TOLERANCE_NANOS) {
            write(drift);
          }
        }
        TimeUnit.MILLISECONDS.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + offsetFile, e);
    }
  }

  /** How far the machine's wall clock reads ahead of the run's real time. */
  private static long drift() {
    return Duration.between(RealTime.now(), java.time.Instant.now()).toNanos();
  }

  private void write(long driftNanos) throws IOException {
    double realSeconds = (stepped.toNanos() / speed - driftNanos) / 1e9;
    Path next = offsetFile.resolveSibling(offsetFile.getFileName() + ".next");
    Files.writeString(next, String.format(Locale.ROOT, "%+.6f%n", realSeconds), StandardCharsets.US_ASCII);
    Files.move(next, offsetFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    writtenDriftNanos = driftNanos;
  }

  private static Optional<Path> library() throws IOException {
    Path flat = LIBRARIES.resolve(LIBRARY);
    if (Files.isRegularFile(flat)) {
      return Optional.of(flat);
    }
    try (DirectoryStream<Path> arches = Files.newDirectoryStream(LIBRARIES)) {
      for (Path arch : arches) {
        if (Files.isRegularFile(arch.resolve(LIBRARY))) {
          return Optional.of(arch.resolve(LIBRARY));
        }
      }
    }
    return Optional.empty();
  }
}
